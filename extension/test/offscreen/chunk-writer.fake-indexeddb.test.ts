/**
 * ChunkWriter's group commit on the real spool code over fake-indexeddb (an in-memory IndexedDB
 * for Node; Chromium's IndexedDB is exercised by the e2e tests and the benchmarks).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkWriter, MAX_BATCH_BYTES, type SpooledBytes } from '../../src/offscreen/chunk-writer';
import { openIdbSpool, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';
import type { ChunkSpool } from '../../src/core/chunk-spool';
import { transformByName, type StreamTransformFactory } from '../../src/core/transforms';

const identity = transformByName('identity');
let counter = 0;
const opened: IdbChunkSpool[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

async function setup(options: { wrap?: (spool: ChunkSpool) => ChunkSpool; factory?: StreamTransformFactory } = {}) {
  const spool = await openIdbSpool({ name: `reelay-writer-test-${process.pid}-${++counter}` });
  opened.push(spool);
  await spool.createRecording({ localId: 'a', serverUrl: 'http://localhost:8787', mimeType: 'video/webm', title: 'T' });
  const spooled: SpooledBytes[] = [];
  const writer = ChunkWriter.fresh({
    spool: options.wrap ? options.wrap(spool) : spool,
    localId: 'a',
    factory: options.factory ?? identity,
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

/** A transform with held bytes, a trailer and a header patch, like the WebM fixer's (which the flow tests run). */
function fixerLike(patch: { offset: number; bytes: number[] }, seen: { streamBytes?: number } = {}): StreamTransformFactory {
  const create = () => ({
    push: (bytes: Uint8Array) => bytes,
    end: () => Uint8Array.of(0xee, 0xee),
    state: () => ({ fixer: true }),
    finalize: (streamBytes: number) => {
      seen.streamBytes = streamBytes;
      return { headerPatch: { offset: patch.offset, bytes: Uint8Array.from(patch.bytes) }, trailer: Uint8Array.of(0xcc, 0xcc, 0xcc), problem: null, durationMs: 4321.4 };
    },
  });
  return { name: 'fixer-like', heldParts: [1], create, restore: create };
}

/** Counts the spool calls made through it. */
function counting(calls: Record<string, number>) {
  return (inner: ChunkSpool): ChunkSpool =>
    Object.assign(Object.create(inner) as ChunkSpool, {
      appendChunk: (...args: Parameters<ChunkSpool['appendChunk']>) => ((calls.appendChunk = (calls.appendChunk ?? 0) + 1), inner.appendChunk(...args)),
      updateRecording: (...args: Parameters<ChunkSpool['updateRecording']>) => ((calls.updateRecording = (calls.updateRecording ?? 0) + 1), inner.updateRecording(...args)),
      readRange: (...args: Parameters<ChunkSpool['readRange']>) => ((calls.readRange = (calls.readRange ?? 0) + 1), inner.readRange(...args)),
    });
}

describe('ChunkWriter at Stop', () => {
  it("writes the transform's last bytes, its trailer and the finished record in ONE transaction, the patched bytes known without a read", async () => {
    const calls: Record<string, number> = {};
    const seen: { streamBytes?: number } = {};
    const { spool, writer } = await setup({ wrap: counting(calls), factory: fixerLike({ offset: 4, bytes: [1, 2, 3] }, seen) });
    const recorded = [chunk(1, 900), chunk(2, 800)];
    for (const c of recorded) writer.write(c);
    await writer.flush();
    for (const k of Object.keys(calls)) delete calls[k];

    const done = await writer.finalize({ status: 'uploading', stoppedAt: 42 });
    expect(calls).toEqual({ appendChunk: 1 });
    expect(seen.streamBytes).toBe(1702); // with end()'s two bytes
    expect(done.totalBytes).toBe(1705);
    expect(done.problem).toBeNull();
    expect(new Uint8Array(await (await spool.readRange('a', 0, 1705)).arrayBuffer())).toEqual(concat([...recorded, Uint8Array.of(0xee, 0xee, 0xcc, 0xcc, 0xcc)]));
    const record = (await spool.getRecording('a'))!;
    expect(record).toMatchObject({ finalized: true, status: 'uploading', stoppedAt: 42, durationMs: 4321, bytesSpooled: 1705 });
    expect(record.transform).toEqual({ name: 'fixer-like', state: { fixer: true } });
    expect(record.headerPatch?.offset).toBe(4);
    expect(new Uint8Array(Buffer.from(record.headerPatch!.original, 'base64'))).toEqual(recorded[0]!.subarray(4, 7));
    expect(done.headerPatch?.offset).toBe(4);
  });

  it('a stream shorter than the patched bytes: what they replace comes partly from the last transaction', async () => {
    const { spool, writer } = await setup({ factory: fixerLike({ offset: 1, bytes: [1, 2, 3] }) });
    writer.write(Uint8Array.of(10, 11));
    const done = await writer.finalize();
    expect(done.totalBytes).toBe(7);
    const record = (await spool.getRecording('a'))!;
    expect(new Uint8Array(Buffer.from(record.headerPatch!.original, 'base64'))).toEqual(Uint8Array.of(11, 0xee, 0xee));
  });

  it('a last transaction that fails leaves the stream as spooled, finalized, with no patch and the problem said', async () => {
    let refuse = false;
    const { spool, writer } = await setup({
      factory: fixerLike({ offset: 4, bytes: [1, 2, 3] }),
      wrap: (inner) =>
        Object.assign(Object.create(inner) as ChunkSpool, {
          appendChunk: (...args: Parameters<ChunkSpool['appendChunk']>) =>
            refuse ? Promise.reject(new DOMException('The disk is full', 'QuotaExceededError')) : inner.appendChunk(...args),
        }),
    });
    writer.write(chunk(1, 900));
    await writer.flush();
    refuse = true;
    const done = await writer.finalize({ status: 'uploading' });
    expect(done.totalBytes).toBe(900);
    expect(done.headerPatch).toBeNull();
    expect(done.problem).toMatch(/finalizing failed: .*disk is full/);
    const record = (await spool.getRecording('a'))!;
    expect(record).toMatchObject({ finalized: true, status: 'uploading', bytesSpooled: 900 });
    expect(record.headerPatch).toBeUndefined();
  });
});

/** Blob inputs, as MediaRecorder delivers them. */
function i(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>]);
}
