/**
 * Recovery decisions for a recording that was interrupted (browser closed, extension reloaded,
 * crash) before its upload completed. Pure: the caller gathers the local record and the server's
 * answer (see recovery-probe.ts), this decides what to do.
 */
import type { ListedPart } from '../../../api';
import { PART_SIZE } from '../../../api';
import {
  partSizeOf,
  sliceRange,
  totalPartCount,
  type AcknowledgedPart,
  type ChunkInfo,
} from './part-cutter';
import type { PartToUpload } from './upload-queue';

/** What recovery needs to know about the local recording. */
export interface RecoveryInput {
  /** Server recording id; absent if the server never created the recording. */
  serverId?: string;
  shareUrl?: string;
  /** Bytes written to the spool (the whole recording if the recorder never finalized). */
  bytesSpooled: number;
  /** The recorder stopped normally and its last chunk was spooled. */
  finalized: boolean;
  /** Chunks still in the spool (acknowledged ones may have been dropped). */
  retainedChunks: readonly ChunkInfo[];
  /**
   * Part 1 as the head object, acknowledged by the store while recording (its chunks may be gone):
   * not a part the server lists, but the server makes part 1 from it at complete.
   */
  head?: AcknowledgedPart;
  partSize?: number;
}

/** The server's view of the upload, as probed by the caller. */
export type ServerUploadState =
  /** ListParts answered: the multipart upload is still open. */
  | { kind: 'open'; parts: readonly ListedPart[] }
  /** ListParts said 404 and the public metadata exists: the recording was completed. */
  | { kind: 'completed' }
  /** ListParts said 404 and there is no finished recording: aborted or swept. */
  | { kind: 'gone' }
  /** The upload token was refused (401/403). */
  | { kind: 'unauthorized' }
  /** No answer / 5xx: try again later. */
  | { kind: 'unreachable' }
  /** The local record has no server id: nothing to ask. */
  | { kind: 'not-created' };

export type RecoveryPlan =
  /** Already completed on the server: mark done, delete the local chunks. */
  | { action: 'mark-done'; shareUrl?: string }
  /**
   * Upload what the server lacks, then complete with `acknowledged` + the uploaded parts.
   * `acknowledged` holds the server's parts (server ETags win). `truncated`: the recorder never
   * finalized, so the recording ends at the last spooled chunk.
   */
  | {
      action: 'resume';
      totalBytes: number;
      acknowledged: AcknowledgedPart[];
      upload: PartToUpload[];
      truncated: boolean;
    }
  /** The server has no recording for it yet: create one and upload every part. */
  | { action: 'create-and-upload'; totalBytes: number; upload: PartToUpload[]; truncated: boolean }
  /** Nothing was recorded: delete the local record (and abort the server upload, if any). */
  | { action: 'discard'; reason: 'empty' }
  /** Could not reach the server: leave everything as is. */
  | { action: 'retry-later'; reason: 'unreachable' }
  /**
   * The server upload cannot be continued. `localCopyComplete`: every byte is still in the spool,
   * so the recording can be exported or uploaded again as a new recording.
   */
  | { action: 'gone'; reason: 'upload_gone' | 'unauthorized'; localCopyComplete: boolean; totalBytes: number }
  /** Parts the server lacks were already dropped locally (the server lost acknowledged parts). */
  | { action: 'unrecoverable'; missingParts: number[]; totalBytes: number };

function isRetained(chunks: readonly ChunkInfo[], start: number, end: number): boolean {
  try {
    sliceRange(chunks, { start, end });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decide how to continue. For an open upload the server's ListParts is authoritative: a part the
 * server holds with the right size is taken as acknowledged (with the server's ETag), even if the
 * local acknowledgement was never persisted; anything else is uploaded from the spool if its
 * bytes are still there.
 */
export function planRecovery(local: RecoveryInput, server: ServerUploadState): RecoveryPlan {
  const partSize = local.partSize ?? PART_SIZE;
  const totalBytes = local.bytesSpooled;
  const count = totalPartCount(totalBytes, partSize);
  const truncated = !local.finalized;
  const allParts = (): PartToUpload[] =>
    Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, size: partSizeOf(i + 1, totalBytes, partSize) }));
  const localCopyComplete = isRetained(local.retainedChunks, 0, totalBytes);

  if (server.kind === 'completed') return { action: 'mark-done', ...(local.shareUrl ? { shareUrl: local.shareUrl } : {}) };
  if (server.kind === 'unreachable') return { action: 'retry-later', reason: 'unreachable' };
  if (count === 0) return { action: 'discard', reason: 'empty' };

  switch (server.kind) {
    case 'not-created':
      if (!localCopyComplete) return { action: 'unrecoverable', missingParts: missing(local, count, partSize), totalBytes };
      return { action: 'create-and-upload', totalBytes, upload: allParts(), truncated };
    case 'gone':
      return { action: 'gone', reason: 'upload_gone', localCopyComplete, totalBytes };
    case 'unauthorized':
      return { action: 'gone', reason: 'unauthorized', localCopyComplete, totalBytes };
    case 'open':
      break;
  }

  const serverParts = new Map(server.parts.map((p) => [p.partNumber, p]));
  const acknowledged: AcknowledgedPart[] = [];
  const upload: PartToUpload[] = [];
  const missingParts: number[] = [];
  for (let n = 1; n <= count; n++) {
    const size = partSizeOf(n, totalBytes, partSize);
    const onServer = serverParts.get(n);
    // A server part of the wrong size (e.g. cut before a truncation) must be replaced.
    if (onServer && onServer.size === size) {
      acknowledged.push({ partNumber: n, etag: onServer.etag, size });
      continue;
    }
    // The head stands for part 1 when there is more than one part (completed with its patch).
    if (n === 1 && local.head && count > 1 && size === local.head.size) {
      acknowledged.push({ ...local.head, head: true });
      continue;
    }
    const start = (n - 1) * partSize;
    if (isRetained(local.retainedChunks, start, start + size)) upload.push({ partNumber: n, size });
    else missingParts.push(n);
  }
  if (missingParts.length > 0) return { action: 'unrecoverable', missingParts, totalBytes };
  return { action: 'resume', totalBytes, acknowledged, upload, truncated };
}

function missing(local: RecoveryInput, count: number, partSize: number): number[] {
  const result: number[] = [];
  for (let n = 1; n <= count; n++) {
    const start = (n - 1) * partSize;
    const size = partSizeOf(n, local.bytesSpooled, partSize);
    if (!isRetained(local.retainedChunks, start, start + size)) result.push(n);
  }
  return result;
}
