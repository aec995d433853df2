/**
 * The fixer's whole state as plain JSON: persist it (IndexedDB) together with the transformed bytes of
 * each chunk, in the same transaction, and a crash loses nothing. It grows by two numbers per video
 * keyframe Cluster (the cue points); everything else is a few hundred bytes.
 */
import { initialFramingState, type FramingState } from './cluster-framer';
import type { HeaderLayout } from './webm-header';
import type { ScanState } from './webm-scanner';

/** 2: Clusters are written with known sizes (cluster-framer.ts). 1: they were passed through as they came. */
export const WEBM_INDEX_VERSION = 2;

/** What was seen of one track, for the Duration (the end of its last block). */
export interface TrackTiming {
  track: number;
  /** Largest block timestamp seen (absolute, TimecodeScale ticks). */
  maxTime: number;
  /** Duration of that block when known (BlockDuration or the track's DefaultDuration). */
  durationAtMax: number | null;
  lastTime: number;
  /** Last positive gap between consecutive blocks: the frame duration when none is written. */
  lastGap: number | null;
}

export interface WebmIndex {
  version: typeof WEBM_INDEX_VERSION;
  reserveBytes: number;
  partSize: number;
  /** Bytes pushed in / returned out so far. */
  inputBytes: number;
  outputBytes: number;
  /** Why the stream is passed through unfixed (not WebM as expected); null when all is well. */
  failed: string | null;
  /** end() was called: no more chunks. */
  ended: boolean;
  scan: ScanState;
  /**
   * Base64 of the input not returned yet: all of it until the first Cluster shows where the header
   * ends, then at most a cut element header (returned with the next chunk, dropped by end()).
   */
  unemitted: string;
  header: HeaderLayout | null;
  /** The Cluster being read: its position (relative to the Segment data, output) and Timecode. */
  cluster: { position: number; timecode: number | null; cued: boolean } | null;
  /**
   * An unknown-size Cluster was written out (only by a version-1 fixer, whose index a recording made
   * before the update may still hold). The Segment size then stays unknown too: ffmpeg (Chrome's
   * demuxer for <video src>) rejects an unknown-size element inside a finite-size parent
   * ("Unknown-sized element ... inside parent with finite size") and resyncs at every Cluster.
   */
  unknownSizeClusters: boolean;
  /** Cutting unknown-size Clusters into sized ones (cluster-framer.ts). */
  framing: FramingState;
  /** Cue points, flattened: [time, clusterPosition, time, clusterPosition, ...]. */
  cues: number[];
  timings: TrackTiming[];
}

/**
 * An index as this version uses it. A version-1 index (a recording spooled before the update, then
 * recovered) continues with the Cluster it was in passed through as it came; later Clusters are sized.
 */
export function migrateWebmIndex(index: WebmIndex): WebmIndex {
  const version = index.version as number;
  if (version === WEBM_INDEX_VERSION) return index;
  if (version !== 1) throw new Error(`unsupported WebM index version ${String(version)}`);
  return { ...index, version: WEBM_INDEX_VERSION, framing: initialFramingState() };
}

/** Duration in TimecodeScale ticks: the latest end of a block over all tracks. */
export function durationTicks(index: WebmIndex): number {
  let end = 0;
  for (const t of index.timings) end = Math.max(end, t.maxTime + (t.durationAtMax ?? t.lastGap ?? 0));
  return end;
}

export function durationMs(index: WebmIndex): number | null {
  if (!index.header || index.timings.length === 0) return null;
  return (durationTicks(index) * index.header.timecodeScale) / 1e6;
}
