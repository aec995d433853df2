/**
 * Checks a recorded file with the system ffmpeg/ffprobe, and hashes. MediaRecorder's WebM
 * has no Duration element (unless the extension's WebM fixer added one), so the length is
 * measured from packet timestamps (see /work/shared/notes/testing-in-chromium.md).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HeaderPatchRecord } from '../../extension/src/core/chunk-spool';

const run = promisify(execFile);
const BIG = { maxBuffer: 256 * 1024 * 1024 };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The stream the extension spooled, from the stored object: the object equals the spooled
 * stream except where a header patch (WebM fixer, part 1) replaced bytes; put the originals back.
 */
export function undoHeaderPatch(object: Uint8Array, patch: HeaderPatchRecord | undefined): Uint8Array {
  if (!patch) return object;
  const original = Buffer.from(patch.original, 'base64');
  const replaced = Buffer.from(patch.bytes, 'base64');
  const at = object.subarray(patch.offset, patch.offset + replaced.length);
  if (!Buffer.from(at).equals(replaced)) throw new Error(`the stored object does not carry the header patch at ${patch.offset}`);
  const copy = Buffer.from(object);
  copy.set(original, patch.offset);
  return copy;
}

/** A scratch file holding `bytes` (deleted by the returned cleanup). */
export async function tempFile(bytes: Uint8Array, name = 'recording.webm'): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-e2e-media-'));
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `ffmpeg -v error -i f -f null -`: decodes every frame. Exit code and what it printed. */
export async function ffmpegDecode(path: string): Promise<{ exitCode: number; errors: string }> {
  try {
    const { stderr } = await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', path, '-f', 'null', '-'], BIG);
    return { exitCode: 0, errors: stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { exitCode: typeof e.code === 'number' ? e.code : -1, errors: e.stderr ?? String(error) };
  }
}

export interface StreamInfo {
  index: number;
  codecType: string;
  codecName: string;
  width?: number;
  height?: number;
}

export async function probeStreams(path: string): Promise<StreamInfo[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=index,codec_type,codec_name,width,height', '-of', 'json', path], BIG);
  const parsed = JSON.parse(stdout) as { streams?: Record<string, unknown>[] };
  return (parsed.streams ?? []).map((s) => ({
    index: Number(s.index),
    codecType: String(s.codec_type),
    codecName: String(s.codec_name),
    ...(typeof s.width === 'number' ? { width: s.width } : {}),
    ...(typeof s.height === 'number' ? { height: s.height } : {}),
  }));
}

export interface StreamSpan {
  packets: number;
  /** Seconds: first packet's pts. */
  start: number;
  /** Seconds: last packet's pts + its duration. */
  end: number;
  /** Seconds between the two latest packet starts: how long the last frame shows, when its packet has no duration. */
  lastGap: number;
}

export interface PacketSpan {
  /** Per stream index. */
  streams: Record<number, StreamSpan>;
  /** Seconds from the earliest packet start to the latest packet end over all streams. */
  duration: number;
  /** The video stream's span in seconds (end - start). */
  videoDuration: number;
}

/** Length of the recording from packet timestamps (ffprobe -show_entries packet=...). */
export async function packetSpan(path: string): Promise<PacketSpan> {
  const streams = await probeStreams(path);
  const video = streams.find((s) => s.codecType === 'video');
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,duration_time', '-of', 'csv=p=0', path],
    BIG,
  );
  const spans: Record<number, StreamSpan> = {};
  const latestStart: Record<number, number> = {};
  for (const line of stdout.split('\n')) {
    const [index, pts, dur] = line.trim().split(',');
    if (index === undefined || pts === undefined || pts === '' || pts === 'N/A') continue;
    const start = Number(pts);
    const end = start + (dur && dur !== 'N/A' ? Number(dur) : 0);
    const s = (spans[Number(index)] ??= { packets: 0, start, end, lastGap: 0 });
    const latest = latestStart[Number(index)] ?? start;
    if (start > latest) s.lastGap = start - latest;
    latestStart[Number(index)] = Math.max(latest, start);
    s.packets++;
    s.start = Math.min(s.start, start);
    s.end = Math.max(s.end, end);
  }
  const all = Object.values(spans);
  if (all.length === 0) throw new Error(`no packets in ${path}`);
  const duration = Math.max(...all.map((s) => s.end)) - Math.min(...all.map((s) => s.start));
  const v = video ? spans[video.index] : undefined;
  return { streams: spans, duration, videoDuration: v ? v.end - v.start : 0 };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
