/**
 * Cutting the recorder's chunk stream into multipart-upload parts.
 *
 * The stream is the concatenation of MediaRecorder chunks in `seq` order; chunk `seq` covers stream
 * bytes [offset, offset + size). Part n (1-based) covers stream bytes [(n-1)·P, n·P) with P = 5 MiB;
 * every part is exactly P bytes except the last, which may be shorter (R2 demands equal parts).
 * Parts span chunk boundaries, and a chunk may be split across two or more parts.
 *
 * All functions are pure; sizes are in bytes.
 */
import { PART_SIZE } from '../../../api';

/** A spooled chunk's place in the stream. */
export interface ChunkInfo {
  seq: number;
  /** Stream offset of the chunk's first byte. */
  offset: number;
  size: number;
}

/** Bytes [start, end) of chunk `seq` (chunk-relative), in the order they appear in a part. */
export interface ChunkSlice {
  seq: number;
  start: number;
  end: number;
}

/** A part that the server acknowledged (PUT succeeded, ETag known). */
export interface AcknowledgedPart {
  partNumber: number;
  etag: string;
  size: number;
  /**
   * Part 1 went up early as the head object (not as an UploadPart): the server makes part 1 from
   * it at complete, with the header patch the client sends then.
   */
  head?: boolean;
}

/**
 * The first bytes of a head stay in the spool until the recording completes: the WebM header
 * lies there, and Stop reads the bytes its patch replaces (kept in the record, see
 * HeaderPatchRecord.original). The fixer's header is ~4 KiB; this is ample.
 */
export const HEAD_KEPT_BYTES = 64 * 1024;

export interface ByteRange {
  start: number;
  end: number;
}

/** Where the recording stands: how many bytes exist, and whether more may come. */
export interface StreamState {
  bytesRecorded: number;
  /** The recorder stopped and its last chunk is spooled: the last part may be cut. */
  finalized: boolean;
  partSize?: number;
}

function assertPartSize(partSize: number): void {
  if (!Number.isSafeInteger(partSize) || partSize <= 0) throw new RangeError(`bad part size ${partSize}`);
}

/** Number of parts a finished stream of `totalBytes` has: 0 for an empty stream, never an empty last part. */
export function totalPartCount(totalBytes: number, partSize = PART_SIZE): number {
  assertPartSize(partSize);
  return Math.ceil(totalBytes / partSize);
}

/** Stream bytes of part n. Without `totalBytes` the part is assumed full; with it, the last part is clipped. */
export function partRange(partNumber: number, totalBytes?: number, partSize = PART_SIZE): ByteRange {
  assertPartSize(partSize);
  if (!Number.isSafeInteger(partNumber) || partNumber < 1) throw new RangeError(`bad part number ${partNumber}`);
  const start = (partNumber - 1) * partSize;
  let end = start + partSize;
  if (totalBytes !== undefined) {
    if (start >= totalBytes) throw new RangeError(`part ${partNumber} is beyond the stream (${totalBytes} bytes)`);
    end = Math.min(end, totalBytes);
  }
  return { start, end };
}

/** Expected size of part n of a finished stream of `totalBytes`. */
export function partSizeOf(partNumber: number, totalBytes: number, partSize = PART_SIZE): number {
  const { start, end } = partRange(partNumber, totalBytes, partSize);
  return end - start;
}

/**
 * Parts whose bytes are all recorded and which will not change: every full part, plus the short
 * last part once the stream is finalized. Returns the count; parts 1..count are cuttable.
 */
export function cuttablePartCount({ bytesRecorded, finalized, partSize = PART_SIZE }: StreamState): number {
  assertPartSize(partSize);
  return finalized ? Math.ceil(bytesRecorded / partSize) : Math.floor(bytesRecorded / partSize);
}

/**
 * Part numbers ready for upload: cuttable, not yet taken (enqueued/acknowledged), and not held.
 * `held` parts are deferred (e.g. part 1 stays local until Stop so its WebM header can be patched).
 */
export function readyParts(
  state: StreamState,
  exclude: { taken?: ReadonlySet<number>; held?: ReadonlySet<number> } = {},
): number[] {
  const count = cuttablePartCount(state);
  const ready: number[] = [];
  for (let n = 1; n <= count; n++) {
    if (exclude.taken?.has(n) || exclude.held?.has(n)) continue;
    ready.push(n);
  }
  return ready;
}

