import { describe, expect, it } from 'vitest';
import { parseRecorderOverrides } from '../../src/background/recorder-overrides';

describe('parseRecorderOverrides', () => {
  it('keeps a positive finite bitrate', () => {
    expect(parseRecorderOverrides({ videoBitsPerSecond: 8_000_000 })).toEqual({ videoBitsPerSecond: 8_000_000 });
  });

  it('drops missing, mistyped and nonsensical values', () => {
    for (const value of [undefined, null, 'x', 42, {}, { videoBitsPerSecond: '8000000' }, { videoBitsPerSecond: -1 }, { videoBitsPerSecond: 0 }, { videoBitsPerSecond: Number.NaN }, { videoBitsPerSecond: Infinity }]) {
      expect(parseRecorderOverrides(value)).toEqual({});
    }
  });

  it('ignores unknown keys', () => {
    expect(parseRecorderOverrides({ videoBitsPerSecond: 1e6, countdownSeconds: 0 })).toEqual({ videoBitsPerSecond: 1e6 });
  });
});
