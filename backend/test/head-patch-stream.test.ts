/**
 * The patching Transform of part 1 made from the head (head-patch-stream.ts): patches land at
 * their offsets whatever the chunking, and a stream of the wrong length fails.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { patchingStream, type BytePatch } from '../src/recordings/head-patch-stream';

/** Feeds `input` cut at `cuts` through the transform; returns what came out. */
async function run(input: Uint8Array, cuts: number[], patches: BytePatch[], length = input.byteLength): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const to of [...cuts, input.byteLength]) {
    chunks.push(Buffer.from(input.subarray(from, to)));
    from = to;
  }
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), patchingStream(patches, length), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

function expected(input: Uint8Array, patches: BytePatch[]): Buffer {
  const out = Buffer.from(input);
  for (const { offset, bytes } of patches) out.set(bytes, offset);
  return out;
}

const patch = (offset: number, ...bytes: number[]): BytePatch => ({ offset, bytes: new Uint8Array(bytes) });

describe('patchingStream', () => {
  const input = new Uint8Array(randomBytes(1000));

  it('passes the bytes unchanged without patches', async () => {
    expect((await run(input, [100, 500], [])).equals(Buffer.from(input))).toBe(true);
  });

  it('patches at offset 0, inside a chunk and at the very end', async () => {
    const patches = [patch(0, 1, 2, 3), patch(150, 9, 9), patch(997, 7, 7, 7)];
    expect((await run(input, [100, 500], patches)).equals(expected(input, patches))).toBe(true);
  });

  it('a patch spanning two chunks, and one spanning several', async () => {
    const patches = [patch(98, 1, 2, 3, 4, 5), { offset: 300, bytes: new Uint8Array(400).fill(0xab) }];
    const out = await run(input, [100, 350, 400, 401, 650], patches);
    expect(out.equals(expected(input, patches))).toBe(true);
  });

  it('gives the same bytes for every way of cutting the stream (one-byte chunks included)', async () => {
    const patches = [patch(0, 0xee), patch(9, 1, 2, 3, 4), patch(31, 5, 6)];
    const small = input.subarray(0, 33);
    const want = expected(small, patches);
    for (const cuts of [[], [1], [9], [10, 11, 12], [32], Array.from({ length: 32 }, (_, i) => i + 1)]) {
      expect((await run(small, cuts, patches)).equals(want), `cuts ${cuts.join(',')}`).toBe(true);
    }
  });

  it('patches that touch or overlap apply in order (the later one wins)', async () => {
    const patches = [patch(10, 1, 1, 1, 1), patch(12, 2, 2, 2), patch(15, 3)];
    expect((await run(input, [11, 14], patches)).equals(expected(input, patches))).toBe(true);
  });

  it('does not change the chunks it was given (it patches a copy)', async () => {
    const chunk = Buffer.from(input);
    const out: Buffer[] = [];
    await pipeline(Readable.from([chunk]), patchingStream([patch(0, 0, 0)], chunk.byteLength), async (s: AsyncIterable<Buffer>) => {
      for await (const c of s) out.push(c);
    });
    expect(chunk.equals(Buffer.from(input))).toBe(true);
    expect(out[0]!.subarray(0, 2)).toEqual(Buffer.from([0, 0]));
  });

  it('fails on a stream shorter or longer than the length given', async () => {
    await expect(run(input, [500], [], 1001)).rejects.toThrow('ended after 1000 of the 1001 bytes');
    await expect(run(input, [500], [], 999)).rejects.toThrow('more than the 999 bytes');
    await expect(run(new Uint8Array(0), [], [], 1)).rejects.toThrow('ended after 0 of the 1 bytes');
  });

  it('refuses a patch outside the stream', () => {
    expect(() => patchingStream([patch(999, 1, 2)], 1000)).toThrow(RangeError);
    expect(() => patchingStream([patch(-1, 1)], 1000)).toThrow(RangeError);
  });
});
