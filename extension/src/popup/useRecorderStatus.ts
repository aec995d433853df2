/**
 * Live recorder status for the popup: the answer to get-status, then every
 * status-changed broadcast, plus a slow poll in case a broadcast was missed
 * (for example while the recorder document was being created).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { onBroadcast } from '../shared/messaging';
import type { RecorderStatus } from '../shared/recorder-status';
import { getStatus } from './recorder-client';

const POLL_MS = 2000;

export interface LiveStatus {
  status: RecorderStatus | null;
  /** Date.now() when `status` arrived; the elapsed timer counts on from there. */
  receivedAt: number;
  refresh: () => void;
}

export function useRecorderStatus(): LiveStatus {
  const [live, setLive] = useState<{ status: RecorderStatus | null; receivedAt: number }>({
    status: null,
    receivedAt: Date.now(),
  });
  const pollRef = useRef<() => void>(() => {});

  useEffect(() => {
    let alive = true;
    const apply = (status: RecorderStatus) => {
      if (alive) setLive({ status, receivedAt: Date.now() });
    };
    const poll = () => {
      getStatus().then(apply, (err: unknown) => console.warn('get-status failed', err));
    };
    const unsubscribe = onBroadcast('popup', 'status-changed', (msg) => apply(msg.data.status));
    pollRef.current = poll;
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, []);

  return { ...live, refresh: () => pollRef.current() };
}

/** Re-renders every `ms` while `active` (for the running timer). */
export function useTicker(active: boolean, ms = 250): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}
