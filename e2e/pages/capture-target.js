// Something to record, in one of two modes, with a tone either way (the browser runs with
// --autoplay-policy=no-user-gesture-required):
// - default ("calm"): a moving box + frame counter, so every video frame differs but compresses
//   well — short recordings of a few hundred KB;
// - ?noise: fresh random pixels every frame at the canvas's display size. Nothing in it can be
//   predicted from an earlier frame, so at a raised bitrate MediaRecorder fills 5 MiB parts within
//   seconds (on calm content it undershoots any bitrate). A cheap LCG keeps the CPU cost low on a
//   busy 2-core machine: the encoder needs that CPU.
const canvas = document.getElementById('c');
const ctx = canvas.getContext('2d');
const noise = new URLSearchParams(location.search).has('noise');
let frame = 0;

function drawCalm() {
  const t = performance.now() / 1000;
  ctx.fillStyle = `hsl(${(t * 40) % 360} 45% 18%)`;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const x = (Math.sin(t * 1.3) * 0.5 + 0.5) * (canvas.width - 160);
  const y = (Math.cos(t * 0.9) * 0.5 + 0.5) * (canvas.height - 160);
  ctx.fillStyle = '#e5484d';
  ctx.fillRect(x, y, 160, 160);
  ctx.fillStyle = '#fff';
  ctx.font = '48px system-ui, sans-serif';
  ctx.fillText(`frame ${frame}  t=${t.toFixed(2)}s`, 40, 80);
}

let noiseImage;
let seed = 1;
function drawNoise() {
  // One noise pixel per displayed pixel: scaled-up noise would leave the encoder flat blocks.
  const w = Math.max(1, canvas.clientWidth);
  const h = Math.max(1, canvas.clientHeight);
  if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
  if (noiseImage?.width !== w || noiseImage?.height !== h) noiseImage = ctx.createImageData(w, h);
  const words = new Uint32Array(noiseImage.data.buffer);
  for (let i = 0; i < words.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    words[i] = (seed >>> 8) | 0xff000000; // opaque
  }
  ctx.putImageData(noiseImage, 0, 0);
}

function draw() {
  frame++;
  (noise ? drawNoise : drawCalm)();
  requestAnimationFrame(draw);
}
requestAnimationFrame(draw);

window.reelayAudio = (() => {
  try {
    const audio = new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    gain.gain.value = 0.2;
    osc.frequency.value = 440;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    setInterval(() => {
      osc.frequency.value = osc.frequency.value === 440 ? 660 : 440;
    }, 1000);
    return audio;
  } catch (err) {
    console.error('audio setup failed', err);
    return null;
  }
})();
