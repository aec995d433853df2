import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_FRAME_INTERVAL_MS, recorderOptions } from '../../../src/core/recorder/media-options';
import { thumbnailSize } from '../../../src/core/recorder/thumbnail-size';

describe('thumbnail size', () => {
  it('scales common captures down to 640 px wide, keeping the aspect ratio', () => {
    expect(thumbnailSize({ width: 1920, height: 1080 })).toEqual({ width: 640, height: 360 });
    expect(thumbnailSize({ width: 2560, height: 1600 })).toEqual({ width: 640, height: 400 });
    expect(thumbnailSize({ width: 800, height: 450 })).toEqual({ width: 640, height: 360 });
  });

  it('never scales up, and limits tall windows by their height', () => {
    expect(thumbnailSize({ width: 320, height: 180 })).toEqual({ width: 320, height: 180 });
    expect(thumbnailSize({ width: 1080, height: 1920 })).toEqual({ width: 360, height: 640 });
  });

  it('fits any frame in the box with whole pixels and about the same aspect ratio (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8000 }), fc.integer({ min: 1, max: 8000 }), (width, height) => {
        const out = thumbnailSize({ width, height });
        expect(Number.isInteger(out.width) && Number.isInteger(out.height)).toBe(true);
        expect(out.width).toBeGreaterThanOrEqual(1);
        expect(out.height).toBeGreaterThanOrEqual(1);
        expect(out.width).toBeLessThanOrEqual(Math.min(640, width));
        expect(out.height).toBeLessThanOrEqual(Math.min(640, height));
        // Rounding moves each side by at most half a pixel.
        if (out.width >= 20 && out.height >= 20) expect(Math.abs(out.width / out.height - width / height) / (width / height)).toBeLessThan(0.06);
      }),
    );
  });

  it('refuses an empty frame', () => {
    expect(() => thumbnailSize({ width: 0, height: 720 })).toThrow(RangeError);
  });
});

describe('recorder options', () => {
  it('ask MediaRecorder for a keyframe at least every 2 s (the WebM fixer indexes keyframe clusters as Cues)', () => {
    const options = recorderOptions('video/webm;codecs=vp9,opus', 3_000_000);
    expect(options.videoKeyFrameIntervalDuration).toBe(KEY_FRAME_INTERVAL_MS);
    expect(KEY_FRAME_INTERVAL_MS).toBeLessThanOrEqual(2000);
    expect(options).toMatchObject({ mimeType: 'video/webm;codecs=vp9,opus', videoBitsPerSecond: 3_000_000 });
  });
});
