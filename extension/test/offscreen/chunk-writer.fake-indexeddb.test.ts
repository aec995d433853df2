/**
 * ChunkWriter's group commit on the real spool code over fake-indexeddb (an in-memory IndexedDB
 * for Node; Chromium's IndexedDB is exercised by the e2e tests and the benchmarks).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkWriter, MAX_BATCH_BYTES, type SpooledBytes } from '../../src/offscreen/chunk-writer';
import { openIdbSpool, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';
import type { ChunkSpool } from '../../src/core/chunk-spool';
import { transformByName } from '../../src/core/transforms';

const identity = transformByName('identity');
let counter = 0;
const opened: IdbChunkSpool[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

async function setup(options: { wrap?: (spool: ChunkSpool) => ChunkSpool } = {}) {
  const spool = await openIdbSpool({ name: `reelay-writer-test-${process.pid}-${++counter}` });
  opened.push(spool);
  await spool.createRecording({ localId: 'a', serverUrl: 'http://localhost:8787', mimeType: 'video/webm', title: 'T' });
  const spooled: SpooledBytes[] = [];
  const writer = ChunkWriter.fresh({
    spool: options.wrap ? options.wrap(spool) : spool,
    localId: 'a',
    factory: identity,
    onSpooled: (_n, written) => spooled.push(written),
  });
  return { spool, writer, spooled };
}

function chunk(seq: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seq * 97 + i * 7) & 0xff);
}

const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('ChunkWriter group commit', () => {
  it('chunks arriving while a write is in progress share the next transaction; bytes and order are kept', async () => {
    const { spool, writer, spooled } = await setup();
    const chunks = Array.from({ length: 20 }, (_, i) => chunk(i, 1000 + i));
    for (const c of chunks) writer.write(i(c));
    const done = await writer.finalize();
    const stream = concat(chunks);
    const stored = await spool.listChunks('a');
    // All 20 were queued before the first transaction began.
    expect(stored.length).toBeLessThan(chunks.length);
    expect(done.totalBytes).toBe(stream.length);
    expect(new Uint8Array(await (await spool.readRange('a', 0, stream.length)).arrayBuffer())).toEqual(stream);
    // onSpooled reported each committed Blob with its offset: together, the stream in order.
    let offset = 0;
    for (const w of spooled) {
      expect(w.offset).toBe(offset);
      offset += w.data.size;
    }
    const reported = concat(await Promise.all(spooled.filter((w) => w.data.size > 0).map(async (w) => new Uint8Array(await w.data.arrayBuffer()))));
    expect(reported).toEqual(stream);
  });

  it('a live pace (each chunk committed before the next arrives) writes one chunk per transaction', async () => {
    const { spool, writer } = await setup();
    for (let n = 0; n < 5; n++) {
      writer.write(chunk(n, 500));
      await writer.flush();
    }
    expect((await spool.listChunks('a')).map((c) => c.size)).toEqual([500, 500, 500, 500, 500]);
  });

  it('one transaction never takes more than MAX_BATCH_BYTES of queued chunks', async () => {
    const { spool, writer } = await setup();
    const size = MAX_BATCH_BYTES / 4 + 1; // four of them exceed the bound
    for (let n = 0; n < 9; n++) writer.write(chunk(n, size));
    await writer.flush();
    const stored = await spool.listChunks('a');
    expect(stored.reduce((sum, c) => sum + c.size, 0)).toBe(9 * size);
    for (const c of stored) expect(c.size).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });
});

describe('ChunkWriter after a failed write', () => {
  it('keeps a consistent prefix: later chunks are dropped, finalize covers exactly what the spool holds', async () => {
    let failNext = false;
    const { spool, writer } = await setup({
      wrap: (inner) =>
        Object.assign(Object.create(inner) as ChunkSpool, {
          appendChunk: (...args: Parameters<ChunkSpool['appendChunk']>) => {
            if (failNext) return Promise.reject(new DOMException('Failed to write blobs', 'DataError'));
            return inner.appendChunk(...args);
          },
        }),
    });
    const kept = [chunk(1, 900), chunk(2, 800)];
    for (const c of kept) writer.write(c);
    await writer.flush();
    failNext = true;
    writer.write(chunk(3, 1000));
    await writer.flush();
    expect(writer.error).toBeInstanceOf(DOMException);
    failNext = false;
    writer.write(chunk(4, 500)); // dropped: the spool keeps a consistent prefix
    const done = await writer.finalize();
    expect(done.totalBytes).toBe(1700);
    expect(new Uint8Array(await (await spool.readRange('a', 0, 1700)).arrayBuffer())).toEqual(concat(kept));
  });
});

/** Blob inputs, as MediaRecorder delivers them. */
function i(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>]);
}
