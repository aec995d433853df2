/**
 * A strict read of a whole WebM file's layout, with the project's EBML primitives: the Segment's size,
 * every Cluster's size and Timecode, and the media (every Cluster child but the Timecode, verbatim).
 * Throws when an element overruns its parent or a sized Segment does not end exactly at the file's end,
 * so a test that reads a file through it checks that every size in it is right.
 */
import { ID, levelOf } from '../../src/core/webm/ebml-ids';
import { readId, readVint } from '../../src/core/webm/ebml-vint';

export interface ClusterLayout {
  /** Offset of the Cluster's ID. */
  at: number;
  /** Its data size; null when written as unknown. */
  size: number | null;
  timecode: number | null;
  /** Its children's IDs, in order. */
  children: number[];
}

export interface WebmStructure {
  /** The Segment's data size; null when written as unknown. */
  segmentSize: number | null;
  segmentDataStart: number;
  /** IDs of the Segment's children, in order. */
  segmentChildren: number[];
  clusters: ClusterLayout[];
  /** Every Cluster child except Timecodes, in file order, verbatim: what the encoders produced. */
  media: Uint8Array[];
}

interface Header {
  id: number;
  /** Offset of the element's data. */
  dataStart: number;
  size: number | null;
}

function header(bytes: Uint8Array, at: number): Header {
  const id = readId(bytes, at);
  const size = id && readVint(bytes, at + id.length);
  if (!id || !size) throw new Error(`truncated element header at ${at}`);
  return { id: id.id, dataStart: at + id.length + size.length, size: size.unknown ? null : size.value };
}

function end(h: Header, at: number, parentEnd: number): number {
  if (h.size === null) throw new Error(`unknown-size element 0x${h.id.toString(16)} at ${at}`);
  const e = h.dataStart + h.size;
  if (e > parentEnd) throw new Error(`element 0x${h.id.toString(16)} at ${at} overruns its parent (${e} > ${parentEnd})`);
  return e;
}

export function readWebmStructure(file: Uint8Array): WebmStructure {
  let at = 0;
  const ebml = header(file, at);
  if (ebml.id !== ID.EBML) throw new Error('no EBML header');
  at = end(ebml, at, file.length);
  const segment = header(file, at);
  if (segment.id !== ID.Segment) throw new Error(`no Segment at ${at}`);
  const segmentEnd = segment.size === null ? file.length : segment.dataStart + segment.size;
  if (segmentEnd !== file.length) throw new Error(`the Segment ends at ${segmentEnd}, the file at ${file.length}`);
  const out: WebmStructure = { segmentSize: segment.size, segmentDataStart: segment.dataStart, segmentChildren: [], clusters: [], media: [] };
  at = segment.dataStart;
  while (at < segmentEnd) {
    const h = header(file, at);
    out.segmentChildren.push(h.id);
    if (h.id !== ID.Cluster) {
      at = end(h, at, segmentEnd);
      continue;
    }
    const cluster: ClusterLayout = { at, size: h.size, timecode: null, children: [] };
    out.clusters.push(cluster);
    const clusterEnd = h.size === null ? segmentEnd : end(h, at, segmentEnd);
    at = h.dataStart;
    while (at < clusterEnd) {
      const child = header(file, at);
      const level = levelOf(child.id);
      if (h.size === null && level !== undefined && level <= 1) break; // an unknown-size Cluster ends here
      const childEnd = end(child, at, clusterEnd);
      cluster.children.push(child.id);
      if (child.id === ID.Timecode) {
        let v = 0;
        for (let k = child.dataStart; k < childEnd; k++) v = v * 256 + file[k]!;
        cluster.timecode = v;
      } else {
        out.media.push(file.subarray(at, childEnd));
      }
      at = childEnd;
    }
  }
  return out;
}

/** The media bytes, concatenated. */
export function mediaBytes(structure: WebmStructure): Uint8Array {
  return new Uint8Array(Buffer.concat(structure.media));
}
