/**
 * The WebM header region: everything from the Segment's size field to the first Cluster.
 *
 * While streaming, the fixer rewrites it once (buildStreamHeader): the Segment size becomes an 8-byte
 * "unknown" (so the real size can be patched in later without moving a byte), old SeekHead/Void/Cues are
 * dropped (their positions would be wrong), and a Void reserving room is added after Info/Tracks.
 * At Stop, buildFinalHeaderRegion rewrites that same region with the real Segment size, a SeekHead and an
 * Info that has a Duration, and a Void shrunk so the region keeps exactly its length.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { readChildren, readUint, type ElementSpan } from './ebml-reader';
import { DEFAULT_TIMECODE_SCALE, ID, TRACK_TYPE_VIDEO } from './ebml-ids';
import { EbmlError, encodeId, encodeVint, minVintWidth, readId, readVint, UNKNOWN_SIZE_8 } from './ebml-vint';
import { concatBytes, element, floatElement, masterElement, uintElement, voidElement } from './ebml-writer';

/** Where the header region sits in the transformed stream, and what the finalizer needs from it. */
export interface HeaderLayout {
  /** Output offset of the Segment's 8-byte size field: the header patch starts here. */
  sizeFieldOffset: number;
  /** Output offset of the Segment's data (positions in SeekHead and Cues are relative to it). */
  segmentDataStart: number;
  /** Output offset of the first Cluster: the header patch ends here. */
  regionEnd: number;
  /** Output offset minus input offset for every byte after the header. */
  delta: number;
  /** Base64 of the kept Segment children before the first Cluster (Info, Tracks, ...), verbatim. */
  elements: string;
  timecodeScale: number;
  /** Track the Cues point into: the first video track, else the first track. */
  cueTrack: number | null;
  /** DefaultDuration per track number, in TimecodeScale ticks. */
  defaultDurations: Record<string, number>;
}

// Segment children whose content holds positions we would invalidate, or that we rewrite.
const DROPPED = new Set<number>([ID.SeekHead, ID.Void, ID.Cues, 0xbf /* CRC-32 */]);

/**
 * Rewrites the input bytes before the first Cluster (`prefix` = input [0, firstClusterOffset)).
 * Throws EbmlError when the prefix is not EBML header + Segment + complete elements.
 */
export function buildStreamHeader(prefix: Uint8Array, reserveBytes: number): { bytes: Uint8Array; layout: HeaderLayout } {
  let at = 0;
  for (;;) {
    const id = readId(prefix, at);
    const size = id && readVint(prefix, at + id.length);
    if (!id || !size) throw new EbmlError('no Segment before the first Cluster');
    if (id.id === ID.Segment) {
      const sizeFieldOffset = at + id.length;
      const children = readChildren(prefix, sizeFieldOffset + size.length);
      const kept = concatBytes(children.filter((c) => !DROPPED.has(c.id)).map((c) => prefix.subarray(c.start, c.end)));
      const segmentDataStart = sizeFieldOffset + UNKNOWN_SIZE_8.length;
      const regionEnd = segmentDataStart + kept.length + reserveBytes;
      const bytes = concatBytes([prefix.subarray(0, sizeFieldOffset), UNKNOWN_SIZE_8, kept, voidElement(reserveBytes)]);
      return {
        bytes,
        layout: { sizeFieldOffset, segmentDataStart, regionEnd, delta: regionEnd - prefix.length, elements: bytesToBase64(kept), ...readMetadata(kept) },
      };
    }
    if (size.unknown) throw new EbmlError('unknown-size element before the Segment');
    at += id.length + size.length + size.value;
  }
}

function readMetadata(kept: Uint8Array): Pick<HeaderLayout, 'timecodeScale' | 'cueTrack' | 'defaultDurations'> {
  let timecodeScale = DEFAULT_TIMECODE_SCALE;
  const tracks: { number: number; type: number; defaultDuration: number | null }[] = [];
  for (const top of readChildren(kept)) {
    if (top.id === ID.Info) {
      const scale = childrenOf(kept, top).find((c) => c.id === ID.TimecodeScale);
      if (scale) timecodeScale = readUint(kept, scale) || DEFAULT_TIMECODE_SCALE;
    } else if (top.id === ID.Tracks) {
      for (const entry of childrenOf(kept, top).filter((c) => c.id === ID.TrackEntry)) {
        const fields = childrenOf(kept, entry);
        const get = (id: number): number | null => {
          const span = fields.find((c) => c.id === id);
          return span ? readUint(kept, span) : null;
        };
        const number = get(ID.TrackNumber);
        if (number !== null) tracks.push({ number, type: get(ID.TrackType) ?? 0, defaultDuration: get(ID.DefaultDuration) });
      }
    }
  }
  const cue = tracks.find((t) => t.type === TRACK_TYPE_VIDEO) ?? tracks[0];
  const defaultDurations: Record<string, number> = {};
  for (const t of tracks) if (t.defaultDuration) defaultDurations[t.number] = t.defaultDuration / timecodeScale;
  return { timecodeScale, cueTrack: cue ? cue.number : null, defaultDurations };
}

