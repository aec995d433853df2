/**
 * LivePartSource over the IndexedDB spool (fake-indexeddb): parts not in memory are read from the
 * spool several at a time (one readChunks per READ_AHEAD_PARTS parts), with exactly the spooled
 * bytes, the header patch applied, and a part whose chunks are gone still fails loudly.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChunkSpool } from '../../src/core/chunk-spool';
import { LivePartSource, READ_AHEAD_PARTS } from '../../src/offscreen/part-source';
import { openIdbSpool, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';

const PART = 10;
let counter = 0;
const opened: IdbChunkSpool[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function bytes(from: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);
}

async function asBytes(part: Blob | Uint8Array): Promise<number[]> {
  return [...(part instanceof Uint8Array ? part : new Uint8Array(await part.arrayBuffer()))];
}

/** A spool holding `total` bytes in 3-byte chunks, and a count of its read transactions. */
async function spoolWith(total: number) {
  const spool = await openIdbSpool({ name: `reelay-part-source-${process.pid}-${++counter}`, partSize: PART });
  opened.push(spool);
  await spool.createRecording({ localId: 'a', serverUrl: 'http://localhost', mimeType: 'video/webm', title: 't' });
  for (let at = 0; at < total; at += 3) await spool.appendChunk('a', bytes(at, Math.min(3, total - at)));
  const reads = { readChunks: 0, readRange: 0 };
  const counted = Object.assign(Object.create(spool) as ChunkSpool, {
    readChunks: (...args: Parameters<ChunkSpool['readChunks']>) => (reads.readChunks++, spool.readChunks(...args)),
    readRange: (...args: Parameters<ChunkSpool['readRange']>) => (reads.readRange++, spool.readRange(...args)),
  });
  return { spool, counted, reads };
}

const signal = new AbortController().signal;

describe('LivePartSource reading a backlog from the spool', () => {
  it(`reads ${READ_AHEAD_PARTS} parts' chunks in one transaction, each part with exactly its spooled bytes`, async () => {
    const total = PART * (READ_AHEAD_PARTS + 2) + 4;
    const { counted, reads } = await spoolWith(total);
    const source = new LivePartSource(counted, 'a', PART);
    const parts = Math.ceil(total / PART);
    // Three at a time, like the upload queue's slots.
    for (let n = 1; n <= parts; n += 3) {
      const numbers = [n, n + 1, n + 2].filter((k) => k <= parts);
      const read = await Promise.all(numbers.map((k) => source.readPart(k, Math.min(PART, total - (k - 1) * PART), signal)));
      for (const [i, k] of numbers.entries()) {
        const start = (k - 1) * PART;
        expect(await asBytes(read[i]!)).toEqual([...bytes(start, Math.min(PART, total - start))]);
      }
    }
    expect(reads.readChunks).toBe(2); // parts 1–6, then 7–9
    expect(reads.readRange).toBe(0);
  });

  it('applies the header patch to a part read from the spool', async () => {
    const { counted } = await spoolWith(25);
    const source = new LivePartSource(counted, 'a', PART);
    source.headerPatch = { offset: 2, bytes: Uint8Array.from([200, 201]) };
    expect(await asBytes(await source.readPart(1, PART, signal))).toEqual([0, 1, 200, 201, 4, 5, 6, 7, 8, 9]);
    expect(await asBytes(await source.readPart(2, PART, signal))).toEqual([...bytes(10, 10)]);
  });

  it('a part whose chunks were dropped is never sent short: the read fails', async () => {
    const { spool, counted } = await spoolWith(30);
    await spool.acknowledgePart('a', { partNumber: 2, etag: '"e"', size: PART }); // drops the chunks inside [10,20)
    const source = new LivePartSource(counted, 'a', PART);
    await expect(source.readPart(2, PART, signal)).rejects.toThrow();
    expect(await asBytes(await source.readPart(3, PART, signal))).toEqual([...bytes(20, 10)]);
  });
});
