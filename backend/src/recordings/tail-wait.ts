/**
 * Complete ahead of the tail (issue 11, `tail` in POST complete). The client sends complete while
 * its last part is still crossing the uplink; the server does the rest of complete's work
 * meanwhile, then waits here until the store lists that part. It asks the store again and again
 * (ListParts of that one part): often while the wait is young, since a short tail over a fast link
 * lands within tens of milliseconds, and less as it ages, since a 5 MiB tail over 10 Mbit/s takes
 * 4 s. Each pause is 1/40 of the time waited so far, 5 ms at least and 100 ms at most: a part is
 * seen within 2.5 % of its upload's time (5 ms at least) after it landed.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { TailPart } from '../../../api';
import { ApiError } from '../http/errors';
import type { UploadedPart } from './store';

/** How long complete waits for its tail before it answers 409 tail_not_uploaded (within the extension's 30 s request timeout). */
export const TAIL_WAIT_LIMIT_MS = 25_000;

/** The pause before asking the store again, after `waitedMs` of waiting. Pure. */
export function tailPollDelayMs(waitedMs: number): number {
  return Math.min(100, Math.max(5, waitedMs / 40));
}

export interface TailWait {
  /** The part as the store lists it now (store.findPart). */
  find(): Promise<UploadedPart | undefined | 'gone'>;
  signal?: AbortSignal;
  limitMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TailSeen {
  part: UploadedPart;
  /** How many times the store was asked. */
  polls: number;
}

/**
 * The tail once the store lists it with the size the client announced; 'gone' if the upload no
 * longer exists. Throws 400 invalid_part_size if the store holds it with another size, 409
 * tail_not_uploaded after `limitMs`, and the signal's reason once it aborts (the client left).
 */
export async function waitForTail(tail: TailPart, wait: TailWait): Promise<TailSeen | 'gone'> {
  const now = wait.now ?? (() => performance.now());
  const sleep = wait.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const limitMs = wait.limitMs ?? TAIL_WAIT_LIMIT_MS;
  const start = now();
  for (let polls = 1; ; polls++) {
    wait.signal?.throwIfAborted();
    const part = await wait.find();
    if (part === 'gone') return 'gone';
    if (part) {
      if (part.size === tail.size) return { part, polls };
      throw new ApiError(400, 'invalid_part_size', `Part ${tail.partNumber} is ${part.size} bytes in the store; complete said ${tail.size}`);
    }
    const waited = now() - start;
    if (waited >= limitMs) {
      throw new ApiError(
        409,
        'tail_not_uploaded',
        `Part ${tail.partNumber} has not reached the store after ${Math.round(limitMs / 1000)} s; complete again once it is uploaded`,
      );
    }
    await sleep(Math.min(tailPollDelayMs(waited), limitMs - waited), wait.signal);
  }
}
