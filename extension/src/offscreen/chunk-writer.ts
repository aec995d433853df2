/**
 * Writes the recorder's chunks to the spool, strictly in order: chunk → stream transform
 * ("prepare", one chunk at a time) → ONE IndexedDB transaction holding the bytes and the transform
 * state ("commit"). Only after the write committed is anyone told about
 * the new bytes. The two stages overlap: chunks are prepared while the previous transaction
 * commits, and everything prepared meanwhile goes into the next transaction together (group
 * commit, one stored Blob of up to MAX_BATCH_BYTES). A live recording writes one chunk per
 * transaction; a spool that fell behind (slow disk, a replay) catches up in few transactions.
 * At Stop, `finalize` flushes the transform, then appends its last bytes and trailer, stores the
 * header patch and marks the record finalized, all in one transaction. A failed write (e.g. disk full) stops all later writes:
 * the spool keeps a consistent prefix of the stream, and `finalize` still works on it.
 */
import type { ChunkSpool, RecordingPatch, RecordingRecord } from '../core/chunk-spool';
import { toPatchRecord, type BytePatch } from '../core/recorder/header-patch';
import { transformByName, type StreamTransform, type StreamTransformFactory } from '../core/transforms';
import type { StreamFinalization } from '../core/transforms/stream-transform';
import { concatBytes } from '../core/webm/ebml-writer';

export interface ChunkWriterOptions {
  spool: ChunkSpool;
  localId: string;
  factory: StreamTransformFactory;
  /** Extra fields saved with every chunk (e.g. the current durationMs). */
  chunkPatch?: () => RecordingPatch;
  /** Called after each committed write with the spooled stream length and the Blob just stored. */
  onSpooled?: (bytesSpooled: number, written: SpooledBytes) => void;
  /** Called once, on the first failed write. */
  onWriteError?: (error: unknown) => void;
}

export interface Finalized {
  record: RecordingRecord;
  totalBytes: number;
  headerPatch: BytePatch | null;
  /** Why the stream transform could not fully fix the stream, if it could not. */
  problem: string | null;
}

type ChunkInput = Blob | Uint8Array;

/** Stream bytes [offset, offset + data.size) just committed to the spool. */
export interface SpooledBytes {
  offset: number;
  data: Blob;
}

/** The most one transaction takes when chunks queued up (one stored Blob). */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/** How much of the stream's start is kept in memory: the WebM header, which Stop patches, is well within it. */
const HEAD_BYTES = 64 * 1024;

/** A transformed chunk, with the transform state to persist once it is committed. */
interface Prepared {
  bytes: Uint8Array;
  transform: unknown;
}

async function toBytes(data: ChunkInput): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

export class ChunkWriter {
  /** The prepare stage: one chunk after the other, in order. */
  private preparing: Promise<void> = Promise.resolve();
  /** Prepared chunks waiting for the next transaction. */
  private ready: Prepared[] = [];
  /** The commit loop, while it runs. */
  private committing: Promise<void> | undefined;
  private transform: StreamTransform;
  /** Transform state as of the last committed write (restored after a failed write). */
  private committed: unknown;
  private failure: unknown;
  private finalizing = false;
  private finalized: Promise<Finalized> | undefined;
  private spooled: number;
  /** The stream's first bytes as committed (a fresh writer's; empty for a resumed one). */
  private head = new Uint8Array(0);

  private constructor(
    private readonly options: ChunkWriterOptions,
    transform: StreamTransform,
    bytesSpooled: number,
  ) {
    this.transform = transform;
    this.committed = transform.state();
    this.spooled = bytesSpooled;
  }

  /** A writer for a fresh recording (no bytes spooled yet). */
  static fresh(options: ChunkWriterOptions): ChunkWriter {
    return new ChunkWriter(options, options.factory.create(), 0);
  }

  /** A writer continuing a persisted record (recovery), with its transform restored. */
  static resume(options: Omit<ChunkWriterOptions, 'factory'>, record: RecordingRecord): ChunkWriter {
    const factory = transformByName(record.transform?.name);
    const transform = record.transform ? factory.restore(record.transform.state) : factory.create();
    return new ChunkWriter({ ...options, factory }, transform, record.bytesSpooled);
  }

  get bytesSpooled(): number {
    return this.spooled;
  }

  get error(): unknown {
    return this.failure;
  }

