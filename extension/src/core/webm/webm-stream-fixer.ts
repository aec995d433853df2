/**
 * Transforms MediaRecorder's WebM as its chunks pass by, so that at Stop a small patch of part 1 plus
 * a trailer make the file seekable with a Duration and sized throughout — no server-side processing,
 * no whole file in memory.
 *
 * - Until the first Cluster, input is held (the header is a few hundred bytes) and then rewritten with
 *   an 8-byte Segment size and a reserved Void after Tracks (see webm-header.ts).
 * - Every Cluster gets a known size (cluster-framer.ts): Chrome's unknown-size Clusters are cut into
 *   sized ones, one per chunk, so the Segment's real size can be written at Stop. Every block passes
 *   through unchanged; only Cluster headers (and a Timecode per piece) are written.
 * - The few bytes of an element whose header has not fully arrived (Chrome's chunks end one byte into
 *   the next element), and a Cluster header until its first child arrives, are returned with the next
 *   chunk. So the stored stream never ends inside an element header, and a crash leaves a stream that
 *   finalizeWebm can close cleanly.
 * - Clusters are indexed as they pass (position, first video keyframe time) and block timestamps are
 *   tracked for the Duration; all of it lives in a JSON index (webm-index.ts).
 * - If the stream is not what we expect (or the header would not fit in part 1), the fixer stops fixing
 *   and passes the bytes through untouched: the recording is never lost, only left unseekable.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { ClusterFramer, initialFramingState, type StreamEdit } from './cluster-framer';
import { EbmlError } from './ebml-vint';
import { concatBytes } from './ebml-writer';
import { buildStreamHeader } from './webm-header';
import { PART_SIZE } from '../../../../api';
import { migrateWebmIndex, WEBM_INDEX_VERSION, type TrackTiming, type WebmIndex } from './webm-index';
import { initialScanState, WebmScanner, type BlockEvent, type ScanHandler } from './webm-scanner';

/** Room reserved for the SeekHead and Duration (they need ~100 bytes; the rest stays Void). */
export const DEFAULT_RESERVE_BYTES = 4096;
const MIN_RESERVE_BYTES = 256;

export interface WebmFixerOptions {
  /** Bytes of Void reserved after Tracks (default 4096, at least 256). */
  reserveBytes?: number;
  /** The header region must end within the first part (default 5 MiB). */
  partSize?: number;
}

export interface WebmStreamFixer {
  /** Feeds the next recorder chunk; returns the transformed bytes to spool (may be empty). */
  push(chunk: Uint8Array): Uint8Array;
  /**
   * After the last chunk (also after a crash, on a restored fixer): returns the header if no Cluster
   * came, else nothing. A cut element header still held at the end is dropped: it holds no media.
   */
  end(): Uint8Array;
  /** The state as plain JSON (a fresh copy): persist it with the bytes push() returned. */
  index(): WebmIndex;
}

export function createWebmStreamFixer(options: WebmFixerOptions = {}): WebmStreamFixer {
  const reserveBytes = options.reserveBytes ?? DEFAULT_RESERVE_BYTES;
  const partSize = options.partSize ?? PART_SIZE;
  if (!Number.isSafeInteger(reserveBytes) || reserveBytes < MIN_RESERVE_BYTES) {
    throw new RangeError(`reserveBytes must be an integer >= ${MIN_RESERVE_BYTES}`);
  }
  if (!Number.isSafeInteger(partSize) || partSize <= 0) throw new RangeError('partSize must be a positive integer');
  return new Fixer({
    version: WEBM_INDEX_VERSION,
    reserveBytes,
    partSize,
    inputBytes: 0,
    outputBytes: 0,
    failed: null,
    ended: false,
    scan: initialScanState(),
    unemitted: '',
    header: null,
    cluster: null,
    unknownSizeClusters: false,
    framing: initialFramingState(),
    cues: [],
    timings: [],
  });
}

