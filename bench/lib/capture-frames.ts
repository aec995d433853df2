/**
 * How many video frames a recording holds between two moments (ffprobe packet times), so the
 * `cpu` benchmark can show both sides encoded the same stream: on a loaded machine the capture
 * delivers fewer frames, and encoding fewer frames costs less.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface RecordedVideo {
  width: number;
  height: number;
  /** Video packet times, seconds from the start of the recording. */
  times: number[];
}

export async function probeVideo(bytes: Uint8Array): Promise<RecordedVideo> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-bench-probe-'));
  try {
    const path = join(dir, 'video.webm');
    await writeFile(path, bytes);
    const run = (args: string[]) => promisify(execFile)('ffprobe', ['-v', 'error', '-select_streams', 'v:0', ...args, path], { maxBuffer: 64 * 1024 * 1024 });
    const size = JSON.parse((await run(['-show_entries', 'stream=width,height', '-of', 'json'])).stdout) as { streams: { width: number; height: number }[] };
    const { stdout } = await run(['-show_entries', 'packet=pts_time', '-of', 'csv=p=0']);
    return { width: size.streams[0]!.width, height: size.streams[0]!.height, times: stdout.split('\n').filter(Boolean).map(Number) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Frames per second with a time in [fromS, toS). */
export function framesBetween(video: RecordedVideo, fromS: number, toS: number): number {
  return video.times.filter((t) => t >= fromS && t < toS).length / (toS - fromS);
}