  /** Queue a recorder chunk. Never throws; chunks after a failed write (or after finalize) are dropped. */
  write(data: ChunkInput): void {
    if (this.finalizing) return;
    this.preparing = this.preparing.then(async () => {
      if (this.failure !== undefined) return;
      try {
        const bytes = await toBytes(data);
        if (this.failure !== undefined) return; // a commit failed meanwhile: the transform was rewound
        this.ready.push(this.prepare(this.transform.push(bytes)));
        this.committing ??= this.commitLoop();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** Resolves when every queued chunk is written (or dropped after a failure). */
  async flush(): Promise<void> {
    await this.preparing;
    while (this.committing) await this.committing;
  }

  /**
   * After the recorder's last chunk was queued: flush, finish the transform, and persist the final
   * state (finalized, header patch, plus `patch`). Later write() calls are ignored.
   */
  finalize(patch: RecordingPatch = {}): Promise<Finalized> {
    this.finalized ??= this.doFinalize(patch);
    return this.finalized;
  }

  /** Drop later chunks and wait for every write in progress (cancel). */
  async close(): Promise<void> {
    this.finalizing = true;
    await this.flush();
    await this.finalized?.catch(() => undefined);
  }

  private async doFinalize(patch: RecordingPatch): Promise<Finalized> {
    this.finalizing = true;
    await this.flush();
    const { spool, localId } = this.options;
    // The transform's last bytes, its trailer (Cues) and the finished record go in ONE
    // transaction: at Stop the tail's upload waits for it, and each transaction is a round trip
    // to IndexedDB. A crash before it commits leaves the record unfinalized, as before Stop.
    let fix: StreamFinalization = { headerPatch: null, trailer: new Uint8Array(0), problem: null, durationMs: null };
    let last: Prepared[] = [];
    if (this.failure === undefined) {
      try {
        const end = this.prepare(this.transform.end());
        fix = this.transform.finalize(this.spooled + end.bytes.length);
        last = fix.trailer.length > 0 ? [end, this.prepare(fix.trailer)] : [end];
      } catch (error) {
        this.fail(error);
        fix = { headerPatch: null, trailer: new Uint8Array(0), problem: `finalizing failed: ${String(error)}`, durationMs: null };
      }
    }
    const total = this.spooled + last.reduce((n, p) => n + p.bytes.byteLength, 0);
    let headerPatch = fix.headerPatch && fix.headerPatch.offset + fix.headerPatch.bytes.length <= total ? fix.headerPatch : null;
    const patchRecord = headerPatch ? toPatchRecord(headerPatch, await this.original(headerPatch.offset, headerPatch.bytes.length, last)) : undefined;
    // The stream's own duration beats the wall clock (which also counts MediaRecorder's start-up
    // and, after a crash, the time to the last chunk write): it is what players will show.
    const streamDuration = fix.durationMs !== null && Number.isFinite(fix.durationMs) && fix.durationMs > 0 ? Math.round(fix.durationMs) : undefined;
    const finished: RecordingPatch = { ...patch, finalized: true };
    if (last.length > 0) {
      try {
        const record = await this.commit(last, {
          ...finished,
          ...(streamDuration !== undefined ? { durationMs: streamDuration } : {}),
          ...(patchRecord ? { headerPatch: patchRecord } : {}),
        });
        return { record, totalBytes: this.spooled, headerPatch, problem: fix.problem };
      } catch (error) {
        // The stream stays as spooled (playable, just not fixed).
        this.fail(error);
        fix = { ...fix, problem: `finalizing failed: ${String(error)}` };
        headerPatch = null;
      }
    }
    const record = await spool.updateRecording(localId, finished);
    return { record, totalBytes: this.spooled, headerPatch, problem: fix.problem };
  }

  /**
   * The stream bytes [offset, offset + length) as spooled (what a header patch replaces): from
   * the start of the stream kept in memory, else the spool, plus `pending` (about to follow the
   * spooled bytes) for a stream shorter than its header.
   */
  private async original(offset: number, length: number, pending: Prepared[]): Promise<Uint8Array> {
    const end = offset + length;
    if (end <= this.head.length) return this.head.slice(offset, end);
    const spooledEnd = Math.min(end, this.spooled);
    const { spool, localId } = this.options;
    const fromSpool = spooledEnd > offset ? new Uint8Array(await (await spool.readRange(localId, offset, spooledEnd)).arrayBuffer()) : new Uint8Array(0);
    if (end <= this.spooled) return fromSpool;
    const after = concatBytes(pending.map((p) => p.bytes)).subarray(Math.max(0, offset - this.spooled), end - this.spooled);
    return concatBytes([fromSpool, after]);
  }

  /** Note the transform state transformed bytes leave behind (what their commit persists). */
  private prepare(bytes: Uint8Array): Prepared {
    return { bytes, transform: this.transform.state() };
  }

  /** Commit whatever is prepared, batch after batch, until nothing is left (or a write failed). */
  private async commitLoop(): Promise<void> {
    try {
      while (this.ready.length > 0 && this.failure === undefined) {
        const batch = this.takeBatch();
        try {
          await this.commit(batch);
        } catch (error) {
          this.fail(error);
        }
      }
    } finally {
      this.committing = undefined;
    }
  }

  private takeBatch(): Prepared[] {
    let bytes = 0;
    let count = 0;
    while (count < this.ready.length && (count === 0 || bytes + this.ready[count]!.bytes.byteLength <= MAX_BATCH_BYTES)) {
      bytes += this.ready[count]!.bytes.byteLength;
      count++;
    }
    return this.ready.splice(0, count);
  }

  /** One transaction: the prepared bytes as one Blob, with the transform state after the last (and `patch`). */
  private async commit(batch: Prepared[], patch: RecordingPatch = {}): Promise<RecordingRecord> {
    const { spool, localId, factory, chunkPatch } = this.options;
    const last = batch[batch.length - 1]!;
    const data = new Blob(batch.map((p) => p.bytes as Uint8Array<ArrayBuffer>));
    // The last chunk's state covers the whole batch.
    const { record, chunk } = await spool.appendChunk(localId, data, {
      ...(chunkPatch?.() ?? {}),
      ...patch,
      transform: { name: factory.name, state: last.transform },
    });
    this.committed = last.transform;
    this.spooled = record.bytesSpooled;
    this.keepHead(chunk.offset, batch);
    this.options.onSpooled?.(this.spooled, { offset: chunk.offset, data });
    return record;
  }

  /** Keeps the stream's first HEAD_BYTES as committed, for the header patch at Stop (no read back). */
  private keepHead(offset: number, batch: Prepared[]): void {
    if (offset !== this.head.length || offset >= HEAD_BYTES) return;
    this.head = concatBytes([this.head, ...batch.map((p) => p.bytes)]).slice(0, HEAD_BYTES);
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error ?? new Error('write failed');
    this.ready = [];
    // The transform may have taken bytes that never reached the spool: rewind it.
    try {
      this.transform = this.options.factory.restore(this.committed);
    } catch {
      // Keep the current one; finalize() reports the mismatch as a problem.
    }
    this.options.onWriteError?.(this.failure);
  }
}
