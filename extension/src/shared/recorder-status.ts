/**
 * The recorder's observable state, owned by the offscreen document and shown by the popup
 * (via `get-status` and `status-changed` broadcasts). A discriminated union on `state`.
 */

/** Upload progress of the current recording (all counts are for this recording only). */
export interface UploadProgress {
  /** Parts acknowledged by the store (PUT succeeded, ETag persisted). */
  partsUploaded: number;
  /** Parts cut (or waiting to be cut) that are not acknowledged yet, including in-flight ones. */
  partsQueued: number;
  /** Bytes the MediaRecorder produced so far (all spooled to IndexedDB). */
  bytesRecorded: number;
  /** Bytes of acknowledged parts. */
  bytesUploaded: number;
  /** bytesRecorded - bytesUploaded: what still lives only on this machine. */
  backlogBytes: number;
  /** Present while at least one part is waiting for a retry after a failed attempt. */
  retrying?: UploadRetryInfo;
  /** navigator.onLine is false: uploads wait, recording continues into the spool. */
  offline: boolean;
  /** The server / store did not answer (network error or 5xx) and we are backing off. */
  waitingForServer: boolean;
}

export interface UploadRetryInfo {
  /** How many parts are currently waiting for a retry. */
  parts: number;
  /** Highest attempt number among them (1 = first retry). */
  attempt: number;
  /** Epoch ms of the next scheduled attempt, if known. */
  nextAttemptAt?: number;
  /** Last error seen, short and human-readable (e.g. "HTTP 503"). */
  lastError?: string;
}

/** Machine-readable failure codes; the popup picks wording/actions from these. */
export type RecorderErrorCode =
  | 'permission_denied' // user or policy refused capture / microphone
  | 'capture_failed' // could not obtain a stream (tab closed, no stream id, ...)
  | 'recorder_failed' // MediaRecorder error event / unsupported mime type
  | 'storage_failed' // IndexedDB write failed (quota, ...)
  | 'server_unreachable' // backend did not answer at all
  | 'unauthorized' // API token / upload token rejected (401/403 from the backend)
  | 'server_rejected' // backend answered 4xx to create/complete
  | 'upload_failed' // a part could not be uploaded after all retries
  | 'upload_gone' // the multipart upload no longer exists on the server (aborted / swept)
  | 'account_limit' // the account's storage quota or largest recording was reached (the recording stops, kept locally)
  | 'busy' // a recording is already running
  | 'no_recording' // command needs a recording, there is none
  | 'unknown';

export interface RecorderError {
  code: RecorderErrorCode;
  /** What happened, one sentence. */
  message: string;
  /** What the user can do about it, one sentence ('' if nothing). */
  hint: string;
}

/** 'camera': "Camera only", the camera full-frame. */
export type RecordingSource = 'tab' | 'screen' | 'camera';

export type RecorderStatus =
  | { state: 'idle' }
  | { state: 'preparing' }
  | { state: 'countdown'; secondsLeft: number }
  | {
      state: 'recording';
      /** Epoch ms when recording (first chunk) started. */
      startedAt: number;
      /** Recorded time so far, paused spans excluded. */
      elapsedMs: number;
      source: RecordingSource;
      microphone: boolean;
      title?: string;
      upload: UploadProgress;
      /** The options page's Maximum length, in recorded ms: the recording stops on its own there. */
      maxLengthMs?: number;
    }
  | {
      state: 'paused';
      startedAt: number;
      /** Recorded time until the pause, paused spans excluded. */
      elapsedMs: number;
      /** Epoch ms when the current pause began. */
      pausedAt: number;
      source: RecordingSource;
      microphone: boolean;
      title?: string;
      upload: UploadProgress;
      /** The options page's Maximum length, in recorded ms: the recording stops on its own there. */
      maxLengthMs?: number;
    }
  | {
      /** Stop was pressed: draining the last chunk, uploading the rest, completing. */
      state: 'finishing';
      elapsedMs: number;
      upload: UploadProgress;
      /** The share link, handed to the user at Stop (known since the server recording was created). */
      shareUrl?: string;
      /** Whether copying it to the clipboard at Stop worked (absent until tried). */
      linkCopied?: boolean;
    }
  | {
      state: 'done';
      shareUrl: string;
      recordingId: string;
      /** The recording ended early for a reason the user should know (e.g. disk full); what was recorded is uploaded. */
      warning?: RecorderError;
    }
  | { state: 'failed'; error: RecorderError }
  | { state: 'cancelled' };

export type RecorderState = RecorderStatus['state'];

/** Narrow a status to one state: `statusIs(s, 'recording')`. */
export function statusIs<S extends RecorderState>(
  status: RecorderStatus,
  state: S,
): status is Extract<RecorderStatus, { state: S }> {
  return status.state === state;
}

/** True while a recording session exists (the Stop / Cancel buttons make sense). */
export function isActiveStatus(status: RecorderStatus): boolean {
  return (
    status.state === 'preparing' ||
    status.state === 'countdown' ||
    status.state === 'recording' ||
    status.state === 'paused' ||
    status.state === 'finishing'
  );
}

export const IDLE_STATUS: RecorderStatus = { state: 'idle' };

export { emptyUploadProgress } from '../core/recorder/upload-progress';

/** Lifecycle of a locally stored recording (IndexedDB record), shown in the recent list. */
export type LocalRecordingStatus =
  | 'recording' // MediaRecorder still producing chunks
  | 'uploading' // finalized locally, parts still going up
  | 'completing' // all parts acknowledged, complete request pending
  | 'done' // server completed it; shareUrl is final
  | 'interrupted' // browser/extension stopped mid-way; recover can resume it
  | 'failed' // gave up (see error); local data kept for export
  | 'gone'; // the server no longer has the upload; local data kept for export

/** One entry of the recent-recordings list (`list-recent`). */
export interface RecentRecording {
  localId: string;
  /** Server recording id, once the server created it. */
  recordingId?: string;
  title: string;
  /** Epoch ms. */
  createdAt: number;
  durationMs: number;
  /** Bytes recorded locally. */
  bytes: number;
  status: LocalRecordingStatus;
  /** Known from creation on; only watchable once status is 'done'. */
  shareUrl?: string;
  error?: RecorderError;
}
