import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIDEO_BITS_PER_SECOND,
  displayMediaConstraints,
  QUALITY_BITS_PER_SECOND,
  defaultTitle,
  pickMimeType,
  tabCaptureConstraints,
  titleFor,
  videoBitrate,
} from '../../../src/core/recorder/media-options';

describe('media options', () => {
  it('prefers VP9, falls back to VP8, and reports no support', () => {
    expect(pickMimeType(() => true)).toBe('video/webm;codecs=vp9,opus');
    expect(pickMimeType((t) => !t.includes('vp9'))).toBe('video/webm;codecs=vp8,opus');
    expect(pickMimeType(() => false)).toBeUndefined();
  });

  it('clamps the requested bitrate', () => {
    expect(videoBitrate(undefined)).toBe(DEFAULT_VIDEO_BITS_PER_SECOND);
    expect(videoBitrate(Number.NaN)).toBe(DEFAULT_VIDEO_BITS_PER_SECOND);
    expect(videoBitrate(8_000_000)).toBe(8_000_000);
    expect(videoBitrate(1)).toBe(100_000);
    expect(videoBitrate(1e12)).toBe(100_000_000);
  });

  it('asks tab capture for the stream id on both tracks, up to 1080p30', () => {
    const c = tabCaptureConstraints('abc') as { audio: { mandatory: Record<string, unknown> }; video: { mandatory: Record<string, unknown> } };
    expect(c.audio.mandatory).toEqual({ chromeMediaSource: 'tab', chromeMediaSourceId: 'abc' });
    expect(c.video.mandatory).toMatchObject({ chromeMediaSource: 'tab', chromeMediaSourceId: 'abc', maxWidth: 1920, maxHeight: 1080, maxFrameRate: 30 });
  });

  it('titles untitled recordings with the local date and time', () => {
    const at = new Date(2025, 0, 31, 9, 5);
    expect(defaultTitle(at)).toBe('Recording 2025-01-31 09:05');
    expect(titleFor('  ', at)).toBe('Recording 2025-01-31 09:05');
    expect(titleFor(' Demo ', at)).toBe('Demo');
    expect(titleFor('x'.repeat(300), at)).toHaveLength(200);
  });
});

describe('Quality (options page) in the recorder', () => {
  it('sets the bitrate, unless one is asked for in the stored preferences', () => {
    expect(videoBitrate(undefined, '720p')).toBe(QUALITY_BITS_PER_SECOND['720p']);
    expect(videoBitrate(undefined, '1080p')).toBe(DEFAULT_VIDEO_BITS_PER_SECOND);
    expect(videoBitrate(undefined, 'source')).toBeGreaterThan(DEFAULT_VIDEO_BITS_PER_SECOND);
    expect(QUALITY_BITS_PER_SECOND['720p']).toBeLessThan(DEFAULT_VIDEO_BITS_PER_SECOND);
    expect(videoBitrate(8_000_000, '720p')).toBe(8_000_000);
  });

  it('caps a shared screen or window at the Quality box (Chrome scales it down)', () => {
    expect(displayMediaConstraints('720p').video).toMatchObject({ width: { max: 1280 }, height: { max: 720 } });
    expect(displayMediaConstraints().video).toMatchObject({ width: { max: 1920 }, height: { max: 1080 } });
    expect(displayMediaConstraints('source').video).toMatchObject({ width: { max: 2560 }, height: { max: 1440 } });
  });
});
