/**
 * The most recently spooled chunks, kept in memory so that a part cut while recording is sent
 * from the Blobs just written instead of being read back from IndexedDB. A cache only: every byte
 * in it was committed to the spool first, and a part it cannot serve whole is read from the spool.
 *
 * Bounded by `maxBytes` (oldest chunks go first) and trimmed as parts are acknowledged (and, by
 * the pipeline, below parts held until Stop), so it holds the live edge of the recording — the
 * part being filled and the parts in flight — never the whole recording.
 */
import { PART_SIZE } from '../../../api';
import { droppableChunks, sliceRange, type AcknowledgedPart, type ChunkInfo } from './part-cutter';

interface RecentChunk extends ChunkInfo {
  data: Blob;
}

/** Default bound: the part being filled, three in flight, and some slack. */
export const RECENT_CHUNKS_MAX_BYTES = 6 * PART_SIZE;

export class RecentChunks {
  private chunks: RecentChunk[] = [];
  private bytes = 0;
  private nextSeq = 0;

  constructor(
    private readonly maxBytes = RECENT_CHUNKS_MAX_BYTES,
    private readonly partSize = PART_SIZE,
  ) {}

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  /** Stream bytes [offset, offset + data.size) were committed to the spool. */
  add(offset: number, data: Blob): void {
    if (data.size === 0) return;
    const last = this.chunks[this.chunks.length - 1];
    // Only a contiguous run is useful; after a gap (chunks evicted meanwhile) start over.
    if (last && last.offset + last.size !== offset) this.clear();
    if (data.size > this.maxBytes) return;
    this.chunks.push({ seq: this.nextSeq++, offset, size: data.size, data });
    this.bytes += data.size;
    while (this.bytes > this.maxBytes) this.bytes -= this.chunks.shift()!.size;
  }

  /** Stream bytes [start, end) as one Blob, or undefined unless they are all held. */
  read(start: number, end: number): Blob | undefined {
    const first = this.chunks[0];
    const last = this.chunks[this.chunks.length - 1];
    if (!first || !last || start < first.offset || end > last.offset + last.size) return undefined;
    const bySeq = new Map(this.chunks.map((c) => [c.seq, c.data]));
    try {
      return new Blob(sliceRange(this.chunks, { start, end }).map((s) => bySeq.get(s.seq)!.slice(s.start, s.end)));
    } catch {
      return undefined; // a gap: released chunks in between
    }
  }

  /** Forget the chunks whose every byte is covered by acknowledged parts. */
  release(acknowledged: Iterable<AcknowledgedPart>): void {
    const dropped = new Set(droppableChunks(this.chunks, acknowledged, this.partSize));
    if (dropped.size === 0) return;
    this.chunks = this.chunks.filter((c) => !dropped.has(c.seq));
    this.bytes = this.chunks.reduce((sum, c) => sum + c.size, 0);
  }

  /** Forget the chunks wholly before stream offset `offset` (e.g. a part held until Stop). */
  trimBelow(offset: number): void {
    const keep = this.chunks.filter((c) => c.offset + c.size > offset);
    if (keep.length === this.chunks.length) return;
    this.chunks = keep;
    this.bytes = keep.reduce((sum, c) => sum + c.size, 0);
  }

  clear(): void {
    this.chunks = [];
    this.bytes = 0;
  }
}
