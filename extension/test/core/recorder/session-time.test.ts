import { describe, expect, it } from 'vitest';
import {
  badgeClock,
  elapsedMs,
  isPaused,
  pausedMs,
  withPauseEnded,
  withPauseStarted,
} from '../../../src/core/recorder/session-time';

describe('recorded time (paused spans excluded)', () => {
  it('counts wall time when never paused', () => {
    expect(elapsedMs(1000, [], 4500)).toBe(3500);
    expect(elapsedMs(1000, [], 900)).toBe(0);
  });

  it('leaves out closed and open pauses', () => {
    let spans = withPauseStarted([], 3000); // recorded 2 s
    expect(isPaused(spans)).toBe(true);
    expect(elapsedMs(1000, spans, 10_000)).toBe(2000); // still paused
    spans = withPauseEnded(spans, 8000);
    expect(isPaused(spans)).toBe(false);
    expect(elapsedMs(1000, spans, 10_000)).toBe(4000); // 2 s + 2 s after resume
    spans = withPauseEnded(withPauseStarted(spans, 11_000), 11_500);
    expect(pausedMs(spans, 20_000)).toBe(5500);
    expect(elapsedMs(1000, spans, 20_000)).toBe(13_500);
  });

  it('ignores double pause/resume and a clock going backwards', () => {
    const once = withPauseStarted([], 5000);
    expect(withPauseStarted(once, 6000)).toEqual(once);
    expect(withPauseEnded([], 6000)).toEqual([]);
    expect(withPauseEnded(once, 4000)).toEqual([{ start: 5000, end: 5000 }]);
  });

  it('only counts the part of a pause after the start', () => {
    expect(pausedMs([{ start: 0, end: 2000 }], 5000, 1000)).toBe(1000);
  });

  it('formats the badge clock in at most four characters', () => {
    expect(badgeClock(0)).toBe('0:00');
    expect(badgeClock(7_999)).toBe('0:07');
    expect(badgeClock(599_000)).toBe('9:59');
    expect(badgeClock(600_000)).toBe('10m');
    expect(badgeClock(59 * 60_000 + 59_000)).toBe('59m');
    expect(badgeClock(65 * 60_000)).toBe('1h05');
    expect(badgeClock(10 * 3600_000)).toBe('10h');
    for (const ms of [0, 59_000, 600_000, 3_599_000, 3_600_000, 9 * 3600_000]) expect(badgeClock(ms).length).toBeLessThanOrEqual(4);
  });
});
