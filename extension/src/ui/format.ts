/** Pure formatting for the popup: times, sizes, upload progress in words. */
import type { RecordingSource, UploadProgress } from '../shared/recorder-status';

/** 0:07, 12:34, 1:02:03 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
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
  /** e.g. "3 parts uploaded (15 MB)" */
  uploaded: string;
  /** e.g. "1.2 MB waiting to upload" or "All uploaded" */
  backlog: string;
  /** Something the user should know about, or null. */
  warning: string | null;
}

export function describeUpload(upload: UploadProgress): UploadSummary {
  const parts = upload.partsUploaded === 1 ? '1 part' : `${upload.partsUploaded} parts`;
  const uploaded = `${parts} uploaded (${formatBytes(upload.bytesUploaded)})`;
  const backlog = upload.backlogBytes > 0 ? `${formatBytes(upload.backlogBytes)} waiting to upload` : 'All uploaded so far';
  let warning: string | null = null;
  if (upload.offline) {
    warning = "You're offline. Recording continues; the upload resumes when you're back online.";
  } else if (upload.waitingForServer) {
    // Shown while recording AND after Stop (finishing), so it must not claim that recording goes on.
    warning = 'Waiting for server… The server is not answering; the upload retries by itself and the recording is safe on this computer.';
  } else if (upload.retrying) {
    const why = upload.retrying.lastError ? ` (${upload.retrying.lastError})` : '';
    warning = `Retrying an upload${why}…`;
  }
  return { uploaded, backlog, warning };
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

/** Title sent with a new recording, e.g. "Tab recording – 22 Nov 2026, 07:30". */
export function defaultRecordingTitle(source: RecordingSource, date: Date): string {
  const kind = source === 'tab' ? 'Tab recording' : 'Screen recording';
  const when = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return `${kind} – ${when}`;
}
