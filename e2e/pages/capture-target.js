// Something to record: a moving box + frame counter on a canvas (so every video frame
// differs), and a 440 Hz tone that changes pitch every second (so the audio track is
// not silent). The browser runs with --autoplay-policy=no-user-gesture-required.
const canvas = document.getElementById('c');
const ctx = canvas.getContext('2d');
let frame = 0;
function draw() {
  frame++;
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
