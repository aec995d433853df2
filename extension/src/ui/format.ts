/** Pure formatting for the popup: times, sizes, upload progress in words. */
import { PART_SIZE } from '../../../api';
import { clockTime } from '../../../api/clock-time';
import { MAX_LENGTH_WARNING_MS } from '../shared/capture-options';
import type { UploadProgress } from '../shared/recorder-status';

/** 0:07, 12:34, 1:02:03, whole seconds passed (api/clock-time.ts). */
export const formatElapsed = (ms: number): string => clockTime(ms, 'down');

/** From an hour before the end: a server's 4-hour cap need not show on every short recording. */
export const MAX_LENGTH_NOTE_WITHIN_S = 3600;

/** What the popup says about the Maximum length at this point of the recording. */
export function maxLengthNote(
  maxLengthMs: number | undefined,
  elapsedMs: number,
): { kind: 'none' } | { kind: 'where'; maxLengthMs: number } | { kind: 'countdown'; maxLengthMs: number; secondsLeft: number } {
  if (maxLengthMs === undefined) return { kind: 'none' };
  const secondsLeft = Math.max(0, Math.ceil((maxLengthMs - elapsedMs) / 1000));
  if (secondsLeft > MAX_LENGTH_NOTE_WITHIN_S) return { kind: 'none' };
  if (secondsLeft > MAX_LENGTH_WARNING_MS / 1000) return { kind: 'where', maxLengthMs };
  return { kind: 'countdown', maxLengthMs, secondsLeft };
}

/** 0 B, 900 B, 1.5 KB, 12 MB, 1.2 GB (binary units, one decimal below 10). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export interface UploadSummary {
  /** "Uploading — 2.1 MB to go" or "Up to date". */
  text: string;
  /** Something the user should know about (the server can't be reached, offline), or null. */
  warning: string | null;
}

/**
 * The upload in plain words. While recording, the part being filled (under 5 MiB, uploaded once
 * it is full or at Stop) is not "to go": a short recording is up to date, not stuck. After Stop
 * (`finishing`) everything not yet uploaded is to go.
 */
export function describeUpload(upload: UploadProgress, finishing = false): UploadSummary {
  const filling = finishing ? 0 : upload.bytesRecorded % PART_SIZE;
  const toGo = Math.max(0, upload.backlogBytes - filling);
  const text = toGo > 0 ? `Uploading — ${formatBytes(toGo)} to go` : 'Up to date';
  let warning: string | null = null;
  if (upload.offline) {
    warning = finishing
      ? "You're offline. The upload resumes when you're back online; the recording is safe on this computer."
      : "You're offline. Recording continues; the upload resumes when you're back online.";
  } else if (upload.waitingForServer) {
    // Goes away by itself: the status clears waitingForServer once a request gets through.
    warning = finishing
      ? "Waiting for server… Reelay can't reach your server or its storage. The upload retries on its own; the recording is safe on this computer."
      : "Waiting for server… Reelay can't reach your server or its storage. Recording continues, and the upload catches up on its own once the connection is back.";
  } else if (upload.retrying) {
    const why = upload.retrying.lastError ? ` (${upload.retrying.lastError})` : '';
    warning = `Retrying an upload${why}…`;
  }
  return { text, warning };
}

/** "just now", "5 min ago", "3 h ago", "yesterday", else a short date. */
export function formatWhen(epochMs: number, now: number): string {
  const diff = Math.max(0, now - epochMs);
  const min = Math.floor(diff / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours} h ago`;
  if (hours < 48) return 'yesterday';
  return new Date(epochMs).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}
