/** Thumbnail sizing and encoding choices, pure (no browser APIs) so they are unit-tested. */

/** Longest side of the poster image; plenty for a share page poster and an og:image preview. */
export const THUMBNAIL_MAX_WIDTH = 640;
export const THUMBNAIL_MAX_HEIGHT = 640;
/** JPEG: every crawler that reads og:image understands it (WebP is not universal). */
export const THUMBNAIL_TYPE = 'image/jpeg' as const;
export const THUMBNAIL_QUALITY = 0.7;
/** How long after recording starts the frame is taken (the first frames are often blank). */
export const THUMBNAIL_DELAY_MS = 1000;

export interface Size {
  width: number;
  height: number;
}

/** The frame scaled down (never up) to fit the box, aspect ratio kept, whole pixels, at least 1×1. */
export function thumbnailSize(frame: Size, max: Size = { width: THUMBNAIL_MAX_WIDTH, height: THUMBNAIL_MAX_HEIGHT }): Size {
  if (!(frame.width > 0) || !(frame.height > 0)) throw new RangeError(`no frame to scale: ${frame.width}x${frame.height}`);
  const scale = Math.min(1, max.width / frame.width, max.height / frame.height);
  return {
    width: Math.max(1, Math.min(max.width, Math.round(frame.width * scale))),
    height: Math.max(1, Math.min(max.height, Math.round(frame.height * scale))),
  };
}
