/**
 * Transforms MediaRecorder's WebM as its chunks pass by, so that at Stop a small patch of part 1 plus
 * a trailer make the file seekable with a Duration — no server-side processing, no whole file in memory.
 *
 * - Until the first Cluster, input is held (the header is a few hundred bytes) and then rewritten with
 *   an 8-byte Segment size and a reserved Void after Tracks (see webm-header.ts). Every byte after the
 *   header is returned unchanged, at a constant offset.
 * - Clusters are indexed as they pass (position, first video keyframe time) and block timestamps are
 *   tracked for the Duration; all of it lives in a JSON index (webm-index.ts).
 * - If the stream is not what we expect (or the header would not fit in part 1), the fixer stops fixing
 *   and passes the bytes through untouched: the recording is never lost, only left unseekable.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { EbmlError } from './ebml-vint';
import { concatBytes } from './ebml-writer';
import { buildStreamHeader } from './webm-header';
import { WEBM_INDEX_VERSION, type TrackTiming, type WebmIndex } from './webm-index';
import { initialScanState, WebmScanner, type BlockEvent, type ScanHandler } from './webm-scanner';

/** S3/R2 multipart part size used by Reelay (mirrors PART_SIZE in backend/src/api/contract.ts). */
export const WEBM_PART_SIZE = 5 * 1024 * 1024;
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
  /** Feeds the next recorder chunk; returns the transformed bytes to spool (may be empty, or `chunk` itself). */
  push(chunk: Uint8Array): Uint8Array;
  /** After the last chunk: returns any bytes still held (only if no Cluster ever came). */
  end(): Uint8Array;
  /** The state as plain JSON (a fresh copy): persist it with the bytes push() returned. */
  index(): WebmIndex;
}

export function createWebmStreamFixer(options: WebmFixerOptions = {}): WebmStreamFixer {
  const reserveBytes = options.reserveBytes ?? DEFAULT_RESERVE_BYTES;
  const partSize = options.partSize ?? WEBM_PART_SIZE;
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
    retained: '',
    header: null,
    cluster: null,
    unknownSizeClusters: false,
    cues: [],
    timings: [],
  });
}

/** Continues from a persisted index (e.g. after the offscreen document restarted). */
export function restoreWebmStreamFixer(index: WebmIndex): WebmStreamFixer {
  if (index.version !== WEBM_INDEX_VERSION) throw new Error(`unsupported WebM index version ${String(index.version)}`);
  return new Fixer(structuredClone(index));
}

class Fixer implements WebmStreamFixer, ScanHandler {
  private readonly scanner: WebmScanner;
  /** Raw input held until the header is resolved (null afterwards). */
  private retained: Uint8Array[] | null;
  /** Header bytes built during the current push, to be returned before the rest of the held input. */
  private builtHeader: { bytes: Uint8Array; inputEnd: number } | null = null;

  constructor(private readonly state: WebmIndex) {
    this.scanner = new WebmScanner(state.scan);
    this.retained = state.retained === null ? null : [base64ToBytes(state.retained)];
  }

  push(chunk: Uint8Array): Uint8Array {
    if (this.state.ended) throw new Error('push() after end()');
    this.state.inputBytes += chunk.length;
    if (this.retained !== null) this.retained.push(chunk);
    if (this.state.failed === null) {
      this.scanner.feed(chunk, this);
      if (this.scanner.failure !== null) this.fail(this.scanner.failure);
    }
    // After the header: bytes pass through unchanged (the scan only indexes them).
    const out = this.retained === null ? chunk : this.releaseHeld();
    this.state.outputBytes += out.length;
    return out;
  }

  end(): Uint8Array {
    if (this.state.ended) return new Uint8Array(0);
    this.state.ended = true;
    let out: Uint8Array = new Uint8Array(0);
    if (this.retained !== null) {
      // No Cluster came (or only the start of its header): the held input up to the scan position is a
      // whole header if the scan sits between Segment children. Cut bytes after it are left to finalize.
      const scan = this.scanner.state();
      const betweenChildren = scan.segmentSeen && scan.skip === 0 && scan.stack.length <= 1; // 0: Segment ended
      if (this.state.failed === null && betweenChildren) this.resolveHeader(scan.pos);
      else this.fail(this.state.failed ?? 'the stream ended inside its header');
      out = this.releaseHeld();
    }
    this.state.outputBytes += out.length;
    return out;
  }

  index(): WebmIndex {
    this.state.scan = this.scanner.state();
    this.state.retained = this.retained === null ? null : bytesToBase64(concatBytes(this.retained));
    return structuredClone(this.state);
  }

  // ---- scan events ----

  cluster(start: number, unknownSize: boolean): void {
    if (this.retained !== null && this.builtHeader === null && this.state.failed === null) this.resolveHeader(start);
    const header = this.state.header;
    if (this.state.failed !== null || !header) return;
    this.state.cluster = { position: start + header.delta - header.segmentDataStart, timecode: null, cued: false };
    if (unknownSize) this.state.unknownSizeClusters = true;
  }

  clusterTimecode(value: number): void {
    if (this.state.cluster) this.state.cluster.timecode = value;
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
    const held = concatBytes(this.retained ?? []);
    try {
      const { bytes, layout } = buildStreamHeader(held.subarray(0, inputEnd), this.state.reserveBytes);
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

  /** Returns what the held input becomes: the rewritten header + the rest, or the input unchanged. */
  private releaseHeld(): Uint8Array {
    const built = this.builtHeader;
    if (this.state.failed === null && built === null) {
      const heldBytes = this.retained!.reduce((n, c) => n + c.length, 0);
      if (heldBytes <= this.state.partSize) return new Uint8Array(0);
      this.fail('no Cluster within the first part');
    }
    const held = concatBytes(this.retained!);
    this.retained = null;
    this.builtHeader = null;
    if (this.state.failed !== null && this.state.header === null) return held;
    return concatBytes([built!.bytes, held.subarray(built!.inputEnd)]);
  }

  private fail(reason: string): void {
    if (this.state.failed === null) this.state.failed = reason;
  }
}
