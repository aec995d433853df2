/**
 * The Maximum length: the options page's, and the server's (MAX_RECORDING_MINUTES, told when the
 * server recording is created, which may be after the start when the server was away). Once a
 * recording has run the shorter of the two (recorded time, pauses excluded) it stops through the
 * normal Stop path, so the link and the upload end as after a press of Stop. 30 s before, the
 * service worker shows a notification; the popup reads `maxLengthMs` from the 'started' status.
 */
import { MAX_LENGTH_WARNING_MS, type CaptureOptions } from '../shared/capture-options';
import { message, type BackgroundMessage } from '../shared/messages';
import type { RecorderStatus } from '../shared/recorder-status';

/** How often the recorded time is checked (the limit is kept to within this). */
export const MAX_LENGTH_CHECK_MS = 250;

export interface MaxLengthDeps {
  /** The recorder's current status (its recorded time). */
  status(): RecorderStatus;
  /** The normal Stop. */
  stop(): void;
  notify(message: BackgroundMessage): void;
  /** The server's longest recording in ms, once the server recording exists. */
  serverLimitMs?(): number | undefined;
  timers?: { setInterval(fn: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
}

const browserTimers = {
  setInterval: (fn: () => void, ms: number): unknown => setInterval(fn, ms),
  clearInterval: (handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** The limit in ms, or undefined when the options set none. */
export function maxLengthMs(options: Pick<CaptureOptions, 'maxLengthMinutes'>): number | undefined {
  const minutes = options.maxLengthMinutes;
  return minutes !== undefined && Number.isFinite(minutes) && minutes > 0 ? Math.round(minutes * 60_000) : undefined;
}

/** The shorter of two limits, either of which may be absent. */
export function tighterLimit(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/**
 * Watches a recording that just started; ends by itself when the recording is over (stopped by
 * anyone) or once it stopped it. Returns a function that ends the watch early, or undefined
 * when there is no limit and no server that could set one.
 */
export function watchMaxLength(options: Pick<CaptureOptions, 'maxLengthMinutes'>, deps: MaxLengthDeps): (() => void) | undefined {
  const own = maxLengthMs(options);
  if (own === undefined && !deps.serverLimitMs) return undefined;
  const timers = deps.timers ?? browserTimers;
  let warned = false;
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    timers.clearInterval(handle);
  };
  const check = () => {
    const status = deps.status();
    if (status.state !== 'recording' && status.state !== 'paused') return end();
    const limit = tighterLimit(own, deps.serverLimitMs?.());
    if (limit === undefined) return;
    const left = limit - status.elapsedMs;
    if (left <= 0) {
      end();
      deps.stop();
      return;
    }
    if (!warned && left <= MAX_LENGTH_WARNING_MS) {
      warned = true;
      deps.notify(message('background', 'recording-ending-soon', { secondsLeft: Math.ceil(left / 1000) }));
    }
  };
  const handle = timers.setInterval(check, MAX_LENGTH_CHECK_MS);
  check();
  return end;
}