/** Chunk slices covering stream bytes [start, end); throws if the chunks leave a gap. */
export function sliceRange(chunks: readonly ChunkInfo[], { start, end }: ByteRange): ChunkSlice[] {
  const sorted = [...chunks].sort((a, b) => a.offset - b.offset || a.seq - b.seq);
  const slices: ChunkSlice[] = [];
  let cursor = start;
  for (const chunk of sorted) {
    if (cursor >= end) break;
    const chunkEnd = chunk.offset + chunk.size;
    if (chunk.size === 0 || chunkEnd <= cursor) continue;
    if (chunk.offset > cursor) break; // gap
    slices.push({ seq: chunk.seq, start: cursor - chunk.offset, end: Math.min(chunkEnd, end) - chunk.offset });
    cursor = Math.min(chunkEnd, end);
  }
  if (cursor < end) throw new RangeError(`chunks do not cover bytes [${cursor}, ${end})`);
  return slices;
}

/**
 * Stream ranges covered by acknowledged parts, merged and sorted. An acknowledged part n covers
 * [(n-1)·P, (n-1)·P + size): its size, not P, so a short last part covers only its own bytes.
 * A head covers its bytes after the first HEAD_KEPT_BYTES.
 */
export function acknowledgedRanges(acknowledged: Iterable<AcknowledgedPart>, partSize = PART_SIZE): ByteRange[] {
  assertPartSize(partSize);
  const ranges = [...acknowledged]
    .map((ack) => {
      const start = (ack.partNumber - 1) * partSize;
      const end = start + Math.min(Math.max(ack.size, 0), partSize);
      return { start: ack.head ? Math.min(start + HEAD_KEPT_BYTES, end) : start, end };
    })
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** True if every byte of [start, end) lies inside one of the merged, sorted `ranges`. */
export function isCovered({ start, end }: ByteRange, ranges: readonly ByteRange[]): boolean {
  if (end <= start) return true;
  for (const r of ranges) if (r.start <= start && end <= r.end) return true;
  return false;
}

/**
 * Chunks that may be deleted from the spool: every byte of the chunk is covered by acknowledged
 * parts (acks may arrive out of order, so this is not just a prefix). Empty chunks hold no bytes
 * and are droppable. Returns their seqs in stream order.
 */
export function droppableChunks(
  chunks: readonly ChunkInfo[],
  acknowledged: Iterable<AcknowledgedPart>,
  partSize = PART_SIZE,
): number[] {
  const ranges = acknowledgedRanges(acknowledged, partSize);
  return [...chunks]
    .sort((a, b) => a.offset - b.offset || a.seq - b.seq)
    .filter((c) => isCovered({ start: c.offset, end: c.offset + c.size }, ranges))
    .map((c) => c.seq);
}

/**
 * Stateful helper over `readyParts`: remembers what was already handed out, and which parts are
 * held back until released. The caller persists acknowledged parts; this only avoids double cuts.
 */
export class PartPlanner {
  private readonly taken = new Set<number>();
  private readonly held = new Set<number>();
  readonly partSize: number;

  constructor(options: { partSize?: number; alreadyTaken?: Iterable<number>; hold?: Iterable<number> } = {}) {
    this.partSize = options.partSize ?? PART_SIZE;
    assertPartSize(this.partSize);
    for (const n of options.alreadyTaken ?? []) this.taken.add(n);
    for (const n of options.hold ?? []) this.held.add(n);
  }

  /** Defer part n (no effect if it was already handed out). */
  hold(partNumber: number): void {
    if (!this.taken.has(partNumber)) this.held.add(partNumber);
  }

  /** Stop deferring part n; it comes out of the next `take` once cuttable. */
  release(partNumber: number): void {
    this.held.delete(partNumber);
  }

  isHeld(partNumber: number): boolean {
    return this.held.has(partNumber);
  }

  /** Newly ready parts (with their sizes) given the stream state; each part is returned once. */
  take(bytesRecorded: number, finalized: boolean): { partNumber: number; size: number }[] {
    const ready = readyParts(
      { bytesRecorded, finalized, partSize: this.partSize },
      { taken: this.taken, held: this.held },
    );
    for (const n of ready) this.taken.add(n);
    return ready.map((partNumber) => ({
      partNumber,
      size: partSizeOf(partNumber, bytesRecorded, this.partSize),
    }));
  }
}