function childrenOf(bytes: Uint8Array, parent: ElementSpan): ElementSpan[] {
  return readChildren(bytes, parent.dataStart, parent.end);
}

export interface FinalHeaderInput {
  durationTicks: number;
  /** Cues position relative to the Segment data, or null when no Cues are written. */
  cuesPosition: number | null;
  /** Segment data size, or null to keep it unknown. */
  segmentSize: number | null;
}

/**
 * The bytes that replace output [sizeFieldOffset, regionEnd): Segment size, SeekHead, Info with
 * Duration, the other kept elements verbatim, and a Void filling the rest. Same length, always.
 */
export function buildFinalHeaderRegion(layout: HeaderLayout, input: FinalHeaderInput): Uint8Array {
  const regionLength = layout.regionEnd - layout.sizeFieldOffset;
  const kept = base64ToBytes(layout.elements);
  const body: BodyElement[] = readChildren(kept).map((s) => ({
    id: s.id,
    bytes: s.id === ID.Info ? infoWithDuration(kept, s, input.durationTicks) : kept.subarray(s.start, s.end),
  }));
  if (!body.some((b) => b.id === ID.Info)) {
    const info = [uintElement(ID.TimecodeScale, layout.timecodeScale), floatElement(ID.Duration, input.durationTicks)];
    body.unshift({ id: ID.Info, bytes: masterElement(ID.Info, info) });
  }
  const bodyLength = body.reduce((n, b) => n + b.bytes.length, 0);
  const sizeField = input.segmentSize === null ? UNKNOWN_SIZE_8 : encodeVint(input.segmentSize, 8);

  for (const widenSizeBy of [0, 1]) {
    // SeekPositions are fixed 8-byte uints, so the SeekHead's length does not depend on them.
    const seekHeadLength = seekHead(body, 0, input.cuesPosition, widenSizeBy).length;
    const head = seekHead(body, seekHeadLength, input.cuesPosition, widenSizeBy);
    const free = regionLength - (sizeField.length + head.length + bodyLength);
    const parts = [sizeField, head, ...body.map((b) => b.bytes)];
    if (free === 0) return concatBytes(parts);
    if (free >= 2) return concatBytes([...parts, voidElement(free)]);
    if (free < 0) throw new EbmlError(`header needs ${-free} bytes more than reserved`);
    // 1 spare byte: a Void is at least 2 bytes, so widen the SeekHead's size field and lay out again.
  }
  throw new EbmlError('cannot lay out the header region');
}

interface BodyElement {
  id: number;
  bytes: Uint8Array;
}

function infoWithDuration(kept: Uint8Array, info: ElementSpan, durationTicks: number): Uint8Array {
  const fields = childrenOf(kept, info)
    .filter((c) => c.id !== ID.Duration && c.id !== ID.Void)
    .map((c) => kept.subarray(c.start, c.end));
  return masterElement(ID.Info, [...fields, floatElement(ID.Duration, durationTicks)]);
}

/** SeekHead for Info, Tracks and Cues; the body starts at Segment position `bodyPosition`. */
function seekHead(body: BodyElement[], bodyPosition: number, cuesPosition: number | null, widenSizeBy: number): Uint8Array {
  const entries: [number, number][] = [];
  let position = bodyPosition;
  for (const b of body) {
    if (b.id === ID.Info || b.id === ID.Tracks) entries.push([b.id, position]);
    position += b.bytes.length;
  }
  if (cuesPosition !== null) entries.push([ID.Cues, cuesPosition]);
  const seeks = entries.map(([id, pos]) =>
    masterElement(ID.Seek, [element(ID.SeekID, encodeId(id)), uintElement(ID.SeekPosition, pos, 8)]),
  );
  const data = concatBytes(seeks);
  return element(ID.SeekHead, data, minVintWidth(data.length) + widenSizeBy);
}
