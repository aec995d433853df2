/**
 * The room the server gives a recording (the create response's `limits.maxBytes`: the account's
 * storage left, or the largest recording). The recording stops cleanly a little before it, through
 * the normal Stop, so everything recorded is uploaded and in the link. Waiting for the server to
 * refuse a part instead would leave the recording stuck on this computer (the account_limit error).
 */
import type { RecordingLimits } from '../../../../api';
import type { RecorderError } from '../../shared/recorder-status';

/** The least kept free when stopping: the WebM fixer's trailer (its Cues, a few KB a minute) and audio. */
export const STOP_MARGIN_BYTES = 2 * 1024 * 1024;

/**
 * Kept free when stopping: the chunk MediaRecorder still delivers after stop() (1 s chunks; two
 * seconds of the target bitrate, which the encoder may overshoot) and the fixer's trailer. The
 * server refuses a part that starts past the room, so the last chunk must fit.
 */
export function stopMarginBytes(videoBitsPerSecond: number): number {
  return Math.max(STOP_MARGIN_BYTES, Math.ceil((2 * videoBitsPerSecond) / 8));
}

/** True once the recording must stop to stay within the server's room. */
export function outOfRoom(limits: RecordingLimits | undefined, bytesRecorded: number, videoBitsPerSecond: number): boolean {
  return limits !== undefined && bytesRecorded >= limits.maxBytes - stopMarginBytes(videoBitsPerSecond);
}

/** Why the recording stopped by itself, for the finished recording's warning. */
export function outOfRoomWarning(limits: RecordingLimits): RecorderError {
  return limits.limitedBy === 'storage_quota'
    ? {
        code: 'account_limit',
        message: 'Your Reelay storage is full, so the recording stopped. Everything recorded until then is in the link.',
        hint: 'Delete recordings you no longer need in the library to make room for new ones.',
      }
    : {
        code: 'account_limit',
        message: 'The recording reached the largest size your Reelay server takes, so it stopped. Everything recorded until then is in the link.',
        hint: 'Start a new recording to go on.',
      };
}
