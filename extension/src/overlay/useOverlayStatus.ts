/**
 * The recorder's status for the overlay frames: status-changed broadcasts (the same the popup
 * gets) plus a poll, as broadcasts sent before a frame loaded are missed. `ended` turns true once
 * a recording that was seen active is over (the frames then close); a recording that never got
 * going (its start failed) also ends the overlay after a while.
 */
import { useEffect, useState } from 'preact/hooks';
import { isActiveStatus, type RecorderStatus } from '../shared/recorder-status';
import { message } from '../shared/messages';
import { onBroadcast, sendMessage } from '../shared/messaging';

const POLL_MS = 1000;
/** Preparing can include Chrome's screen picker: be patient before giving up on a start. */
const NEVER_STARTED_MS = 120_000;

export interface OverlayStatus {
  status: RecorderStatus | null;
  receivedAt: number;
  ended: boolean;
}

export function useOverlayStatus(enabled: boolean): OverlayStatus {
  const [live, setLive] = useState<OverlayStatus>({ status: null, receivedAt: Date.now(), ended: false });
  useEffect(() => {
    if (!enabled) return;
    let seenActive = false;
    let alive = true;
    const openedAt = Date.now();
    const apply = (status: RecorderStatus): void => {
      if (!alive) return;
      const active = isActiveStatus(status) && status.state !== 'finishing';
      if (active) seenActive = true;
      const ended = (seenActive && !active) || (!seenActive && Date.now() - openedAt > NEVER_STARTED_MS);
      setLive({ status, receivedAt: Date.now(), ended });
    };
    const poll = (): void => {
      sendMessage(message('offscreen', 'get-status', {})).then(apply, () => undefined);
    };
    const unsubscribe = onBroadcast('popup', 'status-changed', (msg) => apply(msg.data.status));
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [enabled]);
  return live;
}
