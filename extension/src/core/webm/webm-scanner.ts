/**
 * Streaming scan of a WebM byte stream, chunk by chunk, without holding frames: it reads only element
 * headers and the few bytes it needs (Cluster Timecode, block headers, BlockDuration) and skips the
 * rest. Elements may straddle chunk boundaries: an element whose needed bytes are not all there yet is
 * held (at most ~20 bytes) and read again when the next chunk comes. Its state is plain JSON, so a scan
 * can be persisted and resumed.
 *
 * Unknown-size Segment, Cluster and BlockGroup are handled as RFC 8794 §6.2 says: they end where an
 * element of their own level or above starts (e.g. a Cluster ends at the next Cluster).
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { ID, idName, levelOf } from './ebml-ids';
import { EbmlError, readId, readVint } from './ebml-vint';
import { concatBytes } from './ebml-writer';

export interface BlockEvent {
  track: number;
  /** Timecode relative to the Cluster's, in TimecodeScale ticks (signed 16-bit). */
  relTime: number;
  keyframe: boolean;
  /** BlockDuration when the block is in a BlockGroup that has one. */
  duration: number | null;
}

/** What the scanner reports; offsets are absolute input stream offsets. */
export interface ScanHandler {
  /** A Cluster's header was read: it starts at `start` and its data at `start + headerLength`. */
  cluster(start: number, unknownSize: boolean, headerLength: number): void;
  clusterTimecode(value: number): void;
  block(block: BlockEvent): void;
  /**
   * A direct child of a Cluster was taken in (its header, and the bytes read of it, have all arrived):
   * it spans input [start, end); `end` is -1 when its size is unknown. Reported before its other events.
   */
  clusterChild?(id: number, start: number, end: number): void;
  /** The open Cluster ended (its size was reached, or an element that cannot be inside it began). */
  clusterEnd?(): void;
}

/** An open master element: ID, absolute end offset (-1 if unknown), whether its size was unknown. */
export type OpenElement = [id: number, end: number, unknownSize: 0 | 1];

export interface GroupState {
  /** -1 until the group's Block has been read. */
  track: number;
  relTime: number;
  hasReference: boolean;
  duration: number | null;
}

export interface ScanState {
  /** Absolute input offset of the first byte not yet consumed (`pending` starts there). */
  pos: number;
  /** Base64 of held bytes: the start of an element whose needed bytes have not all arrived. */
  pending: string;
  /** Bytes of the current element's data still to pass over. */
  skip: number;
  stack: OpenElement[];
  group: GroupState | null;
  segmentSeen: boolean;
  failed: string | null;
}

export function initialScanState(): ScanState {
  return { pos: 0, pending: '', skip: 0, stack: [], group: null, segmentSeen: false, failed: null };
}

// Enough for a block header: track number (vint, up to 8 bytes) + 16-bit timecode + flags.
const BLOCK_HEADER_PEEK = 11;

type Action = 'enter' | 'read' | 'peek' | 'skip';

export class WebmScanner {
  private pos: number;
  private pending: Uint8Array;
  private skip: number;
  private stack: OpenElement[];
  private group: GroupState | null;
  private segmentSeen: boolean;
  private failed: string | null;

  constructor(state: ScanState = initialScanState()) {
    this.pos = state.pos;
    this.pending = base64ToBytes(state.pending);
    this.skip = state.skip;
    this.stack = state.stack.map((e) => [...e] as OpenElement);
    this.group = state.group && { ...state.group };
    this.segmentSeen = state.segmentSeen;
    this.failed = state.failed;
  }

  get failure(): string | null {
    return this.failed;
  }

  /** Input offset up to which bytes are consumed; bytes after it are held for the next chunk. */
  get position(): number {
    return this.pos;
  }

  state(): ScanState {
    return {
      pos: this.pos,
      pending: bytesToBase64(this.pending),
      skip: this.skip,
      stack: this.stack.map((e) => [...e] as OpenElement),
      group: this.group && { ...this.group },
      segmentSeen: this.segmentSeen,
      failed: this.failed,
    };
  }

  /** Scans the next chunk. A malformed stream sets `failure` and stops the scan (it never throws). */
  feed(chunk: Uint8Array, handler: ScanHandler): void {
    if (this.failed !== null) return;
    try {
      this.scan(chunk, handler);
    } catch (error) {
      if (!(error instanceof EbmlError)) throw error;
      this.failed = error.message;
    }
  }

  private scan(chunk: Uint8Array, h: ScanHandler): void {
    const data = this.pending.length > 0 ? concatBytes([this.pending, chunk]) : chunk;
    const base = this.pos; // absolute offset of data[0] (held bytes start at pos)
    let i = 0;
    while (i < data.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, data.length - i);
        i += n;
        this.skip -= n;
        continue;
      }
      const at = base + i;
      this.closeEnded(at, h);
      const id = readId(data, i);
      const size = id && readVint(data, i + id.length);
      if (!id || !size) break; // header straddles the chunk boundary
      const headerLength = id.length + size.length;
      this.closeUnknownBefore(id.id, h);

      const parent = this.stack[this.stack.length - 1];
      const parentEnd = parent ? parent[1] : -1;
      const end = size.unknown ? parentEnd : at + headerLength + size.value;
      if (!size.unknown && parentEnd >= 0 && end > parentEnd) {
        throw new EbmlError(`${idName(id.id)} at ${at} overruns its parent`);
      }
      const action = this.decide(parent ? parent[0] : 0, id.id, size.unknown);
      const inCluster = parent?.[0] === ID.Cluster;

