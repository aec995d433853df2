/**
 * Every failure of the recorder, in words a user can act on (RecorderError: code, message, hint).
 * Pure: classifies DOMExceptions, HTTP errors and the upload queue's errors by their names/types.
 */
import type { RecorderError, RecordingSource } from '../../shared/recorder-status';
import { isTransientFailure } from '../retry';
import {
  AckPersistError,
  HttpError,
  MissingEtagError,
  PartRejectedError,
  PresignRejectedError,
  UploadStalledError,
  describeError,
} from '../upload-errors';

const SAFE = 'your recording is safe on this computer and will upload when it’s back';

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

export function serverUnreachableError(serverUrl: string): RecorderError {
  return {
    code: 'server_unreachable',
    message: `The Reelay server at ${serverUrl} did not answer.`,
    hint: `Check that the Reelay server at ${serverUrl} is running; ${SAFE}.`,
  };
}

export function unauthorizedError(serverUrl: string): RecorderError {
  return {
    code: 'unauthorized',
    message: `The Reelay server at ${serverUrl} refused the API token.`,
    hint: 'Open Server settings and check the API token. Your recording is safe on this computer.',
  };
}

export function noRecordingError(): RecorderError {
  return { code: 'no_recording', message: 'Nothing is being recorded.', hint: '' };
}

export function busyError(): RecorderError {
  return { code: 'busy', message: 'A recording is already running.', hint: 'Stop or cancel it first.' };
}

export function cancelledStartError(): RecorderError {
  return { code: 'no_recording', message: 'The recording was cancelled before it started.', hint: '' };
}

export function captureError(error: unknown, source: RecordingSource): RecorderError {
  const what = source === 'tab' ? 'this tab' : 'the screen';
  const name = errorName(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      code: 'permission_denied',
      message: source === 'screen' ? 'Sharing the screen was cancelled or not allowed.' : `Chrome did not allow recording ${what}.`,
      hint: source === 'screen' ? 'Press Start recording again and choose what to share.' : 'Click the Reelay button on the tab you want to record, then try again.',
    };
  }
  return {
    code: 'capture_failed',
    message: `Could not capture ${what}: ${describeError(error)}`,
    hint: source === 'tab' ? 'Reload the tab and try again, or record “Screen or window” instead.' : 'Try again.',
  };
}

export function microphoneError(error: unknown): RecorderError {
  const name = errorName(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      code: 'permission_denied',
      message: 'Reelay may not use the microphone.',
      hint: 'Turn the microphone switch off, or allow the microphone on Reelay’s permission page and try again.',
    };
  }
  return {
    code: 'capture_failed',
    message: `The microphone could not be opened: ${describeError(error)}`,
    hint: 'Check that a microphone is connected, or record without it.',
  };
}

export function unsupportedRecorderError(): RecorderError {
  return {
    code: 'recorder_failed',
    message: 'This browser cannot record WebM video.',
    hint: 'Update Chrome and try again.',
  };
}

export function recorderFailedError(error: unknown): RecorderError {
  return {
    code: 'recorder_failed',
    message: `The recorder stopped unexpectedly: ${describeError(error)}`,
    hint: 'What was recorded until then is kept and uploaded.',
  };
}

export function isQuotaError(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'QuotaExceededError') return true;
  const inner = (error as { cause?: unknown; inner?: unknown } | null)?.cause;
  return inner !== undefined && inner !== error && isQuotaError(inner);
}

/**
 * What Chrome's IndexedDB answers when the DISK is full: a QuotaExceededError never comes for an
 * extension with unlimitedStorage; the chunk's blob file just cannot be written
 * (DataError "Failed to write blobs (IOError)", seen on a full tmpfs, e2e/faults-local.spec.ts).
 */
export function isBlobWriteError(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  if (errorName(error) === 'DataError' && typeof message === 'string' && /failed to write blob/i.test(message)) return true;
  const inner = (error as { cause?: unknown } | null)?.cause;
  return inner !== undefined && inner !== error && isBlobWriteError(inner);
}

