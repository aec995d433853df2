/**
 * The tab the `cpu` benchmark records: a busy 1920×1080 page — a full-viewport canvas redrawn 30
 * times a second with moving shapes, a gradient and scrolling text, so every captured frame
 * differs and the encoder works as it would on a busy screen. Served over loopback with a fixed
 * title that --auto-select-tab-capture-source-by-title picks for getDisplayMedia.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CPU_TARGET_TITLE = 'Reelay cpu bench target';
export const CPU_TARGET_WIDTH = 1920;
export const CPU_TARGET_HEIGHT = 1080;

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${CPU_TARGET_TITLE}</title>
<style>html,body{margin:0;height:100%;overflow:hidden;background:#000}canvas{display:block}</style></head>
<body><canvas id="c" width="${CPU_TARGET_WIDTH}" height="${CPU_TARGET_HEIGHT}"></canvas>
<script>
const c = document.getElementById('c'), g = c.getContext('2d');
const W = c.width, H = c.height;
const balls = Array.from({ length: 60 }, (_, i) => ({ x: (i * 997) % W, y: (i * 613) % H, vx: 3 + (i % 7), vy: 2 + (i % 5), r: 20 + (i % 9) * 8, h: (i * 47) % 360 }));
let frame = 0, last = 0;
function draw(now) {
  requestAnimationFrame(draw);
  if (now - last < 1000 / 30 - 2) return; // 30 fps, like the capture
  last = now;
  frame++;
  window.drawn = frame;
  const grad = g.createLinearGradient(0, 0, W, H);
  grad.addColorStop(0, 'hsl(' + (frame % 360) + ' 50% 20%)');
  grad.addColorStop(1, 'hsl(' + ((frame + 180) % 360) + ' 50% 30%)');
  g.fillStyle = grad;
  g.fillRect(0, 0, W, H);
  for (const b of balls) {
    b.x += b.vx; b.y += b.vy;
    if (b.x < 0 || b.x > W) b.vx = -b.vx;
    if (b.y < 0 || b.y > H) b.vy = -b.vy;
    g.fillStyle = 'hsl(' + ((b.h + frame) % 360) + ' 70% 55%)';
    g.beginPath(); g.arc(b.x, b.y, b.r, 0, 2 * Math.PI); g.fill();
  }
  g.fillStyle = '#fff';
  g.font = '28px monospace';
  for (let row = 0; row < 20; row++) {
    g.fillText('frame ' + frame + ' · row ' + row + ' · the quick brown fox jumps over the lazy dog ' + ((frame * 7 + row * 13) % 1000), 40 - (frame * 4) % 400, 60 + row * 50);
  }
}
requestAnimationFrame(draw);
</script></body></html>`;

export interface CpuTargetServer {
  /** The page. */
  url: string;
  /** PUT a recording here (CORS open); `received()` resolves with the next one. */
  sinkUrl: string;
  received(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function serveCpuTarget(): Promise<CpuTargetServer> {
  let deliver: ((bytes: Uint8Array) => void) | undefined;
  let next = new Promise<Uint8Array>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const settle = deliver;
        next = new Promise<Uint8Array>((resolve) => (deliver = resolve));
        settle?.(new Uint8Array(Buffer.concat(chunks)));
        res.writeHead(200, cors).end();
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    sinkUrl: `http://127.0.0.1:${port}/sink`,
    received: () => next,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
