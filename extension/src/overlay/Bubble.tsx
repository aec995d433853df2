/**
 * The camera bubble: the live camera picture in a circle. Drag it anywhere (pointer), move it
 * with the arrow keys, change its size with the button or S (small → medium → large), hide it
 * from the control bar. The host script places the frame; this frame only asks.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { onBroadcast } from '../shared/messaging';
import type { CameraState } from '../shared/messages';
import { connectCameraView } from './camera-view';
import type { HostLink } from './frame-port';
import { useOverlayStatus } from './useOverlayStatus';

const KEY_STEP = 24;

export function Bubble({ host }: { host: HostLink }): JSX.Element {
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>({ state: 'opening' });
  const { ended } = useOverlayStatus(true);

  useEffect(() => {
    let closed = false;
    let close: (() => void) | undefined;
    let connecting = false;
    const connect = async (): Promise<void> => {
      if (connecting || close || closed) return;
      connecting = true;
      try {
        const view = await connectCameraView();
        if (closed) return view.ok ? view.close() : undefined;
        if (!view.ok) return setCamera(view.camera);
        close = view.close;
        if (video.current) video.current.srcObject = view.stream;
        setCamera({ state: 'live' });
      } catch (error) {
        console.warn('Reelay camera view:', error);
      } finally {
        connecting = false;
      }
    };
    const unsubscribe = onBroadcast('overlay', 'camera-changed', ({ data }) => {
      setCamera(data.camera);
      if (data.camera.state === 'live') void connect();
      else {
        close?.();
        close = undefined;
      }
    });
    void connect();
    // The feed opens during the countdown; a broadcast may come before this frame listens.
    const retry = setInterval(() => void connect(), 1000);
    return () => {
      closed = true;
      clearInterval(retry);
      unsubscribe();
      close?.();
    };
  }, []);

  useEffect(() => {
    if (camera.state === 'failed') host.send({ type: 'bubble-visible', visible: false });
  }, [camera.state]);
  useEffect(() => {
    if (ended) host.send({ type: 'close' });
  }, [ended]);

  // Dragging: the host moves the frame. The moves reach it from here while the pointer is over this
  // frame (or captured by it), and from a shield the host lays over the page when the pointer has
  // left the frame (a busy page makes the frame lag behind the pointer). Screen coordinates: the
  // frame itself moves.
  const dragging = useRef(false);
  const onPointerDown = (event: PointerEvent): void => {
    if ((event.target as HTMLElement).closest('button') || event.button !== 0) return;
    event.preventDefault();
    dragging.current = true;
    host.send({ type: 'drag-start', screenX: event.screenX, screenY: event.screenY });
  };
  const onPointerMove = (event: PointerEvent): void => {
    if (!dragging.current) return;
    if (event.buttons === 0) return endDrag(); // released elsewhere: this move is not part of the drag
    host.send({ type: 'drag-move', screenX: event.screenX, screenY: event.screenY });
  };
  const endDrag = (): void => {
    if (!dragging.current) return;
    dragging.current = false;
    host.send({ type: 'drag-end' });
  };
  const onPointerUp = (event: PointerEvent): void => {
    // Where the pointer was released is where the bubble ends up.
    if (dragging.current) host.send({ type: 'drag-move', screenX: event.screenX, screenY: event.screenY });
    endDrag();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-KEY_STEP, 0], ArrowRight: [KEY_STEP, 0], ArrowUp: [0, -KEY_STEP], ArrowDown: [0, KEY_STEP] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      host.send({ type: 'move', dx: move[0], dy: move[1] });
    } else if (event.key === 's' || event.key === 'S') {
      host.send({ type: 'cycle-size' });
    }
  };

  return (
    <div
      class="bubble"
      tabIndex={0}
      role="group"
      aria-label="Your camera. Drag or use the arrow keys to move it; press S to change its size."
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    >
      <video ref={video} autoPlay muted playsInline />
      {camera.state !== 'live' && <span class="bubble-note">{camera.state === 'failed' ? 'No camera' : 'Camera…'}</span>}
      <button type="button" class="bubble-size" aria-label="Change the camera size" onClick={() => host.send({ type: 'cycle-size' })}>
        ⤢
      </button>
    </div>
  );
}
