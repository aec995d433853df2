import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_OPTIONS, parseCaptureOptions } from '../../src/shared/capture-options';

// The video bitrate override (once background/recorder-overrides.ts) is an optional capture option.
describe('parseCaptureOptions: videoBitsPerSecond', () => {
  it('keeps a positive finite bitrate', () => {
    expect(parseCaptureOptions({ videoBitsPerSecond: 8_000_000 })).toEqual({ ...DEFAULT_CAPTURE_OPTIONS, videoBitsPerSecond: 8_000_000 });
  });

  it('drops missing, mistyped and nonsensical values', () => {
    for (const value of [undefined, null, 'x', 42, {}, { videoBitsPerSecond: '8000000' }, { videoBitsPerSecond: -1 }, { videoBitsPerSecond: 0 }, { videoBitsPerSecond: Number.NaN }, { videoBitsPerSecond: Infinity }]) {
      expect(parseCaptureOptions(value)).toEqual(DEFAULT_CAPTURE_OPTIONS);
    }
  });

  it('ignores unknown keys', () => {
    expect(parseCaptureOptions({ videoBitsPerSecond: 1e6, countdownSeconds: 0 })).toEqual({ ...DEFAULT_CAPTURE_OPTIONS, videoBitsPerSecond: 1e6 });
  });
});

// The stored preferences are the capture options (once parsePreferences in shared/settings.ts).
describe('parseCaptureOptions: stored preferences', () => {
  it('falls back to defaults for missing or malformed values', () => {
    expect(parseCaptureOptions(undefined)).toEqual(DEFAULT_CAPTURE_OPTIONS);
    expect(parseCaptureOptions({ source: 'window', microphone: 'yes' })).toEqual(DEFAULT_CAPTURE_OPTIONS);
  });
  it('keeps valid stored values', () => {
    expect(parseCaptureOptions({ source: 'screen', microphone: true })).toEqual({ source: 'screen', microphone: true });
  });
});