export function storageError(error: unknown): RecorderError {
  if (isBlobWriteError(error)) {
    return {
      code: 'storage_failed',
      message: 'The recording could not be written to this computer’s disk (it is probably full), so it was stopped.',
      hint: 'What was recorded until then is uploaded. Free some disk space before the next recording.',
    };
  }
  if (isQuotaError(error)) {
    return {
      code: 'storage_failed',
      message: 'This computer ran out of space for the recording, so it was stopped.',
      hint: 'What was recorded until then is uploaded. Free some disk space before the next recording.',
    };
  }
  return {
    code: 'storage_failed',
    message: `The recording could not be saved on this computer: ${describeError(error)}`,
    hint: 'What was saved until then is uploaded. Try again; if it keeps failing, restart Chrome.',
  };
}

/** A failure of a backend API call (create / complete / delete). */
export function apiCallError(error: unknown, serverUrl: string): RecorderError {
  if (isTransientFailure(error)) return serverUnreachableError(serverUrl);
  if (error instanceof HttpError) {
    if (error.status === 401 || error.status === 403) return unauthorizedError(serverUrl);
    if (error.code === 'not_reelay') {
      return {
        code: 'server_rejected',
        message: `${serverUrl} does not answer like a Reelay server.`,
        hint: 'Open Server settings and check the Server URL. Your recording is safe on this computer.',
      };
    }
    return {
      code: 'server_rejected',
      message: `The Reelay server refused the recording: ${error.message}`,
      hint: 'Your recording is safe on this computer.',
    };
  }
  return { code: 'unknown', message: describeError(error), hint: 'Your recording is safe on this computer.' };
}

/** Why the upload queue gave up. */
export function uploadFailureError(error: unknown, serverUrl: string): RecorderError {
  if (error instanceof UploadStalledError) return serverUnreachableError(serverUrl);
  if (error instanceof AckPersistError) return storageError(error.cause);
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (error instanceof PresignRejectedError && cause instanceof HttpError) {
    if (cause.code === 'quota_exceeded' || cause.code === 'recording_too_large') return accountLimitError(cause);
    if (cause.status === 401 || cause.status === 403) return unauthorizedError(serverUrl);
    if (cause.status === 404 || cause.status === 409) return uploadGoneError();
  }
  if (error instanceof PartRejectedError && cause instanceof MissingEtagError) {
    return {
      code: 'upload_failed',
      message: 'The storage accepted a part but did not tell its ETag.',
      hint: 'The bucket’s CORS rules must expose the ETag header (see the Reelay README). Your recording is safe on this computer.',
    };
  }
  if (error instanceof PartRejectedError && cause instanceof HttpError && cause.code === 'upload_gone') return uploadGoneError();
  return {
    code: 'upload_failed',
    message: `Uploading failed: ${describeError(error)}`,
    hint: 'Your recording is safe on this computer; Reelay tries again when Chrome restarts.',
  };
}

/**
 * The account's storage is full, or the recording reached the largest size the server takes: the
 * recording stopped there. What was recorded stays on this computer (the upload resumes once there is room).
 */
export function accountLimitError(cause: HttpError): RecorderError {
  const full = cause.code === 'quota_exceeded';
  return {
    code: 'account_limit',
    message: full ? 'Your Reelay storage is full, so the recording stopped.' : 'The recording reached the largest size your Reelay server takes, so it stopped.',
    hint: full
      ? 'Everything recorded so far is kept on this computer. Delete recordings you no longer need in the library; the rest uploads when Chrome restarts.'
      : 'Everything recorded so far is kept on this computer. Start a new recording to go on.',
  };
}

export function uploadGoneError(): RecorderError {
  return {
    code: 'upload_gone',
    message: 'The server no longer has this upload (it was deleted or expired).',
    hint: 'The recording is kept on this computer.',
  };
}

/** An Error carrying a RecorderError (for promise rejections). */
export class RecorderFailure extends Error {
  override readonly name = 'RecorderFailure';
  constructor(readonly error: RecorderError) {
    super(error.message);
  }
}

/** The RecorderError inside anything thrown. */
export function toRecorderError(error: unknown): RecorderError {
  if (error instanceof RecorderFailure) return error.error;
  return { code: 'unknown', message: describeError(error), hint: 'Your recording is safe on this computer.' };
}
