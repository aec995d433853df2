/** Choices for capture and MediaRecorder, kept pure so they are testable without a browser. */
import type { VideoQuality } from '../../shared/capture-options';

/** Preferred first: VP9 compresses screen content best; VP8 is the fallback every Chrome has. */
export const MIME_CANDIDATES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'] as const;

/** Enough for 1080p screen content (text stays sharp; motion-heavy video gets softer). */
export const DEFAULT_VIDEO_BITS_PER_SECOND = 3_000_000;
/**
 * The bitrate follows from the Quality setting, roughly in proportion to the pixels of its largest
 * frame (screen content: 1.5 bits per pixel and second at 30 fps keeps text sharp).
 */
export const QUALITY_BITS_PER_SECOND: Readonly<Record<VideoQuality, number>> = {
  '720p': 1_500_000,
  '1080p': DEFAULT_VIDEO_BITS_PER_SECOND,
  source: 5_000_000,
};
export const AUDIO_BITS_PER_SECOND = 128_000;
/** MediaRecorder timeslice: one chunk per second. */
export const TIMESLICE_MS = 1000;
/**
 * A keyframe at least every 2 s. Chrome starts a new Cluster at every video keyframe and the WebM
 * fixer indexes those Clusters as Cues, so this bounds how far a seek has to decode from (Chrome's
 * default puts keyframes minutes apart on calm screen content: seeking would then fetch and decode
 * nearly everything before the target).
 */
export const KEY_FRAME_INTERVAL_MS = 2000;

/** MediaRecorderOptions plus the keyframe interval (in the MediaStream Recording spec and Chrome; not in lib.dom yet). */
export interface RecorderOptions extends MediaRecorderOptions {
  videoKeyFrameIntervalDuration?: number;
}

/** What MediaRecorder is created with. */
export function recorderOptions(mimeType: string, videoBitsPerSecond: number): RecorderOptions {
  return {
    mimeType,
    videoBitsPerSecond,
    audioBitsPerSecond: AUDIO_BITS_PER_SECOND,
    videoKeyFrameIntervalDuration: KEY_FRAME_INTERVAL_MS,
  };
}

export { MAX_HEIGHT, MAX_WIDTH } from './capture-size';
import { fitFrame, frameBox, MAX_HEIGHT, MAX_WIDTH } from './capture-size';
export const MAX_FRAME_RATE = 30;

export function pickMimeType(isTypeSupported: (type: string) => boolean): string | undefined {
  return MIME_CANDIDATES.find((type) => isTypeSupported(type));
}

/**
 * A sane bitrate: the one asked for in the stored preferences (an advanced setting), clamped to
 * 100 kbit/s – 100 Mbit/s; else the Quality setting's (1080p when absent).
 */
export function videoBitrate(requested: number | undefined, quality?: VideoQuality): number {
  if (requested === undefined || !Number.isFinite(requested)) return QUALITY_BITS_PER_SECOND[quality ?? '1080p'] ?? DEFAULT_VIDEO_BITS_PER_SECOND;
  return Math.round(Math.min(100_000_000, Math.max(100_000, requested)));
}

/**
 * getUserMedia constraints for a tab stream id from chrome.tabCapture.getMediaStreamId. The tab's
 * size (frameSize, from the service worker) is scaled down to the Quality setting's box.
 */
export function tabCaptureConstraints(streamId: string, frameSize?: { width: number; height: number }, quality?: VideoQuality): MediaStreamConstraints {
  const mandatory = { chromeMediaSource: 'tab', chromeMediaSourceId: streamId };
  const box = quality ? frameBox(quality) : { width: MAX_WIDTH, height: MAX_HEIGHT };
  const fitted = frameSize ? fitFrame(frameSize, box) : undefined;
  // min = max: the capture has the tab's own aspect ratio, so nothing is letterboxed.
  const size = fitted
    ? { minWidth: fitted.width, maxWidth: fitted.width, minHeight: fitted.height, maxHeight: fitted.height }
    : { maxWidth: box.width, maxHeight: box.height };
  return {
    audio: { mandatory } as MediaTrackConstraints,
    video: { mandatory: { ...mandatory, ...size, maxFrameRate: MAX_FRAME_RATE } } as MediaTrackConstraints,
  };
}

/** getDisplayMedia options: Chrome scales the shared surface down to fit the Quality setting's box. */
export function displayMediaConstraints(quality?: VideoQuality): DisplayMediaStreamOptions {
  const box = frameBox(quality);
  return {
    video: { frameRate: { ideal: MAX_FRAME_RATE, max: MAX_FRAME_RATE }, width: { max: box.width }, height: { max: box.height } },
    audio: true,
  };
}

/** "Recording 2025-01-31 14:05" in local time, when the user gave no title. */
export function defaultTitle(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Recording ${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function titleFor(requested: string | undefined, at: Date): string {
  const trimmed = requested?.trim() ?? '';
  return trimmed === '' ? defaultTitle(at) : trimmed.slice(0, 200);
}
