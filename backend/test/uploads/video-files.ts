/**
 * Real video files for the "Upload a video" tests, made with the system's ffmpeg: an H.264 MP4
 * (moov first, `+faststart`) at a high bitrate so that it spans several 5 MiB parts, the same
 * stream as a QuickTime .mov, and a short VP8 WebM.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An H.264 testsrc2 video, `seconds` long at about `mbps` Mbit/s, in `container`. */
export async function makeVideoFile(opts: { seconds: number; mbps: number; container: 'mp4' | 'mov' | 'webm' }): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-video-file-'));
  try {
    const out = join(dir, `clip.${opts.container}`);
    const codec =
      opts.container === 'webm'
        ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8']
        : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'];
    const rate = `${opts.mbps}M`;
    await run('ffmpeg', [
      '-loglevel', 'error', '-y',
      // VP8 is slow to encode: the WebM is small.
      '-f', 'lavfi', '-i', `testsrc2=size=${opts.container === 'webm' ? '320x240' : '1280x720'}:rate=30`,
      '-t', String(opts.seconds),
      ...codec,
      '-b:v', rate, '-minrate', rate, '-maxrate', rate, '-bufsize', rate,
      out,
    ]);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
