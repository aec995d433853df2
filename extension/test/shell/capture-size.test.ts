import { describe, expect, it } from 'vitest';
import { captureSizeForTab, FRAME_BOXES, LARGEST_BOX, MAX_HEIGHT, MAX_WIDTH } from '../../src/core/recorder/capture-size';
import { tabCaptureConstraints } from '../../src/core/recorder/media-options';

describe('captureSizeForTab', () => {
  it('keeps a small tab at its own size instead of upscaling it to 1080p', () => {
    expect(captureSizeForTab(800, 600, 1)).toEqual({ width: 800, height: 600 });
  });

  it('uses device pixels on a high-density display, capped at 1080p with the aspect ratio kept', () => {
    expect(captureSizeForTab(800, 450, 2)).toEqual({ width: 1600, height: 900 });
    expect(captureSizeForTab(1440, 900, 2)).toEqual({ width: 1728, height: 1080 });
    expect(captureSizeForTab(2560, 1080, 1)).toEqual({ width: 1920, height: 810 });
  });

  it('rounds to even sizes (VP9 4:2:0) and never exceeds the cap', () => {
    for (const [w, h, dpr] of [[1001, 777, 1.25], [333, 3001, 3], [1919, 1079, 1]] as const) {
      const size = captureSizeForTab(w, h, dpr)!;
      expect(size.width % 2).toBe(0);
      expect(size.height % 2).toBe(0);
      expect(size.width).toBeLessThanOrEqual(MAX_WIDTH);
      expect(size.height).toBeLessThanOrEqual(MAX_HEIGHT);
    }
  });

  it('gives no size for an unknown tab size, and ignores a nonsensical pixel ratio', () => {
    expect(captureSizeForTab(0, 600)).toBeUndefined();
    expect(captureSizeForTab(Number.NaN, 600)).toBeUndefined();
    expect(captureSizeForTab(800, 600, Number.NaN)).toEqual({ width: 800, height: 600 });
  });
});

describe('tabCaptureConstraints', () => {
  it('pins min and max to the tab size so the capture is neither upscaled nor letterboxed', () => {
    const video = tabCaptureConstraints('id-1', { width: 800, height: 600 }).video as { mandatory: Record<string, unknown> };
    expect(video.mandatory).toMatchObject({ chromeMediaSourceId: 'id-1', minWidth: 800, maxWidth: 800, minHeight: 600, maxHeight: 600 });
  });

  it('falls back to a 1080p cap when the size is unknown', () => {
    const video = tabCaptureConstraints('id-2').video as { mandatory: Record<string, unknown> };
    expect(video.mandatory).toMatchObject({ maxWidth: MAX_WIDTH, maxHeight: MAX_HEIGHT });
    expect(video.mandatory.minWidth).toBeUndefined();
  });
});

describe('Quality (the options page) and the frame size', () => {
  it('the service worker sizes a tab to at most 1440 lines; the recorder fits it into the Quality box', () => {
    const tab = captureSizeForTab(1600, 1000, 2, LARGEST_BOX)!;
    expect(tab).toEqual({ width: 2304, height: 1440 });
    const at = (quality: '720p' | '1080p' | 'source') =>
      (tabCaptureConstraints('id', tab, quality).video as { mandatory: Record<string, number> }).mandatory;
    expect(at('720p')).toMatchObject({ minWidth: 1152, maxWidth: 1152, minHeight: 720, maxHeight: 720 });
    expect(at('1080p')).toMatchObject({ minWidth: 1728, maxWidth: 1728, minHeight: 1080, maxHeight: 1080 });
    expect(at('source')).toMatchObject({ minWidth: 2304, maxWidth: 2304, minHeight: 1440, maxHeight: 1440 });
  });

  it('never upscales a small tab, whatever the Quality', () => {
    const video = tabCaptureConstraints('id', { width: 800, height: 600 }, 'source').video as { mandatory: Record<string, number> };
    expect(video.mandatory).toMatchObject({ maxWidth: 800, maxHeight: 600 });
  });

  it('caps an unknown tab size at the Quality box', () => {
    const video = tabCaptureConstraints('id', undefined, '720p').video as { mandatory: Record<string, number> };
    expect(video.mandatory).toMatchObject({ maxWidth: FRAME_BOXES['720p'].width, maxHeight: FRAME_BOXES['720p'].height });
  });
});
