/**
 * Real media for share-page tests, made with the system's ffmpeg: a short VP9/Opus WebM
 * (what MediaRecorder produces) and a JPEG poster taken from it.
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
  const dir = await mkdtemp(join(tmpdir(), 'reelay-media-'));
  try {
    const webm = join(dir, 'clip.webm');
    await run('ffmpeg', [
      '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', '3', '-c:v', 'libvpx-vp9', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8',
      '-c:a', 'libopus', '-shortest', webm,
    ]);
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-ss', '1', '-i', webm, '-frames:v', '1', '-q:v', '5', join(dir, 'poster.jpg')]);
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-ss', '1', '-i', webm, '-frames:v', '1', '-s', '160x90', join(dir, 'poster.png')]);
    const load = async (name: string) => new Uint8Array(await readFile(join(dir, name)));
    return { webm: await load('clip.webm'), jpeg: await load('poster.jpg'), png: await load('poster.png') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
