/**
 * Completing a stream that was cut inside an element, so the Cues can follow at an element boundary.
 *
 * A clean Stop ends on a boundary. After a crash, the stored stream ends where the last stored chunk
 * ended, and Chrome's chunks do not end on element boundaries: each ends with the first byte of the
 * next element's ID (0x1F of a Cluster, 0xA3 of a SimpleBlock, ...). The scan still holds such a cut
 * element's first bytes; a tail patch (the last few stream bytes, normally still in the last part, not
 * yet uploaded) turns them into the start of a Void. A frame cut further in is padded with zeros (that
 * one frame decodes badly); the rest of a known-size Cluster/BlockGroup is filled with a Void.
 */
import { base64ToBytes } from './base64';
import { ID } from './ebml-ids';
import { readId, readVint } from './ebml-vint';
import { concatBytes, voidElement } from './ebml-writer';
import type { ScanState } from './webm-scanner';

export interface TailCompletion {
  /** Overwrites the cut element header, which starts at input offset `scan.pos` (null: none). */
  cutHeader: Uint8Array | null;
  /** Bytes to append before the Cues. */
  padding: Uint8Array;
}

/** Null when the cut cannot be completed (the caller then writes no Cues). */
export function completeTail(scan: ScanState): TailCompletion | null {
  const pending = base64ToBytes(scan.pending);
  const pad: Uint8Array[] = [];
  let cutHeader: Uint8Array | null = null;
  let position = scan.pos;
  if (pending.length > 0) {
    // The held bytes are an element's start (a cut header, or a header and too few data bytes to read
    // a block header): they become the start of a Void, which the padding completes.
    const id = readId(pending, 0);
    const size = id && readVint(pending, id.length);
    if (size?.unknown) return null; // never held: unknown sizes are entered at once
    const parentEnd = scan.stack.at(-1)?.[1] ?? -1;
    // A whole header tells the element's length; a cut one does not, so the Void takes what is left of
    // a known-size parent (or is as short as possible).
    const length = id && size ? id.length + size.length + size.value : parentEnd >= 0 ? parentEnd - position : Math.max(2, pending.length);
    if (length < 2 || length < pending.length) return null;
    const whole = voidElement(length);
    cutHeader = whole.subarray(0, pending.length);
    pad.push(whole.subarray(pending.length));
    position += length;
  } else if (scan.skip > 0) {
    pad.push(new Uint8Array(scan.skip)); // the rest of a frame (or of a skipped element)
    position += scan.skip;
  }
  for (let k = scan.stack.length - 1; k >= 0; k--) {
    const [elementId, end] = scan.stack[k]!;
    if (elementId === ID.Segment) break; // its size field is rewritten by the header patch
    if (end < 0 || end <= position) continue;
    if (end - position === 1) return null; // no element is 1 byte long
    pad.push(voidElement(end - position));
    position = end;
  }
  return { cutHeader, padding: concatBytes(pad) };
}
