/**
 * What the browser can tell about a local video file before it is uploaded: a <video> on an
 * object URL gives the duration and frame size at `loadedmetadata`; a frame a little way in,
 * drawn on a canvas, becomes the JPEG poster (POST /:id/thumbnail). A file the browser cannot
 * decode (e.g. HEVC in a MOV) still uploads: its facts stay unknown.
 */
import type { VideoFacts } from './file-uploader';

const TIMEOUT_MS = 15_000;
const POSTER_WIDTH = 640;

export async function probeVideo(file: Blob): Promise<VideoFacts> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  try {
    await once(video, 'loadedmetadata', () => (video.src = url));
    const facts: VideoFacts = {
      durationMs: Number.isFinite(video.duration) ? video.duration * 1000 : undefined,
      width: video.videoWidth || undefined,
      height: video.videoHeight || undefined,
    };
    if (!facts.width || !facts.height) return facts;
    await once(video, 'seeked', () => (video.currentTime = Math.min(1, video.duration / 3 || 0)));
    facts.thumbnail = await poster(video);
    return facts;
  } catch {
    return {};
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

function once(video: HTMLVideoElement, event: string, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), TIMEOUT_MS);
    video.addEventListener(event, () => (clearTimeout(timer), resolve()), { once: true });
    video.addEventListener('error', () => (clearTimeout(timer), reject(new Error('the browser cannot read this video'))), { once: true });
    start();
  });
}

async function poster(video: HTMLVideoElement): Promise<Blob | undefined> {
  const scale = Math.min(1, POSTER_WIDTH / video.videoWidth);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b ?? undefined), 'image/jpeg', 0.8));
}
