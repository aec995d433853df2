/**
 * The control bar at the bottom of the recorded page: the recorded time, Pause/Resume, Stop and
 * Discard (asks first), Hide/Show camera, and what went wrong with the camera. It sends the same
 * messages as the popup. It is part of the page, so a tab recording shows it (small, at the
 * bottom); that is the price of reaching the controls without the popup.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { message, type CameraState } from '../shared/messages';
import { onBroadcast, sendMessage } from '../shared/messaging';
import type { RecorderError } from '../shared/recorder-status';
import type { HostLink } from './frame-port';
import { useOverlayStatus } from './useOverlayStatus';

type Command = 'pause-recording' | 'resume-recording' | 'stop-recording' | 'cancel-recording';

function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** "Discard?" with the safe choice focused; Escape keeps the recording. */
function ConfirmDiscard({ onDiscard, onKeep }: { onDiscard: () => void; onKeep: () => void }): JSX.Element {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <span class="bar-confirm" role="group" aria-label="Discard this recording?" onKeyDown={(e) => e.key === 'Escape' && onKeep()}>
      <span>Discard?</span>
      <button type="button" class="bar-btn danger" onClick={onDiscard}>
        Discard
      </button>
      <button type="button" class="bar-btn" ref={keep} onClick={onKeep}>
        Keep
      </button>
    </span>
  );
}

export function ControlBar({ host, camera: withCamera }: { host: HostLink; camera: boolean }): JSX.Element {
  const { status, receivedAt, ended } = useOverlayStatus(true);
  const [now, setNow] = useState(Date.now());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<RecorderError | null>(null);
  const [camera, setCamera] = useState<CameraState | null>(null);
  const [bubbleVisible, setBubbleVisible] = useState(true);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    host.onMessage((msg) => {
      if (msg.type === 'bubble') setBubbleVisible(msg.visible);
    });
    if (!withCamera) return () => clearInterval(timer);
    sendMessage(message('camera', 'get-camera', {})).then(setCamera, () => undefined);
    const unsubscribe = onBroadcast('overlay', 'camera-changed', ({ data }) => setCamera(data.camera));
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, []);

  useEffect(() => {
    if (ended) host.send({ type: 'close' });
  }, [ended]);

  // The host sizes the frame to the bar (it grows with a message).
  useLayoutEffect(() => {
    if (root.current) host.send({ type: 'bar-height', height: root.current.getBoundingClientRect().height + 4 });
  });

  async function send(type: Command): Promise<void> {
    setConfirming(false);
    setError(null);
    try {
      const result = await sendMessage(message('offscreen', type, {}));
      if (!result.ok) setError(result.error);
    } catch (err) {
      setError({ code: 'unknown', message: err instanceof Error ? err.message : String(err), hint: '' });
    }
  }

  const state = status?.state;
  const recording = state === 'recording' || state === 'paused';
  const elapsed =
    status?.state === 'recording' ? status.elapsedMs + (now - receivedAt) : status?.state === 'paused' ? status.elapsedMs : 0;
  const cameraFailed = camera?.state === 'failed' ? camera.error : null;

  return (
    <div class="bar" ref={root} role="toolbar" aria-label="Reelay recording controls">
      <div class="bar-row">
        <span class={`bar-dot${state === 'recording' ? ' live' : ''}`} aria-hidden="true" />
        <span class="bar-time" role="timer" aria-label={`Recorded ${clock(elapsed)}`}>
          {status?.state === 'countdown' ? `Starts in ${status.secondsLeft}` : recording ? clock(elapsed) : state === 'finishing' ? 'Stopping…' : 'Getting ready…'}
        </span>
        {confirming ? (
          <ConfirmDiscard onDiscard={() => void send('cancel-recording')} onKeep={() => setConfirming(false)} />
        ) : (
          <>
            {state === 'paused' ? (
              <button type="button" class="bar-btn" onClick={() => void send('resume-recording')}>
                Resume
              </button>
            ) : (
              <button type="button" class="bar-btn" disabled={state !== 'recording'} onClick={() => void send('pause-recording')}>
                Pause
              </button>
            )}
            <button type="button" class="bar-btn primary" disabled={!recording && state !== 'countdown'} onClick={() => void send('stop-recording')}>
              Stop
            </button>
            <button type="button" class="bar-btn" disabled={!recording && state !== 'countdown'} onClick={() => setConfirming(true)}>
              Discard
            </button>
            {withCamera && !cameraFailed && (
              <button type="button" class="bar-btn" aria-pressed={!bubbleVisible} onClick={() => host.send({ type: 'bubble-visible', visible: !bubbleVisible })}>
                {bubbleVisible ? 'Hide camera' : 'Show camera'}
              </button>
            )}
          </>
        )}
      </div>
      {cameraFailed && (
        <p class="bar-note" role="alert">
          {cameraFailed.message} {cameraFailed.hint}
        </p>
      )}
      {error && (
        <p class="bar-note" role="alert">
          {error.message} {error.hint}
        </p>
      )}
    </div>
  );
}
