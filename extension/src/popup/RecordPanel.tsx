/**
 * The connected popup: start form, live recording controls, the result (share link or
 * error), and recent recordings. All recording state comes from the recorder.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { RecorderError, RecorderStatus } from '../shared/recorder-status';
import type { CaptureOptions } from '../shared/capture-options';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ActiveRecording } from './ActiveRecording';
import { RecentList } from './RecentList';
import { sendCommand, startRecording, targetTabId, type RecorderCommand } from './recorder-client';
import { ShareResult } from './ShareResult';
import { StartForm } from './StartForm';
import { Shortcuts } from './Shortcuts';
import { rememberDevicePixelRatio } from '../shared/settings';
import { useRecorderStatus, useTicker } from './useRecorderStatus';

export function RecordPanel({ onEditServer, serverUrl }: { onEditServer: () => void; serverUrl: string }): JSX.Element {
  const { status, receivedAt, refresh } = useRecorderStatus();
  const [starting, setStarting] = useState(false);
  const [pending, setPending] = useState<RecorderCommand | null>(null);
  const [error, setError] = useState<RecorderError | null>(null);
  const now = useTicker(status?.state === 'recording');
  // For recordings started by a keyboard shortcut (the service worker has no window to ask).
  useEffect(() => void rememberDevicePixelRatio(window.devicePixelRatio).catch(() => undefined), []);

  async function start(options: CaptureOptions): Promise<void> {
    setStarting(true);
    setError(null);
    try {
      // Every source: the tab also gets the in-page controls (and the camera bubble).
      const tabId = await targetTabId();
      const result = await startRecording({
        options,
        ...(tabId !== undefined ? { tabId, devicePixelRatio: window.devicePixelRatio } : {}),
      });
      if (!result.ok) setError(result.error);
    } catch (err) {
      setError({ code: 'unknown', message: `Could not start: ${err instanceof Error ? err.message : String(err)}`, hint: 'Try again.' });
    } finally {
      setStarting(false);
      refresh();
    }
  }

  async function command(type: RecorderCommand): Promise<void> {
    setPending(type);
    setError(null);
    try {
      const result = await sendCommand(type);
      if (!result.ok) setError(result.error);
    } catch (err) {
      setError({ code: 'unknown', message: err instanceof Error ? err.message : String(err), hint: '' });
    } finally {
      setPending(null);
      refresh();
    }
  }

  const settingsAction = (e: RecorderError | null) =>
    e?.code === 'unauthorized' ? (
      <button type="button" class="btn btn-link" style="align-self:flex-start;padding-left:0" onClick={onEditServer}>
        Open server settings
      </button>
    ) : null;

  if (status === null) return <p class="muted">Loading…</p>;

  let main: JSX.Element;
  switch (status.state) {
    case 'preparing':
    case 'countdown':
    case 'recording':
    case 'paused':
    case 'finishing':
      main = (
        <ActiveRecording
          status={status}
          receivedAt={receivedAt}
          now={now}
          pending={pending}
          onCommand={(c) => void command(c)}
        />
      );
      break;
    default:
      main = (
        <>
          {status.state === 'done' && <ShareResult shareUrl={status.shareUrl} />}
          {/* Why the recording ended early (e.g. the disk is full); the background skips its notification while the popup is open. */}
          {status.state === 'done' && status.warning && <ErrorNotice error={status.warning} />}
          {status.state === 'failed' && <ErrorNotice error={status.error} action={settingsAction(status.error)} />}
          {status.state === 'cancelled' && (
            <p class="muted small" role="status">
              Recording discarded.
            </p>
          )}
          <StartForm starting={starting} onStart={(p) => void start(p)} />
        </>
      );
  }

  return (
    <>
      {main}
      {error && !sameAsStatusError(error, status) && <ErrorNotice error={error} action={settingsAction(error)} />}
      <RecentList refreshKey={status.state} serverUrl={serverUrl} />
      <Shortcuts />
    </>
  );
}

/** A failed start also turns the recorder's status into 'failed': show that error once. */
function sameAsStatusError(error: RecorderError, status: RecorderStatus): boolean {
  return status.state === 'failed' && status.error.code === error.code && status.error.message === error.message;
}