      if (action === 'enter') {
        if (inCluster) h.clusterChild?.(id.id, at, end);
        this.stack.push([id.id, end, size.unknown ? 1 : 0]);
        i += headerLength;
        if (id.id === ID.Segment) this.segmentSeen = true;
        else if (id.id === ID.Cluster) h.cluster(at, size.unknown, headerLength);
        else if (id.id === ID.BlockGroup) this.group = { track: -1, relTime: 0, hasReference: false, duration: null };
      } else if (action === 'read') {
        if (size.value > 8) throw new EbmlError(`${idName(id.id)} at ${at} is longer than 8 bytes`);
        if (data.length - i < headerLength + size.value) break;
        if (inCluster) h.clusterChild?.(id.id, at, end);
        let value = 0;
        for (let k = 0; k < size.value; k++) value = value * 256 + data[i + headerLength + k]!;
        i += headerLength + size.value;
        if (id.id === ID.Timecode) h.clusterTimecode(value);
        else if (this.group) this.group.duration = value; // BlockDuration
      } else if (action === 'peek') {
        const n = Math.min(size.value, BLOCK_HEADER_PEEK);
        if (data.length - i < headerLength + n) break;
        if (inCluster) h.clusterChild?.(id.id, at, end);
        const block = parseBlockHeader(data.subarray(i + headerLength, i + headerLength + n), at);
        i += headerLength + n;
        this.skip = size.value - n;
        if (id.id === ID.SimpleBlock) {
          h.block({ track: block.track, relTime: block.relTime, keyframe: (block.flags & 0x80) !== 0, duration: null });
        } else if (this.group) {
          this.group.track = block.track;
          this.group.relTime = block.relTime;
        }
      } else {
        if (inCluster) h.clusterChild?.(id.id, at, end);
        if (id.id === ID.ReferenceBlock && this.group) this.group.hasReference = true;
        i += headerLength;
        this.skip = size.value;
      }
    }
    this.pending = data.slice(i); // a copy: at most one element header plus a few bytes
    this.pos = base + i;
    this.closeEnded(this.pos, h); // report a BlockGroup that ended exactly at the chunk's end now
  }

  private decide(parent: number, id: number, unknownSize: boolean): Action {
    if (unknownSize && id !== ID.Segment && id !== ID.Cluster && id !== ID.BlockGroup) {
      throw new EbmlError(`${idName(id)} has an unknown size`);
    }
    const level = levelOf(id);
    switch (parent) {
      case 0:
        if (this.segmentSeen) throw new EbmlError(`unexpected ${idName(id)} after the Segment`);
        if (id === ID.EBML || id === ID.Void) return 'skip';
        if (id === ID.Segment) return 'enter';
        throw new EbmlError(`not a WebM stream (top-level ${idName(id)})`);
      case ID.Segment:
        if (level === 0) throw new EbmlError(`unexpected ${idName(id)} inside the Segment`);
        return id === ID.Cluster ? 'enter' : 'skip';
      case ID.Cluster:
        if (level !== undefined && level < 2) throw new EbmlError(`unexpected ${idName(id)} inside a Cluster`);
        if (id === ID.Timecode) return 'read';
        if (id === ID.SimpleBlock) return 'peek';
        return id === ID.BlockGroup ? 'enter' : 'skip';
      case ID.BlockGroup:
        if (level !== undefined && level < 3) throw new EbmlError(`unexpected ${idName(id)} inside a BlockGroup`);
        if (id === ID.Block) return 'peek';
        return id === ID.BlockDuration ? 'read' : 'skip';
      default:
        throw new EbmlError(`unexpected parent ${idName(parent)}`);
    }
  }

  /** Closes known-size elements that end at or before `at`. */
  private closeEnded(at: number, h: ScanHandler): void {
    for (let top = this.stack.at(-1); top && top[1] >= 0 && top[1] <= at; top = this.stack.at(-1)) {
      this.pop(h);
    }
  }

  /** Closes unknown-size elements that an element with this ID cannot be inside. */
  private closeUnknownBefore(id: number, h: ScanHandler): void {
    const level = levelOf(id);
    if (level === undefined) return;
    for (let top = this.stack.at(-1); top && top[2] === 1 && level <= (levelOf(top[0]) ?? -1); top = this.stack.at(-1)) {
      this.pop(h);
    }
  }

  private pop(h: ScanHandler): void {
    const [id] = this.stack.pop()!;
    if (id === ID.Cluster) h.clusterEnd?.();
    if (id !== ID.BlockGroup) return;
    const group = this.group;
    this.group = null;
    if (group && group.track >= 0) {
      h.block({ track: group.track, relTime: group.relTime, keyframe: !group.hasReference, duration: group.duration });
    }
  }
}

function parseBlockHeader(bytes: Uint8Array, at: number): { track: number; relTime: number; flags: number } {
  const track = readVint(bytes, 0);
  if (!track || track.unknown || track.length + 3 > bytes.length) throw new EbmlError(`block at ${at} is too short`);
  const t = track.length;
  const raw = (bytes[t]! << 8) | bytes[t + 1]!;
  return { track: track.value, relTime: raw >= 0x8000 ? raw - 0x10000 : raw, flags: bytes[t + 2]! };
}
