/**
 * A real Chromium MediaRecorder recording for the stop-to-link benchmark: a noise canvas (hard to
 * compress, so every frame costs bytes; see recordSourceNear for the bitrate) and a tone, recorded as VP9 + Opus
 * with the extension's options (1 s timeslice, a keyframe every 2 s) in headless Chromium.
 */
import { chromium } from 'playwright-core';
import { KEY_FRAME_INTERVAL_MS, TIMESLICE_MS } from '../../extension/src/core/recorder/media-options';

export interface SourceRecording {
  bytes: Uint8Array;
  mimeType: string;
  /** Sizes of the chunks as dataavailable delivered them. */
  chunkSizes: number[];
  seconds: number;
  videoBitsPerSecond: number;
}

// Plain JS in the page (not a function passed to evaluate: tsx would add helpers that do not exist there).
const PAGE = `<!doctype html><title>stop-to-link source</title><canvas id="c"></canvas>
<script>
window.record = async (seconds, videoBitsPerSecond, keyFrameIntervalMs, timeslice, tileW, tileH, width, height) => {
  const canvas = document.getElementById('c');
  canvas.width = width; canvas.height = height;
  const g = canvas.getContext('2d');
  const tiles = [];
  for (let t = 0; t < 6; t++) {
    const tile = document.createElement('canvas');
    tile.width = tileW + 8; tile.height = tileH + 8;
    const tg = tile.getContext('2d');
    const img = tg.createImageData(tile.width, tile.height);
    const words = new Uint32Array(img.data.buffer);
    for (let i = 0; i < words.length; i++) words[i] = ((Math.random() * 0x1000000) >>> 0) | 0xff000000;
    tg.putImageData(img, 0, 0);
    tiles.push(tile);
  }
  g.imageSmoothingEnabled = false;
  let frame = 0;
  const timer = setInterval(() => {
    frame++;
    g.drawImage(tiles[frame % tiles.length], Math.random() * 8, Math.random() * 8, tileW, tileH, 0, 0, canvas.width, canvas.height);
  }, 1000 / 30);
  const audio = new AudioContext();
  await audio.resume();
  const osc = audio.createOscillator();
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  const stream = new MediaStream([...canvas.captureStream(30).getVideoTracks(), ...dest.stream.getAudioTracks()]);
  const recorder = new MediaRecorder(stream, {
    mimeType: 'video/webm;codecs=vp9,opus', videoBitsPerSecond, audioBitsPerSecond: 128000,
    videoKeyFrameIntervalDuration: keyFrameIntervalMs,
  });
  const chunks = [];
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.ondataavailable = (e) => { if (e.data.size > 0) chunks.push(e.data); };
  recorder.start(timeslice);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  recorder.stop();
  await stopped;
  clearInterval(timer);
  await audio.close();
  const encoded = [];
  for (const blob of chunks) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    encoded.push(btoa(bin));
  }
  return { mimeType: recorder.mimeType, chunks: encoded };
};
</script>`;

export async function recordSource(
  seconds: number,
  videoBitsPerSecond: number,
  tile = { width: 160, height: 90 },
  frame = { width: 1280, height: 720 },
): Promise<SourceRecording> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(PAGE);
    const result = (await page.evaluate(
      (a) => (window as unknown as { record: (...a: number[]) => Promise<{ mimeType: string; chunks: string[] }> }).record(...a),
      [seconds, videoBitsPerSecond, KEY_FRAME_INTERVAL_MS, TIMESLICE_MS, tile.width, tile.height, frame.width, frame.height],
    )) as { mimeType: string; chunks: string[] };
    const chunks = result.chunks.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
    return {
      bytes: new Uint8Array(Buffer.concat(chunks)),
      mimeType: result.mimeType,
      chunkSizes: chunks.map((c) => c.length),
      seconds,
      videoBitsPerSecond,
    };
  } finally {
    await browser.close();
  }
}

/**
 * A source whose real bitrate is within ±20 % of `targetBps`. On pure noise, Chromium's VP9 rate
 * control does not get near the request (asked 3 Mbit/s, it delivers 6.5–9.3 on 1280×720 noise
 * of 160×90 tiles, and asking less changes little). What moves the bitrate is the content: noise
 * in coarser blocks (a smaller tile scaled up) has less detail to encode. So the tile is resized
 * and the recording repeated up to `attempts` times, asking for `targetBps` each time; the
 * closest one is kept.
 */
export async function recordSourceNear(
  targetBps: number,
  seconds: number,
  log: (line: string) => void,
  attempts = 4,
): Promise<SourceRecording & { achievedBps: number }> {
  let best: (SourceRecording & { achievedBps: number }) | undefined;
  let tileWidth = 48; // 48×27 noise scaled to 1280×720: ≈ 3–4 Mbit/s on this machine
  for (let i = 0; i < attempts; i++) {
    const tile = { width: Math.round(tileWidth), height: Math.max(2, Math.round((tileWidth * 9) / 16)) };
    const r = await recordSource(seconds, targetBps, tile);
    const achievedBps = (r.bytes.length * 8) / seconds;
    log(`stop-to-link: source attempt ${i + 1}: ${tile.width}×${tile.height} noise tiles, asked ${(targetBps / 1e6).toFixed(2)} Mbit/s, got ${(achievedBps / 1e6).toFixed(2)} Mbit/s`);
    if (!best || Math.abs(achievedBps - targetBps) < Math.abs(best.achievedBps - targetBps)) best = { ...r, achievedBps };
    if (Math.abs(achievedBps - targetBps) <= 0.2 * targetBps) break;
    // The bitrate grows with the tile's area, less than linearly: resize by the ratio's square root.
    tileWidth = Math.min(320, Math.max(8, tileWidth * Math.sqrt(targetBps / achievedBps)));
  }
  return best!;
}
