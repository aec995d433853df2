/**
 * The IndexedDB spool, run on fake-indexeddb (an in-memory IndexedDB implementation for Node;
 * the real Chromium IndexedDB is exercised by the e2e tests).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { spoolPartSource } from '../../src/core/chunk-spool';
import { partSizeOf } from '../../src/core/part-cutter';
import { openIdbSpool, RecordingNotFoundError, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';

let dbCounter = 0;
const opened: IdbChunkSpool[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

async function freshSpool(partSize = 10, name = `reelay-test-${process.pid}-${++dbCounter}`) {
  let t = 1000;
  const spool = await openIdbSpool({ name, partSize, now: () => ++t });
  opened.push(spool);
  return { spool, name };
}

function bytes(from: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);
}

async function blobBytes(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

const init = { localId: 'a', serverUrl: 'http://localhost:8787', mimeType: 'video/webm', title: 'T' };

describe('IdbChunkSpool on fake-indexeddb', () => {
  it('appends chunks (Blob or bytes) with seq and offset, and updates the record in the same call', async () => {
    const { spool } = await freshSpool();
    await spool.createRecording(init);
    const r1 = await spool.appendChunk('a', new Blob([bytes(0, 7) as BlobPart]), { durationMs: 1000 });
    const r2 = await spool.appendChunk('a', bytes(7, 6), { durationMs: 2000 });
    const empty = await spool.appendChunk('a', new Uint8Array(0));
    expect(r1.chunk).toEqual({ seq: 0, offset: 0, size: 7 });
    expect(r2.chunk).toEqual({ seq: 1, offset: 7, size: 6 });
    expect(empty.chunk.size).toBe(0);
    const record = await spool.getRecording('a');
    expect(record).toMatchObject({ bytesSpooled: 13, chunkCount: 2, durationMs: 2000, status: 'recording', finalized: false });
    expect(await spool.listChunks('a')).toEqual([
      { seq: 0, offset: 0, size: 7 },
      { seq: 1, offset: 7, size: 6 },
    ]);
  });

  it('readRange assembles a part across chunk boundaries', async () => {
    const { spool } = await freshSpool();
    await spool.createRecording(init);
    for (const [from, len] of [[0, 4], [4, 9], [13, 3], [16, 8]] as const) await spool.appendChunk('a', bytes(from, len));
    expect(await blobBytes(await spool.readRange('a', 0, 10))).toEqual([...bytes(0, 10)]);
    expect(await blobBytes(await spool.readRange('a', 10, 20))).toEqual([...bytes(10, 10)]);
    expect(await blobBytes(await spool.readRange('a', 20, 24))).toEqual([...bytes(20, 4)]);
    const source = spoolPartSource(spool, 'a', 10);
    expect(await blobBytes((await source.readPart(2, 10, new AbortController().signal)) as Blob)).toEqual([...bytes(10, 10)]);
  });

  it('appendChunk is one transaction: if the chunk write fails, the record is unchanged', async () => {
    const { spool, name } = await freshSpool();
    await spool.createRecording(init);
    // Occupy the key the next chunk would get, through a second connection.
    const other = await openDB(name);
    await other.put('chunks', { localId: 'a', seq: 0, offset: 999, size: 1, data: new Blob(['x']) });
    other.close();
    await expect(spool.appendChunk('a', bytes(0, 5), { durationMs: 5 })).rejects.toThrow();
    expect(await spool.getRecording('a')).toMatchObject({ bytesSpooled: 0, chunkCount: 0, durationMs: 0 });
  });

  it('refuses to append to an unknown recording', async () => {
    const { spool } = await freshSpool();
    await expect(spool.appendChunk('nope', bytes(0, 3))).rejects.toBeInstanceOf(RecordingNotFoundError);
    expect(await spool.listChunks('nope')).toEqual([]);
  });

  it('readChunks returns the held chunks overlapping a range, in order, with their bytes, and skips dropped ones', async () => {
    const { spool } = await freshSpool(10);
    await spool.createRecording(init);
    // chunks [0,4) [4,8) [8,12) [12,16) [16,20) [20,25)
    for (const [from, len] of [[0, 4], [4, 4], [8, 4], [12, 4], [16, 4], [20, 5]] as const) await spool.appendChunk('a', bytes(from, len));
    const some = await spool.readChunks('a', 5, 13);
    expect(some.map(({ seq, offset, size }) => ({ seq, offset, size }))).toEqual([
      { seq: 1, offset: 4, size: 4 },
      { seq: 2, offset: 8, size: 4 },
      { seq: 3, offset: 12, size: 4 },
    ]);
    expect(await blobBytes(some[1]!.data)).toEqual([...bytes(8, 4)]);
    expect(await spool.readChunks('a', 25, 40)).toEqual([]);
    await spool.acknowledgePart('a', { partNumber: 2, etag: '"e2"', size: 10 }); // drops [12,16) [16,20)
    expect((await spool.readChunks('a', 0, 100)).map((c) => c.offset)).toEqual([0, 4, 8, 20]);
  });

  it('acknowledgePart persists the ETag and drops only fully covered chunks, acks in any order', async () => {
    const { spool } = await freshSpool(10);
    await spool.createRecording(init);
    // chunks [0,4) [4,8) [8,12) [12,16) [16,20) [20,25): parts [0,10) [10,20) [20,25)
    for (const [from, len] of [[0, 4], [4, 4], [8, 4], [12, 4], [16, 4], [20, 5]] as const) await spool.appendChunk('a', bytes(from, len));

    const second = await spool.acknowledgePart('a', { partNumber: 2, etag: '"e2"', size: 10 });
    expect(second.dropped).toEqual([3, 4]); // [8,12) still straddles the unacknowledged part 1
    expect(await blobBytes(await spool.readRange('a', 0, 10))).toEqual([...bytes(0, 10)]);
    await expect(spool.readRange('a', 10, 20)).rejects.toThrow();

    const first = await spool.acknowledgePart('a', { partNumber: 1, etag: '"e1"', size: 10 });
    expect(first.dropped).toEqual([0, 1, 2]);
    // re-acknowledging replaces, never duplicates
    await spool.acknowledgePart('a', { partNumber: 1, etag: '"e1b"', size: 10 });
    const record = await spool.getRecording('a');
    expect(record?.acknowledgedParts).toEqual([
      { partNumber: 1, etag: '"e1b"', size: 10 },
      { partNumber: 2, etag: '"e2"', size: 10 },
    ]);
    expect(await spool.listChunks('a')).toEqual([{ seq: 5, offset: 20, size: 5 }]);
    expect(await spool.exportRecording('a')).toBeUndefined();
  });

  it('every unacknowledged part stays readable whatever the ack order (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 16 }),
        fc.func(fc.integer()),
        async (sizes, partSize, order) => {
          const { spool } = await freshSpool(partSize);
          await spool.createRecording(init);
          let total = 0;
          for (const size of sizes) {
            await spool.appendChunk('a', bytes(total, size));
            total += size;
          }
          const count = Math.ceil(total / partSize);
          const numbers = Array.from({ length: count }, (_, i) => i + 1).sort((x, y) => order(x) - order(y) || x - y);
          const acked = new Set<number>();
          for (const n of numbers.slice(0, Math.ceil(count / 2))) {
            await spool.acknowledgePart('a', { partNumber: n, etag: 'e', size: partSizeOf(n, total, partSize) });
            acked.add(n);
            for (let m = 1; m <= count; m++) {
              if (acked.has(m)) continue;
              const start = (m - 1) * partSize;
              const size = partSizeOf(m, total, partSize);
              expect(await blobBytes(await spool.readRange('a', start, start + size))).toEqual([...bytes(start, size)]);
            }
          }
          spool.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('lists unfinished recordings newest first and deletes one recording completely', async () => {
    const { spool } = await freshSpool();
    await spool.createRecording({ ...init, localId: 'old' });
    await spool.createRecording({ ...init, localId: 'done', status: 'done' });
    await spool.createRecording({ ...init, localId: 'new' });
    await spool.appendChunk('old', bytes(0, 5));
    await spool.appendChunk('new', bytes(0, 5));
    await spool.updateRecording('old', { status: 'interrupted' });
    expect((await spool.listRecordings()).map((r) => r.localId)).toEqual(['new', 'done', 'old']);
    expect((await spool.listUnfinished()).map((r) => r.localId)).toEqual(['new', 'old']);

    await spool.deleteRecording('old');
    expect(await spool.getRecording('old')).toBeUndefined();
    expect(await spool.listChunks('old')).toEqual([]);
    expect(await spool.listChunks('new')).toHaveLength(1);
  });

  it('purgeChunks keeps the record; exportRecording returns the whole stream while complete', async () => {
    const { spool } = await freshSpool();
    await spool.createRecording(init);
    await spool.appendChunk('a', bytes(0, 6));
    await spool.appendChunk('a', bytes(6, 6));
    expect(await blobBytes((await spool.exportRecording('a'))!)).toEqual([...bytes(0, 12)]);
    await spool.purgeChunks('a');
    expect(await spool.listChunks('a')).toEqual([]);
    expect(await spool.getRecording('a')).toMatchObject({ bytesSpooled: 12 });
  });

  it('updateRecording applies a function of the current record; unknown ids throw', async () => {
    const { spool } = await freshSpool();
    await spool.createRecording(init);
    await spool.updateRecording('a', { pausedSpans: [{ start: 5 }] });
    const r = await spool.updateRecording('a', (cur) => ({
      pausedSpans: cur.pausedSpans.map((s) => ({ ...s, end: 9 })),
      finalized: true,
    }));
    expect(r).toMatchObject({ pausedSpans: [{ start: 5, end: 9 }], finalized: true });
    await expect(spool.updateRecording('zzz', { title: 'x' })).rejects.toBeInstanceOf(RecordingNotFoundError);
  });

  it('survives closing and reopening the database', async () => {
    const { spool, name } = await freshSpool();
    await spool.createRecording(init);
    await spool.appendChunk('a', bytes(0, 8));
    await spool.acknowledgePart('a', { partNumber: 1, etag: '"x"', size: 8 });
    spool.close();
    const { spool: again } = await freshSpool(10, name);
    expect(await again.getRecording('a')).toMatchObject({ bytesSpooled: 8, acknowledgedParts: [{ partNumber: 1, etag: '"x"', size: 8 }] });
  });
});