/** Continues from a persisted index (e.g. after the offscreen document restarted). */
export function restoreWebmStreamFixer(index: WebmIndex): WebmStreamFixer {
  return new Fixer(migrateWebmIndex(structuredClone(index)));
}

class Fixer implements WebmStreamFixer, ScanHandler {
  private readonly scanner: WebmScanner;
  private readonly framer: ClusterFramer;
  /** Input bytes not yet returned: the whole input until the header is resolved, then held bytes. */
  private unemitted: Uint8Array;
  /** Header bytes built during the current push, to be returned before the input that follows it. */
  private builtHeader: { bytes: Uint8Array; inputEnd: number } | null = null;

  constructor(private readonly state: WebmIndex) {
    this.scanner = new WebmScanner(state.scan);
    this.framer = new ClusterFramer(state.framing);
    this.unemitted = base64ToBytes(state.unemitted);
  }

  push(chunk: Uint8Array): Uint8Array {
    if (this.state.ended) throw new Error('push() after end()');
    // Input [inputBytes - unemitted.length, inputBytes): what has not been returned yet. Copied while
    // the header is being collected (kept across pushes; the caller may reuse its chunk's buffer).
    const collecting = this.state.header === null && this.state.failed === null;
    this.unemitted = this.unemitted.length > 0 || collecting ? concatBytes([this.unemitted, chunk]) : chunk;
    this.state.inputBytes += chunk.length;
    if (this.state.failed === null) {
      this.scanner.feed(chunk, this);
      if (this.scanner.failure !== null) this.fail(this.scanner.failure);
    }
    if (this.state.failed === null && this.state.header === null && this.unemitted.length > this.state.partSize) {
      this.fail('no Cluster within the first part');
    }
    this.framer.chunkEnd();
    return this.emit(this.state.failed !== null ? this.state.inputBytes : this.fixedUpTo());
  }

  end(): Uint8Array {
    if (this.state.ended) return new Uint8Array(0);
    this.state.ended = true;
    if (this.state.failed === null && this.state.header === null) {
      // No Cluster came (or only the start of its header): the input up to the scan position is a
      // whole header if the scan sits between Segment children.
      const scan = this.scanner.state();
      const betweenChildren = scan.segmentSeen && scan.skip === 0 && scan.stack.length <= 1; // 0: Segment ended
      if (betweenChildren) this.resolveHeader(scan.pos);
      else this.fail('the stream ended inside its header');
    }
    // Fixing: what is still held is a cut element header or a Cluster header (no media), dropped.
    // Not fixing: keep all.
    const out = this.emit(this.state.failed !== null ? this.state.inputBytes : this.fixedUpTo());
    this.unemitted = new Uint8Array(0);
    return out;
  }

  index(): WebmIndex {
    this.state.scan = this.scanner.state();
    this.state.unemitted = bytesToBase64(this.unemitted);
    return structuredClone(this.state);
  }

  // ---- scan events ----

  cluster(start: number, unknownSize: boolean, headerLength: number): void {
    if (this.state.header === null && this.state.failed === null) this.resolveHeader(start);
    const header = this.state.header;
    if (this.state.failed !== null || !header) return;
    this.framer.clusterStart(start, unknownSize, headerLength); // sizes the previous Cluster's last piece
    const position = start + header.delta + this.state.framing.shift - header.segmentDataStart;
    this.state.cluster = { position, timecode: null, cued: false };
  }

  clusterTimecode(value: number): void {
    if (this.state.cluster) this.state.cluster.timecode = value;
    if (this.state.failed === null) this.framer.clusterTimecode(value);
  }

  clusterChild(id: number, start: number, end: number): void {
    if (this.state.failed === null && this.state.header) this.framer.clusterChild(id, start, end);
  }

  clusterEnd(): void {
    if (this.state.failed === null && this.state.header) this.framer.clusterEnd();
  }

