/** The large 3-2-1 over the page, before recording starts (not recorded: MediaRecorder starts after it). */
import { useEffect } from 'preact/hooks';
import type { JSX } from 'preact';
import type { HostLink } from './frame-port';
import { useOverlayStatus } from './useOverlayStatus';

export function Countdown({ host }: { host: HostLink }): JSX.Element | null {
  const { status, ended } = useOverlayStatus(true);
  const over = ended || status?.state === 'recording' || status?.state === 'paused';
  useEffect(() => {
    if (over) host.send({ type: 'countdown-done' });
  }, [over]);
  if (status?.state !== 'countdown') return null;
  return (
    <div class="countdown" role="timer" aria-live="assertive" aria-label={`Recording starts in ${status.secondsLeft}`}>
      <span class="countdown-digit">{status.secondsLeft}</span>
    </div>
  );
}
