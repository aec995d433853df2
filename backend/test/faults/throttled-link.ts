/**
 * A slow link shared by every request body that flows while it is open (the fault proxy's
 * throttle): each chunk waits for its turn at `bytesPerSecond`. When the window closes, bodies
 * flow at full speed again.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { sleep } from './proxy-http';

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
        const start = Math.max(Date.now(), w.nextFreeAt);
        w.nextFreeAt = start + (chunk.length / w.bytesPerSecond) * 1000;
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
