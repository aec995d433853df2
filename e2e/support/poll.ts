/** Waiting for a condition instead of sleeping. */
import { expect } from '@playwright/test';

export interface PollOptions {
  timeout?: number;
  /** Says what is awaited (shown when the wait times out). */
  message?: string;
  intervals?: number[];
}

/**
 * Calls `probe` until it returns something other than undefined, and returns that. A probe that
 * throws fails the wait at once (use it to fail fast, e.g. when the recorder failed).
 */
export async function pollFor<T>(probe: () => Promise<T | undefined>, { timeout = 60_000, message, intervals = [250, 500, 1000] }: PollOptions = {}): Promise<T> {
  let found: T | undefined;
  await expect
    .poll(
      async () => {
        found = await probe();
        return found !== undefined;
      },
      { timeout, intervals, ...(message ? { message } : {}) },
    )
    .toBe(true);
  return found!;
}
