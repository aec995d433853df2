/**
 * Where a part's bytes come from, just before it is sent: the chunks just spooled while they are
 * still in memory (RecentChunks), else the spool in IndexedDB; the header patch (WebM fix, known
 * at Stop) is applied on the way.
 */
import { spoolPartSource, type ChunkSpool } from '../core/chunk-spool';
import type { AcknowledgedPart } from '../core/part-cutter';
import { applyPatch, patchTouches, type BytePatch } from '../core/recorder/header-patch';
import { RecentChunks } from '../core/recent-chunks';
import type { PartSource } from '../core/upload-ports';
import type { SpooledBytes } from './chunk-writer';

export class LivePartSource implements PartSource {
  /** The live edge of the spool, so parts cut while recording go up without reading IndexedDB back. */
  private readonly recent: RecentChunks;
  private readonly spooled: PartSource;
  headerPatch: BytePatch | null = null;

  constructor(
    spool: Pick<ChunkSpool, 'readRange'>,
    localId: string,
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
  }

  async readPart(partNumber: number, size: number, signal: AbortSignal) {
    const start = (partNumber - 1) * this.partSize;
    const bytes = this.recent.read(start, start + size) ?? (await this.spooled.readPart(partNumber, size, signal));
    const patch = this.headerPatch;
    if (!patch || !patchTouches(patch, start, size)) return bytes;
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
    return applyPatch(data, start, patch);
  }
}
