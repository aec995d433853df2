import { describe, expect, it } from 'vitest';
import { clockTime } from '../api/clock-time';

/** One way to write a length, for the share page, the player, the library and the popup's timer. */
describe('clockTime', () => {
  it('writes m:ss under an hour and h:mm:ss from an hour', () => {
    expect(clockTime(7_000)).toBe('0:07');
    expect(clockTime(754_000)).toBe('12:34');
    expect(clockTime(3_723_000)).toBe('1:02:03');
    expect(clockTime(-5)).toBe('0:00');
  });

  it('a length rounds to the nearest second; a running timer counts whole seconds passed', () => {
    expect(clockTime(1_500)).toBe('0:02');
    expect(clockTime(1_500, 'down')).toBe('0:01');
    expect(clockTime(999, 'down')).toBe('0:00');
  });
});
