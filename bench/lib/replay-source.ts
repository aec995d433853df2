/**
 * The recording the browser benchmarks replay: a real Chromium MediaRecorder recording (the same
 * source the stop-to-link benchmark uses: noise canvas + tone, VP9/Opus at the extension's default
 * 3 Mbit/s, 1 s timeslice, keyframe every 2 s), recorded once per `npm run bench`, indexed into
 * Clusters (bench/extension-pages/looped-stream.ts) and served over loopback so the replay page can
 * fetch it as a Blob. Before use, a 1-minute loop of it is checked with ffprobe: its video
 * timestamps must rise steadily to ~60 s, otherwise the looping is wrong and figures would lie.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { indexClusters, loopedChunkPieces, materialize, type ClusterIndex } from '../extension-pages/looped-stream';
import { DEFAULT_VIDEO_BITS_PER_SECOND } from '../../extension/src/core/recorder/media-options';
import { recordSource } from './stop-to-link-source';

const SOURCE_SECONDS = 12;

export interface ReplaySource {
  bytes: Uint8Array;
  index: ClusterIndex;
  seconds: number;
  /** Measured bitrate of the source (bit/s). */
  bitsPerSecond: number;
}

let memo: Promise<ReplaySource> | undefined;

/** Records (once per process) and checks the source recording. */
export function replaySource(log: (line: string) => void): Promise<ReplaySource> {
  memo ??= (async () => {
    log(`replay source: recording ${SOURCE_SECONDS} s in Chromium (MediaRecorder, VP9/Opus, ${DEFAULT_VIDEO_BITS_PER_SECOND / 1e6} Mbit/s) …`);
    const recording = await recordSource(SOURCE_SECONDS, DEFAULT_VIDEO_BITS_PER_SECOND);
    const index = indexClusters(recording.bytes, SOURCE_SECONDS);
    await checkLoop(recording.bytes, index, 60_000);
    const bitsPerSecond = (recording.bytes.length * 8) / SOURCE_SECONDS;
    log(`replay source: ${(recording.bytes.length / 1e6).toFixed(1)} MB, ${(bitsPerSecond / 1e6).toFixed(2)} Mbit/s, ${index.clusters.length} clusters, loop ${index.loopMs} ms`);
    return { bytes: recording.bytes, index, seconds: SOURCE_SECONDS, bitsPerSecond };
  })();
  memo.catch(() => (memo = undefined));
  return memo;
}

/** ffprobe the looped stream: video packet times must never go back and must reach the length. */
async function checkLoop(source: Uint8Array, index: ClusterIndex, durationMs: number): Promise<void> {
  const chunks = [...loopedChunkPieces(index, durationMs)].map((pieces) => materialize(source, pieces));
  const dir = await mkdtemp(join(tmpdir(), 'reelay-bench-loop-'));
  try {
    const path = join(dir, 'looped.webm');
    await writeFile(path, Buffer.concat(chunks));
    const { stdout } = await promisify(execFile)(
      'ffprobe',
      ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const times = stdout.split('\n').filter(Boolean).map(Number);
    const backwards = times.findIndex((t, i) => i > 0 && t < times[i - 1]! - 0.5);
    const last = times.at(-1) ?? 0;
    if (backwards >= 0 || last < durationMs / 1000 - 2 || last > durationMs / 1000 + 1) {
      throw new Error(`the looped replay stream is broken: ${times.length} video packets, last at ${last} s, goes back at packet ${backwards}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Serves `bytes` at a loopback URL (CORS open, so an extension page can fetch it). */
export async function serveBytes(bytes: Uint8Array): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'video/webm', 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/source.webm`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
