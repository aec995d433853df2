/**
 * Writes the recorder's chunks to the spool, strictly in order (one promise chain): chunk →
 * stream transform → running SHA-256 → ONE IndexedDB transaction holding the bytes, the hash state
 * and the transform state. Only after the write committed is anyone told about the new bytes.
 * At Stop, `finalize` flushes the transform, appends its trailer, stores the digest and the header
 * patch, and marks the record finalized. A failed write (e.g. disk full) stops all later writes:
 * the spool keeps a consistent prefix of the stream, and `finalize` still works on it.
 */
import type { ChunkSpool, RecordingPatch, RecordingRecord } from '../core/chunk-spool';
import { toPatchRecord, type BytePatch } from './pure/header-patch';
import { Sha256 } from './pure/sha256';
import { transformByName, type StreamTransform, type StreamTransformFactory } from './transforms';
import type { StreamFinalization } from './transforms/stream-transform';

export interface ChunkWriterOptions {
  spool: ChunkSpool;
  localId: string;
  factory: StreamTransformFactory;
  /** Extra fields saved with every chunk (e.g. the current durationMs). */
  chunkPatch?: () => RecordingPatch;
  /** Called after each committed write with the spooled stream length. */
  onSpooled?: (bytesSpooled: number) => void;
  /** Called once, on the first failed write. */
  onWriteError?: (error: unknown) => void;
}

export interface Finalized {
  record: RecordingRecord;
  totalBytes: number;
  /** Undefined when the running hash was lost (a record from before hashing existed). */
  streamSha256: string | undefined;
  headerPatch: BytePatch | null;
  /** Why the stream transform could not fully fix the stream, if it could not. */
  problem: string | null;
}

type ChunkInput = Blob | Uint8Array;

async function toBytes(data: ChunkInput): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

export class ChunkWriter {
  private chain: Promise<void> = Promise.resolve();
  private transform: StreamTransform;
  /** Transform state as of the last committed write (restored after a failed write). */
  private committedState: unknown;
  private hash: Sha256 | undefined;
  private failure: unknown;
  private finalizing = false;
  private finalized: Promise<Finalized> | undefined;
  private spooled: number;

  private constructor(
    private readonly options: ChunkWriterOptions,
    transform: StreamTransform,
    hash: Sha256 | undefined,
    bytesSpooled: number,
  ) {
    this.transform = transform;
    this.committedState = transform.state();
    this.hash = hash;
    this.spooled = bytesSpooled;
  }

  /** A writer for a fresh recording (no bytes spooled yet). */
  static fresh(options: ChunkWriterOptions): ChunkWriter {
    return new ChunkWriter(options, options.factory.create(), new Sha256(), 0);
  }

  /** A writer continuing a persisted record (recovery), with its transform and hash restored. */
  static resume(options: Omit<ChunkWriterOptions, 'factory'>, record: RecordingRecord): ChunkWriter {
    const factory = transformByName(record.transform?.name);
    const transform = record.transform ? factory.restore(record.transform.state) : factory.create();
    let hash: Sha256 | undefined;
    try {
      if (record.streamHashState && record.streamHashState.bytes === record.bytesSpooled) hash = Sha256.fromState(record.streamHashState);
      else if (record.bytesSpooled === 0) hash = new Sha256();
    } catch {
      hash = undefined;
    }
    return new ChunkWriter({ ...options, factory }, transform, hash, record.bytesSpooled);
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
    this.chain = this.chain.then(async () => {
      if (this.failure !== undefined) return;
      try {
        const bytes = await toBytes(data);
        await this.append(this.transform.push(bytes));
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** Resolves when every queued chunk is written (or dropped after a failure). */
  flush(): Promise<void> {
    return this.chain;
  }

  /**
   * After the recorder's last chunk was queued: flush, finish the transform, and persist the final
   * state (finalized, digest, header patch, plus `patch`). Later write() calls are ignored.
   */
  finalize(patch: RecordingPatch = {}): Promise<Finalized> {
    this.finalized ??= this.doFinalize(patch);
    return this.finalized;
  }

  /** Drop later chunks and wait for every write in progress (cancel). */
  async close(): Promise<void> {
    this.finalizing = true;
    await this.chain;
    await this.finalized?.catch(() => undefined);
  }

  private async doFinalize(patch: RecordingPatch): Promise<Finalized> {
    this.finalizing = true;
    await this.chain;
    let fix: StreamFinalization = { headerPatch: null, trailer: new Uint8Array(0), problem: null, durationMs: null };
    if (this.failure === undefined) {
      try {
        await this.append(this.transform.end());
        fix = this.transform.finalize(this.spooled);
        if (fix.trailer.length > 0) await this.append(fix.trailer);
      } catch (error) {
        // The stream stays as spooled (playable, just not fixed).
        this.fail(error);
        fix = { headerPatch: null, trailer: new Uint8Array(0), problem: `finalizing failed: ${String(error)}`, durationMs: null };
      }
    }
    const { spool, localId } = this.options;
    let headerPatch = fix.headerPatch;
    let patchRecord;
    if (headerPatch && headerPatch.offset + headerPatch.bytes.length <= this.spooled) {
      const original = new Uint8Array(
        await (await spool.readRange(localId, headerPatch.offset, headerPatch.offset + headerPatch.bytes.length)).arrayBuffer(),
      );
      patchRecord = toPatchRecord(headerPatch, original);
    } else {
      headerPatch = null;
    }
    const streamSha256 = this.hash?.hex();
    // The stream's own duration beats the wall clock (which also counts MediaRecorder's start-up
    // and, after a crash, the time to the last chunk write): it is what players will show.
    const streamDuration = fix.durationMs !== null && Number.isFinite(fix.durationMs) && fix.durationMs > 0 ? Math.round(fix.durationMs) : undefined;
    const record = await spool.updateRecording(localId, {
      ...patch,
      ...(streamDuration !== undefined ? { durationMs: streamDuration } : {}),
      finalized: true,
      ...(streamSha256 !== undefined ? { streamSha256 } : {}),
      ...(patchRecord ? { headerPatch: patchRecord } : {}),
    });
    return { record, totalBytes: this.spooled, streamSha256, headerPatch, problem: fix.problem };
  }

  private async append(bytes: Uint8Array): Promise<void> {
    const { spool, localId, factory, chunkPatch } = this.options;
    const nextHash = this.hash?.clone().update(bytes);
    const state = this.transform.state();
    const { record } = await spool.appendChunk(localId, bytes, {
      ...(chunkPatch?.() ?? {}),
      ...(nextHash ? { streamHashState: nextHash.state() } : {}),
      transform: { name: factory.name, state },
    });
    this.hash = nextHash;
    this.committedState = state;
    this.spooled = record.bytesSpooled;
    this.options.onSpooled?.(this.spooled);
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error ?? new Error('write failed');
    // The transform may have consumed bytes that never reached the spool: rewind it.
    try {
      this.transform = this.options.factory.restore(this.committedState);
    } catch {
      // Keep the current one; finalize() reports the mismatch as a problem.
    }
    this.options.onWriteError?.(this.failure);
  }
}
