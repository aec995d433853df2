/**
 * At Stop: from the fixer's index alone, the patch for the header region (in part 1) and the trailer
 * (Cues) to append after the stream's last byte. Pure; no stream bytes are needed.
 */
import { ID } from './ebml-ids';
import { EbmlError } from './ebml-vint';
import { concatBytes, masterElement, uintElement } from './ebml-writer';
import { buildFinalHeaderRegion } from './webm-header';
import { durationMs, durationTicks, type WebmIndex } from './webm-index';
import { completeTail } from './webm-tail';

/** Bytes that overwrite stream bytes [offset, offset + bytes.length): same length, nothing moves. */
export interface HeaderPatch {
  /** Stream offset of the first patched byte; the patch always ends within part 1. */
  offset: number;
  bytes: Uint8Array;
}

export interface WebmFinalization {
  /** Overwrite stream bytes [offset, offset + bytes.length) with it; null when nothing can be fixed. */
  headerPatch: HeaderPatch | null;
  /** Bytes to append after the stream's last byte: Cues (after completing a frame cut by a crash). */
  trailer: Uint8Array;
  /** Recording length from block timestamps; null if no block was seen. */
  durationMs: number | null;
  cuePoints: number;
  /** Why the file is not fully fixed (no patch, or Duration without Cues); null when it is. */
  problem: string | null;
}

/**
 * `streamBytes` is the length of the transformed stream as stored; it must equal what the index saw
 * (store each chunk's output and the index in one transaction).
 */
export function finalizeWebm(index: WebmIndex, streamBytes: number = index.outputBytes): WebmFinalization {
  if (streamBytes !== index.outputBytes) {
    throw new Error(`the stream has ${streamBytes} bytes but the WebM index saw ${index.outputBytes}`);
  }
  if (index.header === null && index.failed === null && !index.ended) {
    throw new Error('finalizeWebm before the header was written: call end() first');
  }
  const header = index.header;
  const unfixed = (problem: string): WebmFinalization => ({
    headerPatch: null,
    trailer: new Uint8Array(0),
    durationMs: durationMs(index),
    cuePoints: 0,
    problem,
  });
  if (index.failed !== null) return unfixed(index.failed);
  if (!header) return unfixed('no WebM header was seen');

  const tail = completeTail(index.scan);
  const cueCount = tail ? index.cues.length / 2 : 0;
  const cues = cueCount > 0 ? cuesElement(header.cueTrack ?? 1, index.cues) : new Uint8Array(0);
  const cuesStart = index.outputBytes + (tail?.length ?? 0);
  // Every Cluster was written with its size (cluster-framer.ts), so the Segment's is known too; an
  // unknown-size Cluster (a version-1 index) needs an unknown-size Segment (WebmIndex.unknownSizeClusters).
  const sizeKnowable = tail !== null && !index.unknownSizeClusters;
  try {
    const region = buildFinalHeaderRegion(header, {
      durationTicks: durationTicks(index),
      cuesPosition: cueCount > 0 ? cuesStart - header.segmentDataStart : null,
      segmentSize: sizeKnowable ? cuesStart + cues.length - header.segmentDataStart : null,
    });
    return {
      headerPatch: { offset: header.sizeFieldOffset, bytes: region },
      trailer: tail ? concatBytes([tail, cues]) : new Uint8Array(0),
      durationMs: durationMs(index),
      cuePoints: cueCount,
      problem: tail ? (cueCount > 0 ? null : 'no keyframe to index') : 'the stream was cut inside an element that cannot be completed',
    };
  } catch (error) {
    if (!(error instanceof EbmlError)) throw error;
    return unfixed(error.message);
  }
}

function cuesElement(track: number, flat: number[]): Uint8Array {
  const points: Uint8Array[] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) {
    const positions = masterElement(ID.CueTrackPositions, [
      uintElement(ID.CueTrack, track),
      uintElement(ID.CueClusterPosition, flat[k + 1]!),
    ]);
    points.push(masterElement(ID.CuePoint, [uintElement(ID.CueTime, flat[k]!), positions]));
  }
  return masterElement(ID.Cues, points);
}

/**
 * Applies the parts of `patch` that fall inside `bytes`, which hold stream bytes starting at
 * `bytesOffset` (e.g. part 1 at offset 0). Returns a patched copy; `bytes` is not modified.
 */
export function applyHeaderPatch(bytes: Uint8Array, bytesOffset: number, patch: HeaderPatch): Uint8Array {
  const out = new Uint8Array(bytes); // a copy even for a Node Buffer (whose slice() is a view)
  const from = Math.max(patch.offset, bytesOffset);
  const to = Math.min(patch.offset + patch.bytes.length, bytesOffset + bytes.length);
  if (from < to) out.set(patch.bytes.subarray(from - patch.offset, to - patch.offset), from - bytesOffset);
  return out;
}
