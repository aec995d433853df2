/**
 * BENCH BUILDS ONLY. A long MediaRecorder stream made of a short real one, described as pieces
 * instead of bytes: the source's header once, then its Clusters again and again, each with a
 * fresh Cluster header whose Timecode is shifted so timestamps keep rising (the blocks are the
 * recorder's bytes, unchanged). The same construction as bench/lib/stop-to-link-loop.ts, but a
 * piece refers to a range of the source, so the replay page can build each chunk as a Blob of
 * slices of one source Blob: the media bytes stay in the browser's blob storage, where
 * MediaRecorder's own chunks live, and never sit in the measured document's heap.
 * Pure (no DOM): parsed in Node, planned in the page.
 */
import { ID } from '../../extension/src/core/webm/ebml-ids';
import { readId, readVint, UNKNOWN_SIZE_8 } from '../../extension/src/core/webm/ebml-vint';
import { concatBytes, uintElement } from '../../extension/src/core/webm/ebml-writer';

export interface ClusterSpan {
  /** Cluster Timecode in the source (ms). */
  timecode: number;
  /** Source offset of the Cluster's children after its Timecode element (its blocks). */
  bodyStart: number;
  /** Source offset where the Cluster ends (the next Cluster, or the last complete element). */
  end: number;
}

/** JSON-serialisable description of a source recording (sent to the page as is). */
export interface ClusterIndex {
  /** Bytes before the first Cluster: EBML header, Segment start, Info, Tracks. */
  headerEnd: number;
  clusters: ClusterSpan[];
  /** Media time one repetition covers (ms): one 30 fps frame after the source's last block. */
  loopMs: number;
  /** Chunk size: the source's bytes per second of media (MediaRecorder's 1 s timeslice). */
  chunkBytes: number;
}

/** A piece of the looped stream: literal bytes (a Cluster header) or a range of the source. */
export type Piece = Uint8Array | { start: number; end: number };

const pieceLength = (p: Piece) => (p instanceof Uint8Array ? p.length : p.end - p.start);

function readUint(bytes: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let k = start; k < end; k++) v = v * 256 + bytes[k]!;
  return v;
}

/** Relative timecode (int16) of a Block/SimpleBlock whose data starts at `at`. */
function blockRelativeMs(bytes: Uint8Array, at: number): number {
  const track = readVint(bytes, at)!;
  const v = (bytes[at + track.length]! << 8) | bytes[at + track.length + 1]!;
  return v >= 0x8000 ? v - 0x10000 : v;
}

/** Indexes a Chrome MediaRecorder WebM (unknown-size Segment and Clusters) of `seconds` seconds. */
export function indexClusters(bytes: Uint8Array, seconds: number): ClusterIndex {
  const ebml = readId(bytes, 0)!;
  const ebmlSize = readVint(bytes, ebml.length)!;
  let at = ebml.length + ebmlSize.length + ebmlSize.value;
  const segment = readId(bytes, at);
  if (segment?.id !== ID.Segment) throw new Error('no Segment after the EBML header');
  at += segment.length + readVint(bytes, at + segment.length)!.length;

  let headerEnd = -1;
  let lastBlockMs = 0;
  const clusters: ClusterSpan[] = [];
  let current: ClusterSpan | undefined;
  while (at < bytes.length) {
    const id = readId(bytes, at);
    const size = id && readVint(bytes, at + id.length);
    if (!id || !size) break; // an element cut at the very end
    const dataStart = at + id.length + size.length;
    if (id.id === ID.Cluster) {
      if (current) clusters.push({ ...current, end: at });
      if (headerEnd < 0) headerEnd = at;
      current = { timecode: 0, bodyStart: dataStart, end: dataStart };
      at = dataStart; // unknown size: walk its children
      continue;
    }
    if (!current) {
      at = dataStart + size.value; // Info, Tracks, ...
      continue;
    }
    if (size.unknown || dataStart + size.value > bytes.length) break;
    if (id.id === ID.Timecode) {
      current.timecode = readUint(bytes, dataStart, dataStart + size.value);
      current.bodyStart = dataStart + size.value;
    } else if (id.id === ID.SimpleBlock) {
      lastBlockMs = Math.max(lastBlockMs, current.timecode + blockRelativeMs(bytes, dataStart));
    } else if (id.id === ID.BlockGroup) {
      const inner = readId(bytes, dataStart);
      if (inner?.id === ID.Block) {
        const innerSize = readVint(bytes, dataStart + inner.length)!;
        lastBlockMs = Math.max(lastBlockMs, current.timecode + blockRelativeMs(bytes, dataStart + inner.length + innerSize.length));
      }
    }
    at = dataStart + size.value;
  }
  if (current) clusters.push({ ...current, end: at });
  if (headerEnd < 0 || clusters.length === 0) throw new Error('no Cluster in the source recording');
  return { headerEnd, clusters, loopMs: lastBlockMs + 34, chunkBytes: Math.round(bytes.length / seconds) };
}

/** The looped stream's pieces, in order, up to (not including) the first Cluster at `durationMs`. */
function* streamPieces(index: ClusterIndex, durationMs: number): Generator<Piece> {
  yield { start: 0, end: index.headerEnd };
  for (let loop = 0; ; loop++) {
    for (const cluster of index.clusters) {
      const timecode = cluster.timecode + loop * index.loopMs;
      if (timecode >= durationMs) return;
      yield concatBytes([Uint8Array.of(0x1f, 0x43, 0xb6, 0x75), UNKNOWN_SIZE_8, uintElement(ID.Timecode, timecode)]);
      yield { start: cluster.bodyStart, end: cluster.end };
    }
  }
}

function slicePiece(p: Piece, from: number, to: number): Piece {
  return p instanceof Uint8Array ? p.subarray(from, to) : { start: p.start + from, end: p.start + to };
}

/**
 * The chunks a recorder with a 1 s timeslice would deliver for a `durationMs` recording: each
 * `index.chunkBytes` long (the last one shorter), cut at arbitrary bytes like MediaRecorder's.
 */
export function* loopedChunkPieces(index: ClusterIndex, durationMs: number): Generator<Piece[]> {
  let chunk: Piece[] = [];
  let filled = 0;
  for (const piece of streamPieces(index, durationMs)) {
    let used = 0;
    const length = pieceLength(piece);
    while (used < length) {
      const take = Math.min(length - used, index.chunkBytes - filled);
      chunk.push(used === 0 && take === length ? piece : slicePiece(piece, used, used + take));
      used += take;
      filled += take;
      if (filled === index.chunkBytes) {
        yield chunk;
        chunk = [];
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk;
}

/** Total length of the looped stream. */
export function loopedLength(index: ClusterIndex, durationMs: number): number {
  let total = 0;
  for (const piece of streamPieces(index, durationMs)) total += pieceLength(piece);
  return total;
}

/** The bytes of one chunk (Node side: the same stream as the page's Blobs). */
export function materialize(source: Uint8Array, pieces: readonly Piece[]): Uint8Array {
  return concatBytes(pieces.map((p) => (p instanceof Uint8Array ? p : source.subarray(p.start, p.end))));
}
