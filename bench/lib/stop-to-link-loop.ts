/**
 * Makes a long recording out of a short real one: the header once, then the Clusters again and
 * again with their Timecodes shifted, so timestamps keep rising. Every Cluster of a Chrome
 * recording starts where the encoder put a keyframe or a timeslice boundary, and the first one
 * starts with a keyframe, so each repetition decodes on its own. The result is delivered in
 * chunks of about one second of media, like MediaRecorder's 1 s timeslice.
 */
import { ID } from '../../extension/src/core/webm/ebml-ids';
import { readId, readVint, UNKNOWN_SIZE_8 } from '../../extension/src/core/webm/ebml-vint';
import { concatBytes, uintElement } from '../../extension/src/core/webm/ebml-writer';

interface Cluster {
  timecode: number;
  /** The Cluster's children after its Timecode element (blocks), unchanged. */
  body: Uint8Array;
  /** Latest block time in the cluster (ms, absolute). */
  lastBlockMs: number;
}

export interface LoopSource {
  header: Uint8Array;
  clusters: Cluster[];
  /** Media time one repetition covers (ms). */
  loopMs: number;
  /** Bytes per second of media, for chunking. */
  bytesPerSecond: number;
}

const SEGMENT = 0x18538067;
const CLUSTER = ID.Cluster;
const TIMECODE = 0xe7;
const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;
const BLOCK = 0xa1;

function readUintAt(bytes: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let k = start; k < end; k++) v = v * 256 + bytes[k]!;
  return v;
}

/** Relative timecode (int16) of a Block/SimpleBlock whose data starts at `at`. */
function blockRelativeMs(bytes: Uint8Array, at: number): number {
  const track = readVint(bytes, at)!;
  const hi = bytes[at + track.length]!;
  const lo = bytes[at + track.length + 1]!;
  const v = (hi << 8) | lo;
  return v >= 0x8000 ? v - 0x10000 : v;
}

/** Splits a Chrome WebM (unknown-size Segment and Clusters) into its header and Clusters. */
export function parseLoopSource(bytes: Uint8Array, seconds: number): LoopSource {
  // EBML header, then the Segment's ID and size; the Segment's children follow.
  const ebml = readId(bytes, 0)!;
  const ebmlSize = readVint(bytes, ebml.length)!;
  let at = ebml.length + ebmlSize.length + ebmlSize.value;
  const seg = readId(bytes, at)!;
  if (seg.id !== SEGMENT) throw new Error('no Segment after the EBML header');
  const segSize = readVint(bytes, at + seg.length)!;
  at += seg.length + segSize.length;
  let headerEnd = -1;
  const clusters: Cluster[] = [];
  let current: { timecode: number; bodyStart: number; lastBlockMs: number } | undefined;
  const close = (end: number) => {
    if (current) clusters.push({ timecode: current.timecode, body: bytes.slice(current.bodyStart, end), lastBlockMs: current.lastBlockMs });
    current = undefined;
  };
  while (at < bytes.length) {
    const id = readId(bytes, at);
    const size = id && readVint(bytes, at + id.length);
    if (!id || !size) break; // a cut element at the very end
    const dataStart = at + id.length + size.length;
    if (id.id === CLUSTER) {
      close(at);
      if (headerEnd < 0) headerEnd = at;
      current = { timecode: 0, bodyStart: dataStart, lastBlockMs: 0 };
      at = dataStart; // its children are walked one by one (Chrome writes unknown sizes)
      continue;
    }
    if (!current) {
      at = dataStart + size.value; // Info, Tracks, ...
      continue;
    }
    if (size.unknown || dataStart + size.value > bytes.length) break;
    if (id.id === TIMECODE) {
      current.timecode = readUintAt(bytes, dataStart, dataStart + size.value);
      current.bodyStart = dataStart + size.value;
    } else if (id.id === SIMPLE_BLOCK) {
      current.lastBlockMs = Math.max(current.lastBlockMs, current.timecode + blockRelativeMs(bytes, dataStart));
    } else if (id.id === BLOCK_GROUP) {
      const inner = readId(bytes, dataStart);
      if (inner?.id === BLOCK) {
        const innerSize = readVint(bytes, dataStart + inner.length)!;
        current.lastBlockMs = Math.max(current.lastBlockMs, current.timecode + blockRelativeMs(bytes, dataStart + inner.length + innerSize.length));
      }
    }
    at = dataStart + size.value;
  }
  close(at);
  if (headerEnd < 0 || clusters.length === 0) throw new Error('no Cluster in the source recording');
  const last = Math.max(...clusters.map((c) => c.lastBlockMs));
  return {
    header: bytes.slice(0, headerEnd),
    clusters,
    // One video frame after the last block, so repetitions never overlap.
    loopMs: last + 34,
    bytesPerSecond: Math.round(bytes.length / seconds),
  };
}

/** The bytes of a `durationMs` recording built from `source`, in chunks of ~1 s of media. */
export function* loopedChunks(source: LoopSource, durationMs: number): Generator<Uint8Array> {
  let pending: Uint8Array[] = [source.header];
  let pendingBytes = source.header.length;
  const chunkBytes = source.bytesPerSecond;
  for (let loop = 0; ; loop++) {
    const offset = loop * source.loopMs;
    for (const cluster of source.clusters) {
      const timecode = cluster.timecode + offset;
      if (timecode >= durationMs) {
        if (pendingBytes > 0) yield concatBytes(pending);
        return;
      }
      const bytes = concatBytes([
        Uint8Array.of(0x1f, 0x43, 0xb6, 0x75),
        UNKNOWN_SIZE_8,
        uintElement(TIMECODE, timecode),
        cluster.body,
      ]);
      pending.push(bytes);
      pendingBytes += bytes.length;
      // Cut at ~1 s of bytes, at an arbitrary byte (MediaRecorder's chunks end mid-element too).
      while (pendingBytes >= chunkBytes) {
        const all = concatBytes(pending);
        yield all.subarray(0, chunkBytes);
        pending = [all.subarray(chunkBytes)];
        pendingBytes = all.length - chunkBytes;
      }
    }
  }
}

/** Total bytes loopedChunks() yields, without building them. */
export function loopedSize(source: LoopSource, durationMs: number): number {
  let total = source.header.length;
  for (let loop = 0; ; loop++) {
    for (const cluster of source.clusters) {
      const timecode = cluster.timecode + loop * source.loopMs;
      if (timecode >= durationMs) return total;
      total += 4 + 8 + uintElement(TIMECODE, timecode).length + cluster.body.length;
    }
  }
}
