/**
 * Real media for share-page tests, made with the system's ffmpeg: a short VP9/Opus WebM
 * (what MediaRecorder produces) and a JPEG poster taken from it; a multi-part WebM.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MediaFixtures {
  webm: Uint8Array<ArrayBuffer>;
  jpeg: Uint8Array<ArrayBuffer>;
  png: Uint8Array<ArrayBuffer>;
}

export async function makeMediaFixtures(): Promise<MediaFixtures> {
  return inTempDir(async (dir) => {
    const webm = join(dir, 'clip.webm');
    await encodeWithTone('testsrc2=size=640x360:rate=25', 3, ['-c:v', 'libvpx-vp9', '-b:v', '300k'], webm);
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-ss', '1', '-i', webm, '-frames:v', '1', '-q:v', '5', join(dir, 'poster.jpg')]);
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-ss', '1', '-i', webm, '-frames:v', '1', '-s', '160x90', join(dir, 'poster.png')]);
    const load = async (name: string) => new Uint8Array(await readFile(join(dir, name)));
    return { webm: await load('clip.webm'), jpeg: await load('poster.jpg'), png: await load('poster.png') };
  });
}

/**
 * A real WebM larger than one part (VP8 noise at a high bitrate, ~7 MB for 4 s), for tests that
 * need a multi-part recording that plays.
 */
export async function makeMultiPartWebm(seconds = 4): Promise<Uint8Array<ArrayBuffer>> {
  return inTempDir(async (dir) => {
    const webm = join(dir, 'noise.webm');
    const noise = "nullsrc=s=320x240:r=25,geq=lum='random(1)*255':cb=128:cr=128";
    await encodeWithTone(noise, seconds, ['-c:v', 'libvpx', '-b:v', '20M', '-qmin', '0', '-qmax', '10'], webm);
    return new Uint8Array(await readFile(webm));
  });
}

/** ffmpeg: the lavfi `video` source with a 440 Hz tone (Opus), `seconds` long, real-time VPx settings. */
async function encodeWithTone(video: string, seconds: number, videoCodec: string[], out: string): Promise<void> {
  await run('ffmpeg', [
    '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', video,
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds), ...videoCodec, '-deadline', 'realtime', '-cpu-used', '8',
    '-c:a', 'libopus', '-shortest', out,
  ]);
}

async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-media-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
