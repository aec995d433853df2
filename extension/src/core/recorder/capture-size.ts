/** Frame-size rules shared by the service worker (which knows the tab) and the recorder. */
import type { VideoQuality } from '../../shared/capture-options';

export interface FrameBox {
  width: number;
  height: number;
}

/**
 * The largest frame of each quality setting (the options page's Quality). '1080p' is the default:
 * enough for screen content, and what 2 cores can encode live. 'source' keeps the source's own size
 * up to 1440 lines. A frame is scaled DOWN to fit its box, never up.
 */
export const FRAME_BOXES: Readonly<Record<VideoQuality, FrameBox>> = {
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  source: { width: 2560, height: 1440 },
};

/** The default quality's box (1080p). */
export const MAX_WIDTH = FRAME_BOXES['1080p'].width;
export const MAX_HEIGHT = FRAME_BOXES['1080p'].height;
/** The largest box of any quality: what the service worker sizes a tab capture to at most. */
export const LARGEST_BOX: FrameBox = FRAME_BOXES.source;

export function frameBox(quality: VideoQuality | undefined): FrameBox {
  return FRAME_BOXES[quality ?? '1080p'] ?? FRAME_BOXES['1080p'];
}

/** `size` scaled down to fit `box` with its aspect ratio kept, in even numbers (VP9 4:2:0). */
export function fitFrame(size: FrameBox, box: FrameBox): FrameBox {
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(size.width), height: even(size.height) };
}

/**
 * The frame size to capture a tab at: its CSS size times the display's pixel ratio (what the user
 * sees), scaled down to fit `box` with the aspect ratio kept, in even numbers (VP9 4:2:0).
 * Chrome's tab capture renders at exactly the max constraints, so passing 1920x1080 for an 800x600
 * tab would upscale and letterbox it: 4-5x the pixels to encode for nothing.
 */
export function captureSizeForTab(cssWidth: number, cssHeight: number, devicePixelRatio = 1, box: FrameBox = FRAME_BOXES['1080p']): FrameBox | undefined {
  if (!(cssWidth > 0 && cssHeight > 0)) return undefined;
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? Math.min(devicePixelRatio, 4) : 1;
  return fitFrame({ width: cssWidth * ratio, height: cssHeight * ratio }, box);
}
