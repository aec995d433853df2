/**
 * Helpers for the WebM tests: the real MediaRecorder fixtures (replayed chunk by chunk) and the real
 * tools that judge the result (ffprobe, ffmpeg, mkvinfo from mkvtoolnix).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  applyHeaderPatch,
  createWebmStreamFixer,
  finalizeWebm,
  type WebmFinalization,
  type WebmFixerOptions,
  type WebmIndex,
} from '../../src/core/webm';

const run = promisify(execFile);
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/webm');

export interface Fixture {
  bytes: Uint8Array;
  /** The chunks exactly as MediaRecorder's dataavailable delivered them. */
  chunks: Uint8Array[];
  /** Stream offsets where one real chunk ends and the next begins. */
  boundaries: number[];
}

export async function loadFixture(name: 'screen' | 'alpha'): Promise<Fixture> {
  const bytes = new Uint8Array(await readFile(path.join(FIXTURES, `${name}.webm`)));
  const meta = JSON.parse(await readFile(path.join(FIXTURES, `${name}.json`), 'utf8')) as { chunkSizes: number[] };
  const boundaries: number[] = [];
  let at = 0;
  for (const size of meta.chunkSizes) boundaries.push((at += size));
  if (at !== bytes.length) throw new Error(`${name}.json chunk sizes do not add up to the file`);
  return { bytes, chunks: splitAt(bytes, boundaries.slice(0, -1)), boundaries: boundaries.slice(0, -1) };
}

/** Splits `bytes` at the given (sorted, distinct) offsets. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  out.push(bytes.subarray(from));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export interface FixerRun {
  /** The transformed stream (what the recorder stores and uploads). */
  stream: Uint8Array;
  index: WebmIndex;
  fix: WebmFinalization;
}

export function runFixer(chunks: Uint8Array[], options?: WebmFixerOptions): FixerRun {
  const fixer = createWebmStreamFixer(options);
  const outs = chunks.map((c) => fixer.push(c));
  outs.push(fixer.end());
  const index = fixer.index();
  return { stream: concat(outs), index, fix: finalizeWebm(index) };
}

/** The finished file: the stream with the header patch applied and the trailer appended. */
export function fixedFile({ stream, fix }: Pick<FixerRun, 'stream' | 'fix'>): Uint8Array {
  const patched = fix.headerPatch ? applyHeaderPatch(stream, 0, fix.headerPatch) : stream;
  return concat([patched, fix.trailer]);
}

// ---- real tools ----

export interface TempDir {
  dir: string;
  write(name: string, bytes: Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'reelay-webm-'));
  return {
    dir,
    async write(name, bytes) {
      const file = path.join(dir, name);
      await writeFile(file, bytes);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function tool(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error; // ENOENT: the tool is not installed — fail loudly
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `ffprobe -show_entries format=duration`: seconds, or null for N/A. */
export async function formatDuration(file: string): Promise<number | null> {
  const { stdout } = await tool('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  const value = Number.parseFloat(stdout.trim());
  return Number.isFinite(value) ? value : null;
}

export interface Packet {
  stream: number;
  pts: number;
  duration: number;
  keyframe: boolean;
}

export async function packets(file: string): Promise<Packet[]> {
  const { stdout } = await tool('ffprobe', [
    '-v', 'error', '-show_entries', 'packet=stream_index,pts_time,duration_time,flags', '-of', 'csv=p=0', file,
  ]);
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [stream, pts, duration, flags] = line.split(',');
      return { stream: Number(stream), pts: Number(pts), duration: Number(duration) || 0, keyframe: (flags ?? '').startsWith('K') };
    });
}

/** The real length of a recording: the end of its last packet. */
export async function packetEnd(file: string): Promise<number> {
  return Math.max(...(await packets(file)).map((p) => p.pts + p.duration));
}

/** `ffmpeg -v error -i file -f null -` (extra input options such as -ss go before -i). */
export async function ffmpegDecode(file: string, inputOptions: string[] = []): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await tool('ffmpeg', ['-nostdin', '-v', 'error', ...inputOptions, '-i', file, '-f', 'null', '-']);
  return { code, stderr };
}

/** Bytes ffmpeg reads to decode one video frame at `seconds` (from its AVIO statistics). */
export async function bytesReadToSeek(file: string, seconds: number): Promise<number> {
  const { stderr } = await tool('ffmpeg', ['-nostdin', '-v', 'trace', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'null', '-']);
  const match = /Statistics: (\d+) bytes read/.exec(stderr);
  if (!match) throw new Error('ffmpeg printed no AVIO statistics');
  return Number(match[1]);
}

export interface MkvLayout {
  raw: string;
  segment: { at: number; size: number | null };
  /** Top-level elements inside the Segment, with their absolute offsets. */
  elements: { name: string; at: number }[];
  seeks: { target: string; position: number }[];
  cues: { time: number; clusterPosition: number }[];
  durationSeconds: number | null;
}

function timestamp(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  return h! * 3600 + m! * 60 + s!;
}

/** `mkvinfo --all -v -v` parsed: what a real Matroska reader sees, with element positions. */
export async function mkvinfo(file: string): Promise<MkvLayout> {
  const { code, stdout, stderr } = await tool('mkvinfo', ['--all', '-v', '-v', file]);
  if (code !== 0) throw new Error(`mkvinfo failed (${code}): ${stderr || stdout}`);
  const layout: MkvLayout = { raw: stdout, segment: { at: -1, size: null }, elements: [], seeks: [], cues: [], durationSeconds: null };
  let seekTarget = '';
  let cueTime = 0;
  for (const line of stdout.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^\+ Segment: size (unknown|\d+) at (\d+)/.exec(line))) {
      layout.segment = { at: Number(m[2]), size: m[1] === 'unknown' ? null : Number(m[1]) };
    } else if (layout.segment.at >= 0 && (m = /^\|\+ (.+?)(?:: size \d+)? at (\d+)$/.exec(line))) {
      layout.elements.push({ name: m[1]!, at: Number(m[2]) });
    } else if ((m = /Seek ID: .*\((\w+)\)/.exec(line))) {
      seekTarget = m[1]!;
    } else if ((m = /Seek position: (\d+)/.exec(line))) {
      layout.seeks.push({ target: seekTarget, position: Number(m[1]) });
    } else if ((m = /Cue time: ([\d:.]+)/.exec(line))) {
      cueTime = timestamp(m[1]!);
    } else if ((m = /Cue cluster position: (\d+)/.exec(line))) {
      layout.cues.push({ time: cueTime, clusterPosition: Number(m[1]) });
    } else if ((m = /^\| \+ Duration: ([\d:.]+)/.exec(line))) {
      layout.durationSeconds = timestamp(m[1]!);
    }
  }
  return layout;
}

/**
 * Makes a WebM with ffmpeg itself: a second real muxer, with known-size Clusters. `live` leaves the
 * Segment size unknown and writes no Cues; otherwise it is a finished file (SeekHead, Void, Cues, Tags).
 */
export async function ffmpegWebm(file: string, seconds: number, live: boolean): Promise<void> {
  const { code, stderr } = await tool('ffmpeg', [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds), '-c:v', 'libvpx-vp9', '-b:v', '100k', '-g', '25', '-c:a', 'libopus',
    '-cluster_time_limit', '700', '-live', live ? '1' : '0', file,
  ]);
  if (code !== 0) throw new Error(`ffmpeg could not make a WebM: ${stderr}`);
}