  block(block: BlockEvent): void {
    const cluster = this.state.cluster;
    const header = this.state.header;
    if (this.state.failed !== null || !cluster || cluster.timecode === null || !header) return;
    const time = cluster.timecode + block.relTime;
    const timing = this.timing(block.track, time);
    if (time > timing.lastTime) timing.lastGap = time - timing.lastTime;
    timing.lastTime = time;
    if (time >= timing.maxTime) {
      timing.maxTime = time;
      timing.durationAtMax = block.duration ?? header.defaultDurations[block.track] ?? null;
    }
    // One cue per Cluster, at its first keyframe of the cue track: players seek to a Cluster and must
    // start decoding on a keyframe.
    if (block.track === header.cueTrack && block.keyframe && !cluster.cued) {
      cluster.cued = true;
      this.state.cues.push(time, cluster.position);
    }
  }

  // ---- internals ----

  /** While fixing: input up to here can be returned (the rest is a cut header or a held Cluster header). */
  private fixedUpTo(): number {
    return Math.min(this.scanner.position, this.framer.holdFrom() ?? Number.POSITIVE_INFINITY);
  }

  private timing(track: number, time: number): TrackTiming {
    let timing = this.state.timings.find((t) => t.track === track);
    if (!timing) {
      timing = { track, maxTime: time, durationAtMax: null, lastTime: time, lastGap: null };
      this.state.timings.push(timing);
    }
    return timing;
  }

  /** The header ends at input offset `inputEnd`: rewrite it (or give up and pass everything through). */
  private resolveHeader(inputEnd: number): void {
    // Nothing has been returned yet, so `unemitted` is the input from its first byte.
    try {
      const { bytes, layout } = buildStreamHeader(this.unemitted.subarray(0, inputEnd), this.state.reserveBytes);
      if (layout.regionEnd > this.state.partSize) {
        this.fail(`the header (${layout.regionEnd} bytes) does not fit in the first part`);
        return;
      }
      this.state.header = layout;
      this.builtHeader = { bytes, inputEnd };
    } catch (error) {
      if (!(error instanceof EbmlError)) throw error;
      this.fail(error.message);
    }
  }

  /**
   * Returns the output for the unemitted input up to input offset `upTo`: the rewritten header first
   * when it was just built, then the input with the framer's edits applied (or all of it, untouched,
   * when not fixing). Input from `upTo` on stays unemitted.
   */
  private emit(upTo: number): Uint8Array {
    const pending = this.unemitted;
    const start = this.state.inputBytes - pending.length;
    if (this.state.header === null && this.state.failed === null) return new Uint8Array(0); // no Cluster yet
    const built = this.builtHeader;
    this.builtHeader = null;
    const edits = this.framer.takeEdits();
    let out: Uint8Array;
    if (this.state.header === null) {
      out = pending; // gave up before the header was written: the input, untouched
      upTo = this.state.inputBytes;
    } else if (!built && edits.length === 0) {
      out = upTo - start === pending.length ? pending : pending.subarray(0, upTo - start);
    } else {
      out = applyEdits(pending, start, built ? built.inputEnd : start, upTo, edits, built?.bytes);
    }
    this.unemitted = pending.slice(upTo - start); // a copy: at most a cut element header
    this.state.outputBytes += out.length;
    return out;
  }

  private fail(reason: string): void {
    if (this.state.failed === null) this.state.failed = reason;
  }
}

/** Input [from, upTo) (held in `input`, which starts at input offset `inputStart`) with `edits` applied. */
function applyEdits(input: Uint8Array, inputStart: number, from: number, upTo: number, edits: StreamEdit[], prefix?: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = prefix ? [prefix] : [];
  for (const edit of edits) {
    // An edit is made only for input already taken in, so it always lies in what is being returned.
    if (edit.at < from || edit.at + edit.drop > upTo) throw new Error(`edit at ${edit.at} outside [${from}, ${upTo})`);
    pieces.push(input.subarray(from - inputStart, edit.at - inputStart), edit.insert);
    from = edit.at + edit.drop;
  }
  pieces.push(input.subarray(from - inputStart, upTo - inputStart));
  return concatBytes(pieces);
}
