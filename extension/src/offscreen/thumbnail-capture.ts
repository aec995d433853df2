/**
 * One frame of the captured video as a small JPEG, in the offscreen document. Tries
 * ImageCapture.grabFrame() first (no element, no decode loop) and falls back to a muted <video>
 * playing the track. The recording's own track is only read, never stopped or reconfigured.
 */
import { THUMBNAIL_QUALITY, THUMBNAIL_TYPE, thumbnailSize } from '../core/recorder/thumbnail-size';

/** Raised when this context has no way to grab or encode a frame (e.g. Node tests). */
export class ThumbnailUnsupportedError extends Error {
  override readonly name = 'ThumbnailUnsupportedError';
}

/** Chrome's ImageCapture has grabFrame(); lib.dom does not declare it. */
interface ImageCaptureWithGrab {
  grabFrame(): Promise<ImageBitmap>;
}
type ImageCaptureCtor = new (track: MediaStreamTrack) => ImageCaptureWithGrab;

const FRAME_TIMEOUT_MS = 5000;

/** The live video track of a captured stream, or undefined. */
export function liveVideoTrack(stream: MediaStream | undefined): MediaStreamTrack | undefined {
  if (!stream || typeof stream.getVideoTracks !== 'function') return undefined;
  return stream.getVideoTracks().find((t) => t.readyState === 'live');
}

/** Grabs a frame of `track` and encodes it (≤ 640 px, JPEG q 0.7). */
export async function captureThumbnail(track: MediaStreamTrack | undefined): Promise<Blob> {
  if (!track) throw new ThumbnailUnsupportedError('no live video track');
  if (typeof OffscreenCanvas === 'undefined' || typeof createImageBitmap === 'undefined') {
    throw new ThumbnailUnsupportedError('no OffscreenCanvas here');
  }
  const frame = await withTimeout(grabFrame(track), FRAME_TIMEOUT_MS, 'no video frame arrived in time');
  try {
    return await encode(frame);
  } finally {
    frame.close();
  }
}

async function grabFrame(track: MediaStreamTrack): Promise<ImageBitmap> {
  const Capture = (globalThis as unknown as { ImageCapture?: ImageCaptureCtor }).ImageCapture;
  if (Capture) {
    try {
      return await new Capture(track).grabFrame();
    } catch {
      // Some tracks refuse grabFrame (e.g. before their first frame): try the <video> way.
    }
  }
  return grabThroughVideo(track);
}

async function grabThroughVideo(track: MediaStreamTrack): Promise<ImageBitmap> {
  if (typeof document === 'undefined') throw new ThumbnailUnsupportedError('no document for a <video> element');
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  try {
    await video.play();
    await new Promise<void>((resolve) => {
      if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(() => resolve());
      else if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) resolve();
      else video.addEventListener('loadeddata', () => resolve(), { once: true });
    });
    return await createImageBitmap(video);
  } finally {
    video.pause();
    video.srcObject = null; // detaches the element; the track itself keeps running
  }
}

async function encode(frame: ImageBitmap): Promise<Blob> {
  const { width, height } = thumbnailSize({ width: frame.width, height: frame.height });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new ThumbnailUnsupportedError('no 2D context');
  context.imageSmoothingQuality = 'high';
  context.drawImage(frame, 0, 0, width, height);
  return canvas.convertToBlob({ type: THUMBNAIL_TYPE, quality: THUMBNAIL_QUALITY });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
