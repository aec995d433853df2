/**
 * A slow link shared by every request body that flows while it is open (the fault proxy's
 * throttle): each chunk waits for its turn at `bytesPerSecond`. When the window closes, bodies
 * flow at full speed again.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { sleep } from './proxy-http';

/**
 * How late a timer may fire while the link is still counted as busy. A chunk's turn begins when
 * the previous one's ended, not when the timer that released it got to run: otherwise every
 * timer's lateness (≈ 0.5 ms each, 48 chunks in 3 MB) would add up, and a link set to 50 Mbit/s
 * would deliver 48.
 */
export const TIMER_SLACK_MS = 4;

/** When a chunk of `bytes` that reaches the link at `now` has crossed it (pure: epoch ms in and out). */
export function crossingEnd(now: number, busyUntil: number, bytes: number, bytesPerSecond: number): number {
  const late = now - busyUntil;
  const start = late > 0 && late <= TIMER_SLACK_MS ? busyUntil : Math.max(now, busyUntil);
  return start + (bytes / bytesPerSecond) * 1000;
}

export class ThrottledLink {
  private window: { until: number; bytesPerSecond: number; nextFreeAt: number; timer: NodeJS.Timeout } | undefined;
  /** Body bytes that went through while the link was slow. */
  throttledBytes = 0;

  get open(): boolean {
    return this.window !== undefined;
  }

  begin(bytesPerSecond: number, durationMs: number): void {
    this.end();
    const now = Date.now();
    this.window = { until: now + durationMs, bytesPerSecond, nextFreeAt: now, timer: setTimeout(() => this.end(), durationMs) };
  }

  end(): void {
    if (this.window) clearTimeout(this.window.timer);
    this.window = undefined;
  }

  /** A pass-through for one body: paced while the link is slow. */
  pacer(signal: AbortSignal): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) => {
        const w = this.window;
        if (!w || Date.now() >= w.until) return callback(null, chunk);
        w.nextFreeAt = crossingEnd(Date.now(), w.nextFreeAt, chunk.length, w.bytesPerSecond);
        this.throttledBytes += chunk.length;
        const wait = Math.min(w.nextFreeAt, w.until) - Date.now();
        if (wait <= 0) return callback(null, chunk);
        sleep(wait, signal).then(
          () => callback(null, chunk),
          (error: unknown) => callback(error as Error),
        );
      },
    });
  }
}
