/**
 * Completing a stream that was cut inside an element, so the Cues can follow at an element boundary.
 *
 * A clean Stop ends on a boundary. After a crash, the stored stream ends where the last stored chunk
 * ended, and Chrome's chunks do not end on element boundaries: each one ends with the first byte (0x1F)
 * of the next Cluster's ID. So the usual cut is a Cluster header, which we complete into an empty
 * unknown-size Cluster (with a Timecode). A cut frame is padded with zeros (that one frame is lost);
 * a cut known-size Cluster/BlockGroup is filled up with a Void.
 */
import { base64ToBytes } from './base64';
import { ID } from './ebml-ids';
import { encodeId, readId, readVint, vintWidth } from './ebml-vint';
import { concatBytes, uintElement, voidElement } from './ebml-writer';
import type { ScanState } from './webm-scanner';

export interface TailCompletion {
  bytes: Uint8Array;
  /** The completion opened an unknown-size Cluster (the Segment size must then stay unknown). */
  opensUnknownSizeCluster: boolean;
}

/** Null when the cut cannot be completed (the caller then writes no Cues). */
export function completeTail(scan: ScanState, lastClusterTimecode: number): TailCompletion | null {
  const pending = base64ToBytes(scan.pending);
  const id = readId(pending, 0);
  const size = id && readVint(pending, id.length);
  if (pending.length > 0 && !size) {
    const openKnownSize = scan.stack.some(([elementId, end]) => elementId !== ID.Segment && end >= 0);
    const bytes = openKnownSize ? null : completeClusterHeader(pending, lastClusterTimecode);
    return bytes && { bytes, opensUnknownSizeCluster: true };
  }

  const pad: Uint8Array[] = [];
  let position = scan.pos;
  if (id && size) {
    // The element's header is here but not all the bytes we wanted to read (a block header, a Timecode).
    if (size.unknown) return null;
    const missing = id.length + size.length + size.value - pending.length;
    pad.push(new Uint8Array(missing));
    position += pending.length + missing;
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
  return { bytes: concatBytes(pad), opensUnknownSizeCluster: false };
}

/** The bytes that make a cut Cluster header (ID and/or size cut) an empty unknown-size Cluster. */
function completeClusterHeader(cut: Uint8Array, timecode: number): Uint8Array | null {
  const clusterId = encodeId(ID.Cluster);
  const idPart = cut.subarray(0, clusterId.length);
  if (!idPart.every((b, k) => b === clusterId[k])) return null;
  const sizePart = cut.subarray(clusterId.length);
  let sizeRest = Uint8Array.of(0xff); // no size byte yet: write a 1-byte "unknown"
  if (sizePart.length > 0) {
    // The size is cut: completing it with 1 bits gives "unknown" if the bits already there are all 1.
    const width = vintWidth(sizePart[0]!);
    sizeRest = new Uint8Array(width - sizePart.length).fill(0xff);
    const whole = readVint(concatBytes([sizePart, sizeRest]), 0);
    if (!whole || !whole.unknown) return null;
  }
  return concatBytes([clusterId.subarray(idPart.length), sizeRest, uintElement(ID.Timecode, timecode)]);
}
