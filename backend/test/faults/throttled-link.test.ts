import { describe, expect, it } from 'vitest';
import { crossingEnd, TIMER_SLACK_MS } from './throttled-link';

const MBIT_50 = 50e6 / 8;
const CHUNK = 64 * 1024;

describe('the throttled link’s schedule (pure)', () => {
  it('a busy link keeps its rate although every timer fires late', () => {
    // 48 chunks, each released by a timer that fires 1 ms late: the last still ends on time.
    let busyUntil = 0;
    let now = 0;
    for (let i = 0; i < 48; i++) {
      busyUntil = crossingEnd(now, busyUntil, CHUNK, MBIT_50);
      now = busyUntil + 1;
    }
    expect(busyUntil).toBeCloseTo(((48 * CHUNK) / MBIT_50) * 1000, 6);
  });

  it('an idle link starts the next chunk when it arrives, not in the past', () => {
    const end = crossingEnd(1000, 1000 - TIMER_SLACK_MS - 1, CHUNK, MBIT_50);
    expect(end).toBeCloseTo(1000 + (CHUNK / MBIT_50) * 1000, 6);
  });

  it('a chunk that arrives while the link is busy waits for its turn', () => {
    expect(crossingEnd(1000, 1050, CHUNK, MBIT_50)).toBeCloseTo(1050 + (CHUNK / MBIT_50) * 1000, 6);
  });
});
