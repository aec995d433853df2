/**
 * Completing a stream that a crash cut inside a frame, so the Cues can follow at an element boundary.
 *
 * A clean Stop ends on an element boundary. After a crash, the stored stream ends where the last
 * stored chunk ended. It never ends inside an element header (the fixer holds such bytes back until
 * the header is whole; Chrome's chunks end one byte into the next element), but it may end inside a
 * frame: the rest of the frame is padded with zeros (that one frame decodes badly), and the rest of
 * a known-size Cluster/BlockGroup is filled with a Void.
 */
import { ID } from './ebml-ids';
import { concatBytes, voidElement } from './ebml-writer';
import type { ScanState } from './webm-scanner';

/**
 * Bytes to append so the stream ends on an element boundary; null when that is impossible (a 1-byte
 * gap in a known-size element). Held bytes (`scan.pending`) were never returned, so they are ignored.
 */
export function completeTail(scan: ScanState): Uint8Array | null {
  const pad: Uint8Array[] = [];
  let position = scan.pos;
  if (scan.skip > 0) {
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
  return concatBytes(pad);
}
