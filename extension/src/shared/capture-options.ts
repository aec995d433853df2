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
  /** 'tab': the tab the popup was opened on, with its sound; 'screen': Chrome's picker. */
  source: RecordingSource;
  /** Mix the user's microphone into the recording's audio. */
  microphone: boolean;
  /**
   * MediaRecorder video bitrate in bit/s; absent: 3 Mbit/s. An advanced setting with no control in
   * the popup (set it in the stored preferences); the recorder clamps it to 0.1–100 Mbit/s. The
   * end-to-end tests raise it so 5 MiB parts fill within seconds.
   */
  videoBitsPerSecond?: number;
}

export const DEFAULT_CAPTURE_OPTIONS: CaptureOptions = { source: 'tab', microphone: false };

/** One check per option (a new key without a check does not compile). */
const CHECKS: { [K in keyof CaptureOptions]-?: (value: unknown) => value is NonNullable<CaptureOptions[K]> } = {
  source: (value): value is RecordingSource => value === 'tab' || value === 'screen',
  microphone: (value): value is boolean => typeof value === 'boolean',
  videoBitsPerSecond: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
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
