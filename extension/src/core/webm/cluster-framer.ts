/**
 * Gives every Cluster a known size, as its bytes stream by, without holding media back.
 *
 * Chrome's MediaRecorder writes each Cluster with an unknown size (it cannot know it when the Cluster
 * starts), and an unknown-size Cluster forces an unknown-size Segment: ffmpeg (Chrome's demuxer for
 * <video src>, and ffprobe) reports "Unknown-sized element inside parent with finite size" otherwise.
 * So each of Chrome's Clusters is cut into Clusters of known size, one per recorder chunk: at the end
 * of a chunk, the children whose headers have arrived (blocks, BlockGroups: their sizes are in their
 * headers, even when their data is still coming) become one Cluster, whose size covers them exactly.
 *  - The first piece keeps Chrome's Cluster header in place, its size field written as 8 bytes.
 *  - Each later piece gets a new header (Cluster ID, 8-byte size) and a copy of the Timecode, inserted
 *    before its first child: ~16 bytes per chunk (9.8 KB for a 10-minute recording). Block timecodes
 *    are relative to the Cluster's, which every piece repeats, so the blocks pass through untouched.
 * Chrome's Cluster header and Timecode are held (a few bytes, in the persisted index) until the first
 * child after them arrives; nothing else is held, so the spool and the crash-safety guarantees stay as
 * they were. Known-size Clusters (other muxers) pass through as they are. If the stream turns out
 * malformed inside a Cluster, the fixer stops fixing (no header patch: the Segment size stays unknown)
 * and that Cluster's remaining children follow its last sized piece without a header of their own.
 *
 * Why this and not:
 *  - holding each Cluster until it ends, then writing its size: up to one Cluster (~1 s of media, more
 *    with a rare keyframe) more to send after Stop, and that much in the persisted index per chunk;
 *  - patching each Cluster's size field once it ends (a patch list applied when parts are cut): the
 *    part holding an open Cluster's header cannot go up until it ends, and the part cutter and the
 *    upload queue would have to learn about patches;
 *  - an EBML Void trick (room reserved after each Cluster header, to write a size into later): the
 *    room is in bytes already spooled and often already uploaded, so it is the patching above again.
 */
import { ID } from './ebml-ids';
import { EbmlError, encodeId, encodeVint } from './ebml-vint';
import { concatBytes, uintElement } from './ebml-writer';

/** One change to the input stream: drop `drop` bytes at input offset `at` and put `insert` there. */
export interface StreamEdit {
  at: number;
  drop: number;
  insert: Uint8Array;
}

/** The framer's persisted state (part of the WebM index). */
export interface FramingState {
  /** Output bytes inserted minus bytes dropped so far: output offset = input offset + delta + shift. */
  shift: number;
  /** The unknown-size Cluster being cut into sized ones, or null (none, or a known-size one). */
  current: {
    /** Input offset of its ID, and the length of its ID + size field. */
    start: number;
    headerLength: number;
    timecode: number | null;
    /** Its first piece was written (its header then sized); until then the header is held. */
    framed: boolean;
    /** Input offset just past the last child taken in. */
    end: number;
  } | null;
}

export function initialFramingState(): FramingState {
  return { shift: 0, current: null };
}

const SIZE_WIDTH = 8;

export class ClusterFramer {
  /** Input offset of the first child of the piece opened in this chunk (after the first piece). */
  private openStart: number | null = null;
  /** A child other than the Timecode was taken in during this chunk. */
  private media = false;
  private edits: StreamEdit[] = [];

  constructor(private readonly state: FramingState) {}

  clusterStart(start: number, unknownSize: boolean, headerLength: number): void {
    this.clusterEnd();
    if (unknownSize) this.state.current = { start, headerLength, timecode: null, framed: false, end: start + headerLength };
  }

  clusterTimecode(value: number): void {
    if (this.state.current) this.state.current.timecode = value;
  }

  /** Throws EbmlError when the child cannot be framed (the fixer then stops fixing). */
  clusterChild(id: number, start: number, end: number): void {
    const current = this.state.current;
    if (!current) return;
    if (end < 0) throw new EbmlError(`unknown-size element at ${start} inside an unknown-size Cluster`);
    if (current.framed && this.openStart === null) {
      if (current.timecode === null) throw new EbmlError(`Cluster at ${current.start} has no Timecode before its blocks`);
      this.openStart = start;
    }
    current.end = end;
    if (id !== ID.Timecode) this.media = true;
  }

  /** The Cluster ended: its last piece is sized now, whatever it holds. */
  clusterEnd(): void {
    const current = this.state.current;
    if (!current) return;
    if (!current.framed) this.closeFirst();
    else if (this.openStart !== null) this.closeLater();
    this.state.current = null;
    this.openStart = null;
    this.media = false;
  }

  /** At the end of a chunk: size the piece opened in it (the first piece waits for a child). */
  chunkEnd(): void {
    const current = this.state.current;
    if (current && !current.framed && this.media) this.closeFirst();
    else if (current?.framed && this.openStart !== null) this.closeLater();
    this.openStart = null;
    this.media = false;
  }

  /** Input offset from which bytes must be held (an unframed Cluster's header), or null. */
  holdFrom(): number | null {
    const current = this.state.current;
    return current && !current.framed ? current.start : null;
  }

  /** The edits made since the last call, in input order. */
  takeEdits(): StreamEdit[] {
    const edits = this.edits;
    this.edits = [];
    return edits;
  }

  private closeFirst(): void {
    const c = this.state.current!;
    const size = c.end - (c.start + c.headerLength);
    this.edits.push({ at: c.start, drop: c.headerLength, insert: clusterHeader(size) });
    this.state.shift += 4 + SIZE_WIDTH - c.headerLength;
    c.framed = true;
  }

  private closeLater(): void {
    const c = this.state.current!;
    const timecode = uintElement(ID.Timecode, c.timecode!);
    const insert = concatBytes([clusterHeader(timecode.length + c.end - this.openStart!), timecode]);
    this.edits.push({ at: this.openStart!, drop: 0, insert });
    this.state.shift += insert.length;
    this.openStart = null;
  }
}

function clusterHeader(size: number): Uint8Array {
  return concatBytes([encodeId(ID.Cluster), encodeVint(size, SIZE_WIDTH)]);
}
