/** The wait for a tail that complete was sent ahead of (tail-wait.ts): pure, on a fake clock. */
import { describe, expect, it } from 'vitest';
import { tailPollDelayMs, waitForTail, type TailWait } from '../src/recordings/tail-wait';
import type { UploadedPart } from '../src/recordings/store';

const tail = { partNumber: 4, size: 1234 };
const landed: UploadedPart = { partNumber: 4, etag: '"abc"', size: 1234, lastModified: undefined };

/** A store that lists the tail from `landsAt` on (fake ms), and a clock that advances by the sleeps. */
function fakeStore(landsAt: number, part: UploadedPart | 'gone' = landed) {
  let now = 0;
  const asked: number[] = [];
  const wait: TailWait = {
    find: async () => {
      asked.push(now);
      return now >= landsAt ? part : undefined;
    },
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  return { wait, asked, clock: () => now };
}

describe('the tail’s poll schedule', () => {
  it('pauses 1/40 of the time waited, between 5 and 100 ms', () => {
    expect(tailPollDelayMs(0)).toBe(5);
    expect(tailPollDelayMs(200)).toBe(5);
    expect(tailPollDelayMs(800)).toBe(20);
    expect(tailPollDelayMs(4000)).toBe(100);
    expect(tailPollDelayMs(60_000)).toBe(100);
  });
});

describe('waitForTail', () => {
  it('answers the part as soon as the store lists it, seen within 2.5 % (5 ms at least) of landing', async () => {
    for (const landsAt of [0, 3, 120, 500, 2_000, 4_200]) {
      const { wait, asked, clock } = fakeStore(landsAt);
      const seen = await waitForTail(tail, wait);
      expect(seen).toEqual({ part: landed, polls: asked.length });
      expect(clock() - landsAt).toBeLessThanOrEqual(Math.max(5, landsAt / 40) + 1e-9);
    }
  });

  it('asks the store 165 times for a tail that takes 4.2 s (5 MiB over 10 Mbit/s), when it answers at once', async () => {
    const { wait, asked } = fakeStore(4_200);
    await waitForTail(tail, wait);
    expect(asked).toHaveLength(165);
  });

  it("answers 'gone' when the upload no longer exists", async () => {
    const { wait } = fakeStore(50, 'gone');
    expect(await waitForTail(tail, wait)).toBe('gone');
  });

  it('400 invalid_part_size when the store holds the part with another size', async () => {
    const { wait } = fakeStore(10, { ...landed, size: 999 });
    await expect(waitForTail(tail, wait)).rejects.toMatchObject({ status: 400, code: 'invalid_part_size' });
  });

  it('409 tail_not_uploaded once the limit has passed, having asked one last time at the limit', async () => {
    const { wait, asked } = fakeStore(Infinity);
    await expect(waitForTail(tail, { ...wait, limitMs: 1_000 })).rejects.toMatchObject({ status: 409, code: 'tail_not_uploaded' });
    expect(asked.at(-1)).toBe(1_000);
  });

  it('stops asking when its signal aborts (the client left)', async () => {
    const { wait, asked } = fakeStore(Infinity);
    const controller = new AbortController();
    const sleep = async (ms: number) => {
      await wait.sleep!(ms);
      if (asked.length === 3) controller.abort(new Error('client left'));
    };
    await expect(waitForTail(tail, { ...wait, sleep, signal: controller.signal })).rejects.toThrow('client left');
    expect(asked).toHaveLength(3);
  });
});
