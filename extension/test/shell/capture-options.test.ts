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
    expect(parseCaptureOptions({ videoBitsPerSecond: 1e6, cursorHighlight: true })).toEqual({ ...DEFAULT_CAPTURE_OPTIONS, videoBitsPerSecond: 1e6 });
  });
});

// The stored preferences are the capture options (once parsePreferences in shared/settings.ts).
describe('parseCaptureOptions: stored preferences', () => {
  it('falls back to defaults for missing or malformed values', () => {
    expect(parseCaptureOptions(undefined)).toEqual(DEFAULT_CAPTURE_OPTIONS);
    expect(parseCaptureOptions({ source: 'window', microphone: 'yes' })).toEqual(DEFAULT_CAPTURE_OPTIONS);
  });
  it('keeps valid stored values', () => {
    expect(parseCaptureOptions({ source: 'screen', microphone: true })).toEqual({ ...DEFAULT_CAPTURE_OPTIONS, source: 'screen', microphone: true });
  });
});

// The options page's settings (Quality, Countdown, Maximum length) are capture options too.
describe('parseCaptureOptions: recording settings', () => {
  it('defaults to 1080p, a 3 s countdown and no maximum length', () => {
    expect(DEFAULT_CAPTURE_OPTIONS).toMatchObject({ quality: '1080p', countdownSeconds: 3 });
    expect(DEFAULT_CAPTURE_OPTIONS.maxLengthMinutes).toBeUndefined();
  });

  it('keeps the offered values', () => {
    for (const quality of ['720p', '1080p', 'source'] as const) expect(parseCaptureOptions({ quality }).quality).toBe(quality);
    for (const countdownSeconds of [0, 3, 5] as const) expect(parseCaptureOptions({ countdownSeconds }).countdownSeconds).toBe(countdownSeconds);
    expect(parseCaptureOptions({ maxLengthMinutes: 15 }).maxLengthMinutes).toBe(15);
    expect(parseCaptureOptions({ maxLengthMinutes: 0.5 }).maxLengthMinutes).toBe(0.5);
  });

  it('drops anything else', () => {
    const parsed = parseCaptureOptions({ quality: '4k', countdownSeconds: 10, maxLengthMinutes: 0 });
    expect(parsed).toEqual(DEFAULT_CAPTURE_OPTIONS);
    for (const maxLengthMinutes of [-1, Number.NaN, Infinity, '5', 24 * 60 + 1]) {
      expect(parseCaptureOptions({ maxLengthMinutes }).maxLengthMinutes).toBeUndefined();
    }
  });
});
