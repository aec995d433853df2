/**
 * Where a part's bytes come from, just before it is sent: the chunks just spooled while they are
 * still in memory (RecentChunks), else the spool in IndexedDB; the header patch (WebM fix, known
 * at Stop) is applied on the way.
 *
 * From the spool, the chunks of several parts are read in one transaction (READ_AHEAD_PARTS) and
 * kept as Blob handles (no bytes are loaded), so a backlog — after Stop, after an outage, on
 * recovery — costs one IndexedDB round trip per few parts instead of one per part: each round trip
 * holds a PUT slot, and it queues behind the acknowledgements' write transactions on the same store.
 */
import { spoolPartSource, type ChunkSpool } from '../core/chunk-spool';
import type { AcknowledgedPart } from '../core/part-cutter';
import { applyPatch, patchTouches, type BytePatch } from '../core/recorder/header-patch';
import { RecentChunks } from '../core/recent-chunks';
import type { PartSource } from '../core/upload-ports';
import type { SpooledBytes } from './chunk-writer';

/** Parts' worth of chunk handles read from the spool at once. */
export const READ_AHEAD_PARTS = 6;

interface ReadAhead {
  start: number;
  end: number;
  chunks: Promise<RecentChunks | undefined>;
}

export class LivePartSource implements PartSource {
  /** The live edge of the spool, so parts cut while recording go up without reading IndexedDB back. */
  private readonly recent: RecentChunks;
  private readonly spooled: PartSource;
  /** The chunk handles of the last read-ahead from the spool. */
  private ahead: ReadAhead | undefined;
  headerPatch: BytePatch | null = null;

  constructor(
    private readonly spool: Pick<ChunkSpool, 'readRange' | 'readChunks'>,
    private readonly localId: string,
    private readonly partSize: number,
  ) {
    this.recent = new RecentChunks(undefined, partSize);
    this.spooled = spoolPartSource(spool, localId, partSize);
  }

  /** Bytes just committed to the spool. */
  add(written: SpooledBytes): void {
    this.recent.add(written.offset, written.data);
  }

  /**
   * Forget what is no longer needed: chunks covered by acknowledged parts and, while recording,
   * everything below the first part that may still be sent soon (parts held until Stop — part 1,
   * for its header patch — are read back from the spool then).
   */
  release(acked: ReadonlyMap<number, AcknowledgedPart>, held: readonly number[], recording: boolean): void {
    this.recent.release(acked.values());
    if (!recording) return;
    const holding = new Set(held);
    let n = 1;
    while (acked.has(n) || holding.has(n)) n++;
    this.recent.trimBelow((n - 1) * this.partSize);
  }

  clear(): void {
    this.recent.clear();
    this.ahead = undefined;
  }

  async readPart(partNumber: number, size: number, signal: AbortSignal) {
    const start = (partNumber - 1) * this.partSize;
    const bytes =
      this.recent.read(start, start + size) ??
      (await this.readAhead(start, start + size)) ??
      // Not all there (chunks missing): readRange says which, as an error.
      (await this.spooled.readPart(partNumber, size, signal));
    const patch = this.headerPatch;
    if (!patch || !patchTouches(patch, start, size)) return bytes;
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
    return applyPatch(data, start, patch);
  }

  /** [start, end) from read-ahead chunk handles: the current batch if it holds them, else a new batch from `start`. */
  private async readAhead(start: number, end: number): Promise<Blob | undefined> {
    const current = this.ahead;
    if (current && start >= current.start && end <= current.end) {
      const blob = (await current.chunks)?.read(start, end);
      if (blob) return blob;
    }
    const batchEnd = Math.max(end, start + READ_AHEAD_PARTS * this.partSize);
    const batch: ReadAhead = { start, end: batchEnd, chunks: this.loadChunks(start, batchEnd) };
    this.ahead = batch;
    return (await batch.chunks)?.read(start, end);
  }

  private async loadChunks(start: number, end: number): Promise<RecentChunks | undefined> {
    try {
      const chunks = await this.spool.readChunks(this.localId, start, end);
      const held = new RecentChunks(Infinity, this.partSize);
      for (const chunk of chunks) held.add(chunk.offset, chunk.data);
      return held;
    } catch {
      return undefined; // readRange, the fallback, reports the error
    }
  }
}
