/**
 * The local spool: every MediaRecorder chunk is written here BEFORE anything else, together with
 * the small durable state of the recording. Implemented over IndexedDB in
 * extension/src/offscreen/spool/idb-spool.ts; this module holds the types and pure helpers.
 */
import type { LocalRecordingStatus, RecentRecording, RecorderError, RecordingSource } from '../shared/recorder-status';
import { PART_SIZE } from '../../../api';
import { type AcknowledgedPart, type ChunkInfo } from './part-cutter';
import type { PartSource } from './upload-ports';

export interface PausedSpan {
  /** Epoch ms. */
  start: number;
  /** Epoch ms; absent while the pause lasts. */
  end?: number;
}

/** The durable, small state of one recording (one IndexedDB record, no media bytes). */
export interface RecordingRecord {
  localId: string;
  /** Server recording id, upload id and upload token once POST /api/recordings answered. */
  serverId?: string;
  uploadId?: string;
  uploadToken?: string;
  /** Backend base URL the recording belongs to (its upload token only works there). */
  serverUrl: string;
  shareUrl?: string;
  mimeType: string;
  title: string;
  source?: RecordingSource;
  status: LocalRecordingStatus;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** Total bytes appended (the stream length), including chunks dropped since. */
  bytesSpooled: number;
  /** Chunks appended so far (= the next chunk's seq). */
  chunkCount: number;
  /** The recorder stopped and its last chunk is spooled. */
  finalized: boolean;
  /** Parts the store acknowledged, sorted by part number. */
  acknowledgedParts: AcknowledgedPart[];
  /** Recorded time, paused spans excluded. */
  durationMs: number;
  pausedSpans: PausedSpan[];
  /** Parts deliberately kept local for now (e.g. part 1 until its WebM header is patched). */
  heldParts: number[];
  width?: number;
  height?: number;
  error?: RecorderError;
  /** Epoch ms when the MediaRecorder started (after the countdown). */
  startedAt?: number;
  /** Epoch ms when Stop was pressed (or the capture ended / recovery finalized it). */
  stoppedAt?: number;
  /** Epoch ms when the server completed the upload. */
  completedAt?: number;
  /** Requested video bitrate (bit/s). */
  videoBitsPerSecond?: number;
  /** The step between MediaRecorder and the spool (e.g. a WebM fixer) and its JSON state, saved with every chunk. */
  transform?: { name: string; state: unknown };
  /** Bytes of part 1 replaced when it is uploaded (WebM header fix). Base64; `original` is what the spool holds. */
  headerPatch?: HeaderPatchRecord;
  /** Cancelled or deleted locally, but the server upload could not be aborted yet: recovery retries the DELETE. */
  pendingDelete?: boolean;
}

export interface HeaderPatchRecord {
  /** Stream offset of the first replaced byte (inside part 1). */
  offset: number;
  /** Replacement bytes, base64. */
  bytes: string;
  /** The spooled bytes they replace, base64 (same length). */
  original: string;
}

/** Fields a new record starts with; the rest gets defaults. */
export type NewRecording = Pick<RecordingRecord, 'localId' | 'serverUrl' | 'mimeType' | 'title'> &
  Partial<Omit<RecordingRecord, 'localId' | 'serverUrl' | 'mimeType' | 'title'>>;

/** What may be changed through updateRecording (the spool owns the byte/chunk/ack bookkeeping). */
export type RecordingPatch = Partial<
  Omit<RecordingRecord, 'localId' | 'bytesSpooled' | 'chunkCount' | 'acknowledgedParts' | 'createdAt'>
>;

export type ChunkData = Blob | ArrayBuffer | Uint8Array;

/** A stored chunk with its bytes (a Blob handle). */
export interface SpooledChunk extends ChunkInfo {
  data: Blob;
}

export interface AppendResult {
  chunk: ChunkInfo;
  record: RecordingRecord;
}

