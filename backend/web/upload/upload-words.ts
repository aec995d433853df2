/**
 * What went wrong with an upload, in plain words with what to do next; and the progress figures
 * as people read them. Pure.
 */
import { HttpError, NetworkError, UploadError, UploadStalledError } from '../../../extension/src/core/upload-errors';
import { UploadProblem } from './file-uploader';

const PICK_AGAIN = 'Pick the same file again to continue where it stopped.';

export function uploadErrorWords(error: unknown): string {
  if (error instanceof UploadProblem) return error.message;
  const cause = error instanceof UploadError && error.cause !== undefined ? error.cause : error;
  if (cause instanceof HttpError) {
    // The server's own sentence: too large, not a video, or the account's storage is full.
    if (cause.status === 413 || cause.status === 415 || cause.code === 'quota_exceeded') return cause.message;
    if (cause.status === 429 && cause.code === 'rate_limited') return `${cause.message} ${PICK_AGAIN}`;
    if (cause.status === 401) return `You are signed out. Reload the page and sign in, then ${PICK_AGAIN.charAt(0).toLowerCase()}${PICK_AGAIN.slice(1)}`;
    if (cause.status === 403 || cause.status === 404 || cause.code === 'upload_gone') {
      return 'This upload no longer exists on the server (it was cancelled or expired). Pick the file again to start over.';
    }
    if (cause.status === 429 || cause.status >= 500) return `The server is having trouble right now. Wait a moment. ${PICK_AGAIN}`;
    return `The upload was refused: ${cause.message} Pick the file again to start over.`;
  }
  if (cause instanceof NetworkError || error instanceof UploadStalledError) return `The connection was lost. Check your network. ${PICK_AGAIN}`;
  return `Something went wrong in this page. Reload it. ${PICK_AGAIN}`;
}

/** 19.3 MB (decimal megabytes, as file managers show sizes). */
export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

export function progressWords(sent: number, total: number): { percent: number; text: string } {
  const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  return { percent, text: `${percent}% · ${megabytes(sent)} of ${megabytes(total)}` };
}
