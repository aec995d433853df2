// Records REAL MediaRecorder output in Debian's Chromium (headless) and saves it as a test fixture,
// keeping the chunk boundaries exactly as `dataavailable` delivered them.
//
//   npx tsx scripts/make-webm-fixture.ts [--out DIR] [--name NAME] [--seconds N] [--alpha]
//                                        [--keyframe-interval MS] [--video-bps N]
//
// Writes DIR/NAME.webm (the chunks concatenated) and DIR/NAME.json ({ mimeType, timesliceMs,
// chunkSizes, ... }). Defaults: DIR extension/test/fixtures/webm, NAME screen, 4 seconds.
// The page draws an animated canvas and plays a WebAudio oscillator; both are captured
// (canvas.captureStream + MediaStreamAudioDestinationNode) and recorded as VP9 + Opus with
// start(1000), like the extension's recorder does. --alpha records a transparent canvas (Chrome then
// writes video as BlockGroups with BlockAdditions); the default opaque canvas gives SimpleBlocks like a
// screen capture. --keyframe-interval sets MediaRecorder's videoKeyFrameIntervalDuration (0: Chrome's
// default, which gives very few keyframes), --video-bps its videoBitsPerSecond.
//
// The fixtures in the repo were made with:
//   npx tsx scripts/make-webm-fixture.ts --name screen --seconds 20 --keyframe-interval 2000 --video-bps 120000
//   npx tsx scripts/make-webm-fixture.ts --name alpha --alpha
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'extension/test/fixtures/webm' },
    name: { type: 'string', default: 'screen' },
    seconds: { type: 'string', default: '4' },
    alpha: { type: 'boolean', default: false },
    'keyframe-interval': { type: 'string', default: '0' },
    'video-bps': { type: 'string', default: '300000' },
  },
});
const outDir = path.resolve(args.out);
const name = args.name;
const seconds = Number(args.seconds);
const keyFrameIntervalMs = Number(args['keyframe-interval']);
const videoBitsPerSecond = Number(args['video-bps']);
const MIME = 'video/webm;codecs=vp9,opus';
const TIMESLICE_MS = 1000;

// The page's script is plain JS in the HTML (not a function passed to page.evaluate): tsx adds
// helper calls such as __name() to compiled functions, which do not exist inside the page.
const PAGE = `<!doctype html><title>webm fixture</title><canvas id="c" width="320" height="180"></canvas>
<script>
window.record = async (mime, timeslice, ms, opaque, keyFrameIntervalMs, videoBitsPerSecond) => {
  const canvas = document.getElementById('c');
  // An opaque canvas records like a screen (SimpleBlocks); a transparent one adds an alpha
  // channel, which Chrome writes as BlockGroups with BlockAdditions.
  const g = canvas.getContext('2d', { alpha: !opaque });
  let frame = 0;
  const draw = () => {
    frame++;
    g.fillStyle = 'hsl(' + ((frame * 3) % 360) + ' 70% 50%)';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = '#fff';
    g.fillRect((frame * 4) % canvas.width, 60, 40, 40);
    g.font = '24px sans-serif';
    g.fillText(String(frame), 10, 30);
  };
  const timer = setInterval(draw, 1000 / 30);
  draw();

  const audio = new AudioContext();
  await audio.resume();
  const osc = audio.createOscillator();
  osc.frequency.value = 440;
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();

  const stream = new MediaStream([
    ...canvas.captureStream(30).getVideoTracks(),
    ...dest.stream.getAudioTracks(),
  ]);
  const options = { mimeType: mime, videoBitsPerSecond };
  if (keyFrameIntervalMs > 0) options.videoKeyFrameIntervalDuration = keyFrameIntervalMs;
  const recorder = new MediaRecorder(stream, options);
  const chunks = [];
  const stopped = new Promise((resolve) => { recorder.onstop = () => resolve(); });
  recorder.ondataavailable = (e) => { if (e.data.size > 0) chunks.push(e.data); };
  recorder.start(timeslice);
  await new Promise((r) => setTimeout(r, ms));
  recorder.stop();
  await stopped;
  clearInterval(timer);
  osc.stop();
  await audio.close();

  // Playwright returns plain JSON only: chunks travel as base64 strings.
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

async function main(): Promise<void> {
  // Autoplay flag: the AudioContext must run without a user gesture.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(PAGE);
    const result = (await page.evaluate(
      `window.record(${JSON.stringify(MIME)}, ${TIMESLICE_MS}, ${seconds * 1000}, ${!args.alpha}, ${keyFrameIntervalMs}, ${videoBitsPerSecond})`,
    )) as { mimeType: string; chunks: string[] };

    const buffers = result.chunks.map((b64) => Buffer.from(b64, 'base64'));
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, `${name}.webm`), Buffer.concat(buffers));
    const meta = {
      note: 'Real Chromium MediaRecorder output, made by scripts/make-webm-fixture.ts. Chunk sizes as delivered by dataavailable.',
      chromium: browser.version(),
      mimeType: result.mimeType,
      timesliceMs: TIMESLICE_MS,
      seconds,
      alpha: args.alpha,
      keyFrameIntervalMs,
      videoBitsPerSecond,
      chunkSizes: buffers.map((b) => b.length),
    };
    await writeFile(path.join(outDir, `${name}.json`), JSON.stringify(meta, null, 2) + '\n');
    console.log(`wrote ${buffers.length} chunks, ${meta.chunkSizes.reduce((a, b) => a + b, 0)} bytes to ${outDir}`);
  } finally {
    await browser.close();
  }
}

await main();