export interface ChunkSpool {
  createRecording(init: NewRecording): Promise<RecordingRecord>;
  getRecording(localId: string): Promise<RecordingRecord | undefined>;
  /** Apply a patch (or a function of the current record) in one transaction. */
  updateRecording(
    localId: string,
    patch: RecordingPatch | ((record: RecordingRecord) => RecordingPatch),
  ): Promise<RecordingRecord>;
  /**
   * Store a chunk as the next one of the stream and update the record (bytes, count, and the
   * optional patch, e.g. durationMs) in ONE transaction. Empty chunks are not stored.
   */
  appendChunk(localId: string, data: ChunkData, patch?: RecordingPatch): Promise<AppendResult>;
  /** Stream bytes [start, end) assembled from the chunks; throws if a needed chunk is gone. */
  readRange(localId: string, start: number, end: number): Promise<Blob>;
  /**
   * The chunks still held that overlap stream bytes [start, end), in stream order, with their
   * Blobs, in ONE read transaction (several parts' worth at once: see offscreen/part-source.ts).
   * Blob handles only: no bytes are loaded. Missing chunks are simply absent.
   */
  readChunks(localId: string, start: number, end: number): Promise<SpooledChunk[]>;
  /**
   * Persist an acknowledged part, then (same transaction) delete the chunks whose every byte is
   * now covered by acknowledged parts (the cutter's drop-safety rule). Returns the dropped seqs.
   */
  acknowledgePart(localId: string, ack: AcknowledgedPart): Promise<{ record: RecordingRecord; dropped: number[] }>;
  /** Chunks still held (metadata only), in stream order. */
  listChunks(localId: string): Promise<ChunkInfo[]>;
  /** The whole recording as one Blob, if every chunk is still held (export). */
  exportRecording(localId: string): Promise<Blob | undefined>;
  /** Delete the chunks but keep the record: only once the server completed the recording. */
  purgeChunks(localId: string): Promise<void>;
  /** Delete the record and all its chunks. */
  deleteRecording(localId: string): Promise<void>;
  /** All records, newest first. */
  listRecordings(): Promise<RecordingRecord[]>;
  /** Records whose upload has not finished and may be resumed ('recording', 'uploading', 'completing', 'interrupted'). */
  listUnfinished(): Promise<RecordingRecord[]>;
  close(): void;
}

export const UNFINISHED_STATUSES: readonly LocalRecordingStatus[] = ['recording', 'uploading', 'completing', 'interrupted'];

export function isUnfinished(record: Pick<RecordingRecord, 'status'>): boolean {
  return UNFINISHED_STATUSES.includes(record.status);
}

export function newRecordingRecord(init: NewRecording, now: number): RecordingRecord {
  return {
    status: 'recording',
    createdAt: now,
    updatedAt: now,
    bytesSpooled: 0,
    chunkCount: 0,
    finalized: false,
    acknowledgedParts: [],
    durationMs: 0,
    pausedSpans: [],
    heldParts: [],
    ...init,
  };
}

/** Insert or replace the acknowledgement of one part, keeping the list sorted. */
export function withAcknowledgement(acks: readonly AcknowledgedPart[], ack: AcknowledgedPart): AcknowledgedPart[] {
  return [...acks.filter((a) => a.partNumber !== ack.partNumber), ack].sort((a, b) => a.partNumber - b.partNumber);
}

/** The popup's view of a record. */
export function toRecentRecording(record: RecordingRecord): RecentRecording {
  return {
    localId: record.localId,
    title: record.title,
    createdAt: record.createdAt,
    durationMs: record.durationMs,
    bytes: record.bytesSpooled,
    status: record.status,
    ...(record.serverId !== undefined ? { recordingId: record.serverId } : {}),
    ...(record.shareUrl !== undefined ? { shareUrl: record.shareUrl } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}

/** The spool as the upload queue's PartSource: part n is stream bytes [(n-1)·P, (n-1)·P + size). */
export function spoolPartSource(spool: Pick<ChunkSpool, 'readRange'>, localId: string, partSize = PART_SIZE): PartSource {
  return {
    readPart: (partNumber, size) => {
      const start = (partNumber - 1) * partSize;
      return spool.readRange(localId, start, start + size);
    },
  };
}
