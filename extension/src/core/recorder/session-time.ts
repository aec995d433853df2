/**
 * Recorded time: wall time since the recorder started minus the paused spans (MediaRecorder leaves
 * paused spans out of the video, so the duration must leave them out too). Pure; times in epoch ms.
 */
import type { PausedSpan } from '../chunk-spool';

/** Milliseconds of pause inside [startedAt, now]; an open span counts until `now`. */
export function pausedMs(spans: readonly PausedSpan[], now: number, startedAt = -Infinity): number {
  let total = 0;
  for (const span of spans) {
    const start = Math.max(span.start, startedAt);
    const end = Math.min(span.end ?? now, now);
    if (end > start) total += end - start;
  }
  return total;
}

/** Recorded time at `now`: never negative, paused spans excluded. */
export function elapsedMs(startedAt: number, spans: readonly PausedSpan[], now: number): number {
  if (now <= startedAt) return 0;
  return Math.max(0, now - startedAt - pausedMs(spans, now, startedAt));
}

/** True while the last span is still open. */
export function isPaused(spans: readonly PausedSpan[]): boolean {
  const last = spans[spans.length - 1];
  return last !== undefined && last.end === undefined;
}

/** Open a pause at `at` (no-op while already paused). */
export function withPauseStarted(spans: readonly PausedSpan[], at: number): PausedSpan[] {
  if (isPaused(spans)) return [...spans];
  return [...spans, { start: at }];
}

/** Close the open pause at `at` (no-op when not paused); a clock going backwards gives an empty span. */
export function withPauseEnded(spans: readonly PausedSpan[], at: number): PausedSpan[] {
  if (!isPaused(spans)) return [...spans];
  const copy = [...spans];
  const last = copy[copy.length - 1]!;
  copy[copy.length - 1] = { start: last.start, end: Math.max(at, last.start) };
  return copy;
}

/**
 * Toolbar badge text for a recorded time (the badge shows about four characters):
 * "0:07", "9:59", then "10m".."59m", then "1h05".
 */
export function badgeClock(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours > 9 ? `${hours}h` : `${hours}h${String(minutes % 60).padStart(2, '0')}`;
}
