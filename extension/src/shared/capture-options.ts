/**
 * What the user chooses for a recording, as ONE typed value. It is saved as the popup's
 * preferences, sent by the popup, forwarded by the service worker and handed to the recorder
 * session and to media capture unchanged; the service worker adds the tab stream NEXT to it.
 *
 * Adding an option (say `cursor: boolean`) touches at most four files: this one (the key, its
 * default and its check), popup/StartForm.tsx (the control), offscreen/media-capture.ts (where it
 * takes effect) and, for a capture constraint, core/recorder/media-options.ts. Nothing in between
 * (settings, popup message, service worker, offscreen message, session) copies fields.
 */
import type { RecordingSource } from './recorder-status';

export interface CaptureOptions {
  /** 'tab': the tab the popup was opened on, with its sound; 'screen': Chrome's picker; 'camera': the camera full-frame ("Camera only"). */
  source: RecordingSource;
  /** Mix the user's microphone into the recording's audio. */
  microphone: boolean;
  /** The camera bubble (in the recorded page) for 'tab' and 'screen'; ignored for 'camera'. */
  camera: boolean;
  /** The camera to use (MediaDeviceInfo.deviceId); absent: the system default. */
  cameraDeviceId?: string;
  /** The microphone to use (MediaDeviceInfo.deviceId); absent: the system default. */
  microphoneDeviceId?: string;
  /**
   * MediaRecorder video bitrate in bit/s; absent: 3 Mbit/s. An advanced setting with no control in
   * the popup (set it in the stored preferences); the recorder clamps it to 0.1–100 Mbit/s. The
   * end-to-end tests raise it so 5 MiB parts fill within seconds.
   */
  videoBitsPerSecond?: number;
  /** Frame size (options page): at most 720 or 1080 lines, or the source's own size capped at 1440 lines. The bitrate follows from it. */
  quality: VideoQuality;
  /** Seconds of 3-2-1 before recording starts (options page): 0, 3 or 5. */
  countdownSeconds: CountdownSeconds;
  /** Options page: the recording stops on its own after this many minutes (a warning 30 s before); absent: no limit. */
  maxLengthMinutes?: number;
}

export type VideoQuality = '720p' | '1080p' | 'source';
export const VIDEO_QUALITIES: readonly VideoQuality[] = ['720p', '1080p', 'source'];
export type CountdownSeconds = 0 | 3 | 5;
export const COUNTDOWN_CHOICES: readonly CountdownSeconds[] = [0, 3, 5];
/** The Maximum length's warning: this long before the end (notification, and the popup's countdown). */
export const MAX_LENGTH_WARNING_MS = 30_000;
/** Longest maximum length the options page accepts (a day). */
export const MAX_LENGTH_LIMIT_MINUTES = 24 * 60;

export const DEFAULT_CAPTURE_OPTIONS: CaptureOptions = { source: 'tab', microphone: false, camera: false, quality: '1080p', countdownSeconds: 3 };

/** A device id as enumerateDevices gives it (an opaque string; bounded so storage stays sane). */
function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

/** One check per option (a new key without a check does not compile). */
const CHECKS: { [K in keyof CaptureOptions]-?: (value: unknown) => value is NonNullable<CaptureOptions[K]> } = {
  source: (value): value is RecordingSource => value === 'tab' || value === 'screen' || value === 'camera',
  microphone: (value): value is boolean => typeof value === 'boolean',
  camera: (value): value is boolean => typeof value === 'boolean',
  cameraDeviceId: isDeviceId,
  microphoneDeviceId: isDeviceId,
  videoBitsPerSecond: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
  quality: (value): value is VideoQuality => VIDEO_QUALITIES.includes(value as VideoQuality),
  countdownSeconds: (value): value is CountdownSeconds => COUNTDOWN_CHOICES.includes(value as CountdownSeconds),
  maxLengthMinutes: (value): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_LENGTH_LIMIT_MINUTES,
};

/** Stored options merged over the defaults; values of the wrong type and unknown keys are dropped. */
export function parseCaptureOptions(value: unknown): CaptureOptions {
  const stored = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const options: Record<string, unknown> = { ...DEFAULT_CAPTURE_OPTIONS };
  for (const [key, check] of Object.entries(CHECKS)) {
    if (check(stored[key])) options[key] = stored[key];
  }
  return options as unknown as CaptureOptions;
}
