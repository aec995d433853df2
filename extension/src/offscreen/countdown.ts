/** The countdown before recording starts, shown on the badge and in the popup (3, 2, 1). */
import type { Clock } from '../core/upload-ports';
import type { StatusPublisher } from './status-publisher';

export interface CountdownDeps {
  publisher: StatusPublisher;
  clock: Clock;
  /** Aborted by Cancel: the sleep ends at once. */
  signal: AbortSignal;
  cancelled(): boolean;
}

/** Counts down a second at a time; false if cancelled (or stopped) meanwhile. */
export async function countDown(seconds: number, deps: CountdownDeps): Promise<boolean> {
  for (let left = Math.floor(seconds); left > 0; left--) {
    deps.publisher.dispatch({ type: 'countdown', secondsLeft: left });
    try {
      await deps.clock.sleep(1000, deps.signal);
    } catch {
      return false;
    }
    if (deps.cancelled()) return false;
  }
  return !deps.cancelled();
}
