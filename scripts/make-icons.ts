/**
 * Draws the extension icons (a white "record dot" on a rounded red square) at
 * 16/32/48/128 px and writes them as PNGs to extension/public/icons/.
 * No image library: a tiny PNG encoder on top of node:zlib, 4x4 supersampling
 * for smooth edges. Run: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const SIZES = [16, 32, 48, 128];
const BACKGROUND: Rgba = [229, 72, 77, 255]; // #E5484D
const DOT: Rgba = [255, 255, 255, 255];
const SUPERSAMPLE = 4;

/** Coverage of one sample point (unit coordinates 0..1) for the shape layers. */
function sample(x: number, y: number): Rgba {
  // Rounded square with a 22% corner radius.
  const r = 0.22;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  const inSquare = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  if (!inSquare) return [0, 0, 0, 0];
  // Ring + dot: a white ring (radius 0.34..0.27) around a white dot (radius 0.18).
  const d = Math.hypot(x - 0.5, y - 0.5);
  if (d <= 0.18 || (d <= 0.34 && d >= 0.27)) return DOT;
  return BACKGROUND;
}

function render(size: number): Buffer {
  const rowBytes = size * 4 + 1;
  const raw = Buffer.alloc(rowBytes * size);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    raw[py * rowBytes] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      // Average premultiplied colour over the subsamples, then un-premultiply.
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const [cr, cg, cb, ca] = sample(
            (px + (sx + 0.5) / SUPERSAMPLE) / size,
            (py + (sy + 0.5) / SUPERSAMPLE) / size,
          );
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = py * rowBytes + 1 + px * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round(a / n);
    }
  }
  return encodePng(size, size, raw);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA, 8 bits per channel; `raw` already holds one filter byte per row. */
function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'extension', 'public', 'icons');
mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  writeFileSync(join(outDir, `icon-${size}.png`), render(size));
}
console.log(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(', ')} to ${outDir}`);
