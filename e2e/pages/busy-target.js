// A capture target that video encoders cannot compress much: blocky random noise that changes
// every frame, plus a frame counter and a tone. Recording tests use it to fill 5 MiB parts within
// seconds at a raised bitrate (MediaRecorder undershoots its target on calm content such as
// capture-target.html). Noise tiles are generated once; each frame draws one, scaled up without
// smoothing at a random offset, which costs little CPU on a busy 2-core machine.
const canvas = document.getElementById('c');
const ctx = canvas.getContext('2d');
const TILE_W = 320;
const TILE_H = 180;

function noiseTile() {
  const tile = document.createElement('canvas');
  tile.width = TILE_W + 8;
  tile.height = TILE_H + 8;
  const tctx = tile.getContext('2d');
  const image = tctx.createImageData(tile.width, tile.height);
  const words = new Uint32Array(image.data.buffer);
  // Math.random is fast enough for a few tiles; alpha stays opaque.
  for (let i = 0; i < words.length; i++) words[i] = ((Math.random() * 0x1000000) >>> 0) | 0xff000000;
  tctx.putImageData(image, 0, 0);
  return tile;
}

const tiles = Array.from({ length: 6 }, noiseTile);
ctx.imageSmoothingEnabled = false;
let frame = 0;

function draw() {
  frame++;
  const tile = tiles[frame % tiles.length];
  const dx = Math.floor(Math.random() * 8);
  const dy = Math.floor(Math.random() * 8);
  ctx.drawImage(tile, dx, dy, TILE_W, TILE_H, 0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.fillRect(20, 20, 520, 70);
  ctx.fillStyle = '#fff';
  ctx.font = '48px system-ui, sans-serif';
  ctx.fillText(`frame ${frame}`, 40, 72);
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
