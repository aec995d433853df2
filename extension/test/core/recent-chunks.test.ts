import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentChunks } from '../../src/core/recent-chunks';

const P = 100; // part size for the tests

function streamBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 13 + 7) & 0xff);
}

async function bytesOf(blob: Blob | undefined): Promise<number[] | undefined> {
  return blob ? [...new Uint8Array(await blob.arrayBuffer())] : undefined;
}

/** Adds `stream` as chunks of the given sizes; returns the cache. */
function fill(stream: Uint8Array, sizes: number[], maxBytes = 10 * P): RecentChunks {
  const cache = new RecentChunks(maxBytes, P);
  let offset = 0;
  for (const size of sizes) {
    cache.add(offset, new Blob([stream.slice(offset, offset + size)]));
    offset += size;
  }
  return cache;
}

describe('RecentChunks', () => {
  it('serves any range it holds whole, byte-identical, across chunk boundaries (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        async (sizes, a, b) => {
          const total = sizes.reduce((x, y) => x + y, 0);
          const stream = streamBytes(total);
          const cache = fill(stream, sizes, 10_000);
          const start = a % total;
          const end = start + 1 + (b % (total - start));
          expect(await bytesOf(cache.read(start, end))).toEqual([...stream.slice(start, end)]);
        },
      ),
    );
  });

  it('keeps at most maxBytes, dropping the oldest chunks; older ranges are then not served', async () => {
    const stream = streamBytes(500);
    const cache = fill(stream, [100, 100, 100, 100, 100], 250);
    expect(cache.size).toBe(200);
    expect(cache.read(0, 100)).toBeUndefined();
    expect(cache.read(250, 350)).toBeUndefined(); // part of it was evicted
    expect(await bytesOf(cache.read(300, 500))).toEqual([...stream.slice(300, 500)]);
  });

  it('forgets chunks once acknowledged parts cover them, and never serves across the gap', async () => {
    const stream = streamBytes(300);
    const cache = fill(stream, [60, 60, 60, 60, 60]); // chunk boundaries 0,60,120,180,240
    cache.release([{ partNumber: 2, etag: '"e2"', size: P }]); // bytes [100, 200): only chunk [120,180) is covered
    expect(cache.size).toBe(240);
    expect(cache.read(100, 200)).toBeUndefined();
    expect(await bytesOf(cache.read(0, 100))).toEqual([...stream.slice(0, 100)]);
    expect(await bytesOf(cache.read(200, 300))).toEqual([...stream.slice(200, 300)]);
  });

  it('starts over after a gap in what it is given', async () => {
    const stream = streamBytes(300);
    const cache = new RecentChunks(1000, P);
    cache.add(0, new Blob([stream.slice(0, 100)]));
    cache.add(200, new Blob([stream.slice(200, 300)]));
    expect(cache.size).toBe(100);
    expect(cache.read(0, 100)).toBeUndefined();
    expect(await bytesOf(cache.read(200, 300))).toEqual([...stream.slice(200, 300)]);
  });

  it('trimBelow forgets the chunks wholly before an offset and keeps the one straddling it', async () => {
    const stream = streamBytes(300);
    const cache = fill(stream, [60, 60, 60, 60, 60]);
    cache.trimBelow(100);
    expect(cache.size).toBe(240);
    expect(cache.read(0, 100)).toBeUndefined();
    expect(await bytesOf(cache.read(100, 300))).toEqual([...stream.slice(100, 300)]);
  });
});
