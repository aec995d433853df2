/**
 * The upload path for real: UploadQueue + PartPlanner + recovery driven over HTTP against the real
 * backend (startReelay) and its embedded S3-compatible store, with real presigned URLs and Node fetch
 * as the PartTransport. Only the clock is the system clock; nothing is faked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReelay, type ReelayServer } from '../../../backend/src/server';
import { createApiPresigner } from '../../src/offscreen/api-presigner';
import { storePartTransport } from '../../src/offscreen/store-put';
import { PART_SIZE } from '../../../api';
import {
  droppableChunks,
  PartPlanner,
  type AcknowledgedPart,
  type ChunkInfo,
} from '../../src/core/part-cutter';
import { partSlices } from './part-slices';
import { HttpError } from '../../src/core/upload-errors';
import { planRecovery } from '../../src/core/recovery-plan';
import { probeServerUpload } from '../../src/offscreen/recovery-probe';
import { alwaysOnline, systemClock } from '../../src/offscreen/system-ports';
import { UploadQueue, type UploadQueueOptions } from '../../src/core/upload-queue';
import type { PartSource } from '../../src/core/upload-ports';
import { ApiClient } from '../../src/shared/api-client';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let server: ReelayServer;
let dataDir: string;
let client: ApiClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'reelay-ext-upload-'));
  server = await startReelay(
    { DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0', PART_URL_TTL_SECONDS: '1' },
    { log: () => {} },
  );
  client = new ApiClient({ serverUrl: server.localUrl });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The recorder's chunks held in memory (stand-in for the IndexedDB spool), with drop support. */
class MemoryChunks implements PartSource {
  readonly chunks: (ChunkInfo & { bytes: Uint8Array })[] = [];
  bytesRecorded = 0;
  append(bytes: Uint8Array): void {
    this.chunks.push({ seq: this.chunks.length, offset: this.bytesRecorded, size: bytes.byteLength, bytes });
    this.bytesRecorded += bytes.byteLength;
  }
  retained(): (ChunkInfo & { bytes: Uint8Array })[] {
    return this.chunks.filter((c) => c.bytes.byteLength > 0 || c.size === 0);
  }
  drop(acks: AcknowledgedPart[]): void {
    for (const seq of droppableChunks(this.retained(), acks)) this.chunks[seq]!.bytes = new Uint8Array(0);
  }
  async readPart(partNumber: number, size: number): Promise<Uint8Array> {
    const live = this.retained();
    const slices = partSlices(live, partNumber, this.bytesRecorded);
    const out = new Uint8Array(size);
    let at = 0;
    for (const s of slices) {
      out.set(this.chunks[s.seq]!.bytes.subarray(s.start, s.end), at);
      at += s.end - s.start;
    }
    return out;
  }
}

/** Random chunk sizes around 300 KB, like a MediaRecorder at a few Mbit/s with timeslice 1 s. */
function recordingChunks(total: number): Uint8Array[] {
  const stream = new Uint8Array(randomBytes(total));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < total; ) {
    const size = Math.min(total - at, 150_000 + Math.floor(Math.random() * 300_000));
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function downloadVideo(id: string): Promise<Uint8Array> {
  const res = await fetch(`${server.localUrl}/v/${id}/video`); // 302 → presigned GET on the store
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** Every part the queue counts as uploaded (resumed + persisted), sorted: what complete needs. */
const sortedAcks = (acks: readonly AcknowledgedPart[]) => [...acks].sort((a, b) => a.partNumber - b.partNumber);

function queueFor(rec: { id: string; uploadToken: string }, spool: MemoryChunks, extra: Partial<UploadQueueOptions> = {}) {
  const persisted: AcknowledgedPart[] = [...(extra.acknowledged ?? [])];
  const queue = new UploadQueue({
    presigner: createApiPresigner(client, rec.id, rec.uploadToken),
    transport: storePartTransport(),
    source: spool,
    connectivity: alwaysOnline,
    clock: systemClock,
    onAcknowledged: async (ack) => {
      persisted.push(ack);
      spool.drop(persisted); // only after the ack is "persisted"
    },
    ...extra,
  });
  return { queue, persisted };
}

describe('UploadQueue against the real backend and embedded store', () => {
  it('uploads ~12 MiB while "recording", completes, and the video reads back byte-identical', async () => {
    const rec = await client.createRecording(server.apiToken, { title: 'queue test', mimeType: 'video/webm' });
    expect(rec.partSize).toBe(PART_SIZE);
    const chunks = recordingChunks(12 * 1024 * 1024 + 12_345);
    const spool = new MemoryChunks();
    const planner = new PartPlanner();
    const { queue, persisted } = queueFor(rec, spool);

    for (const chunk of chunks) {
      spool.append(chunk);
      queue.enqueue(planner.take(spool.bytesRecorded, false));
    }
    queue.enqueue(planner.take(spool.bytesRecorded, true));
    await queue.idle();

    const acks = sortedAcks(persisted);
    expect(acks.map((a) => a.size)).toEqual([PART_SIZE, PART_SIZE, 2 * 1024 * 1024 + 12_345]);
    expect(persisted).toHaveLength(3);
    // every chunk was dropped once all parts were acknowledged
    expect(spool.chunks.every((c) => c.bytes.byteLength === 0)).toBe(true);

    // The server sees the same parts (ListParts through the recovery probe).
    const state = await probeServerUpload(client, { serverId: rec.id, uploadToken: rec.uploadToken });
    expect(state.kind).toBe('open');
    if (state.kind === 'open') expect(state.parts.map((p) => [p.partNumber, p.size])).toEqual(acks.map((a) => [a.partNumber, a.size]));

    const { shareUrl } = await client.completeRecording(rec.id, rec.uploadToken, {
      parts: acks.map(({ partNumber, etag }) => ({ partNumber, etag })),
      durationMs: 1234,
    });
    expect(shareUrl).toBe(rec.shareUrl);
    expect(Buffer.from(await downloadVideo(rec.id)).equals(Buffer.from(concat(chunks)))).toBe(true);
    expect(await probeServerUpload(client, { serverId: rec.id, uploadToken: rec.uploadToken })).toEqual({ kind: 'completed' });
  });

  it('re-signs after the store rejects an expired presigned URL (403) and still uploads', async () => {
    const rec = await client.createRecording(server.apiToken, { mimeType: 'video/webm' });
    const spool = new MemoryChunks();
    for (const c of recordingChunks(300_000)) spool.append(c);
    const presigner = createApiPresigner(client, rec.id, rec.uploadToken);
    const batches: number[][] = [];
    const putErrors: unknown[] = [];
    const fetchTransport = storePartTransport();
    const { queue, persisted } = queueFor(rec, spool, {
      transport: {
        put: (url, body, signal) =>
          fetchTransport.put(url, body, signal).catch((error: unknown) => {
            putErrors.push(error);
            throw error;
          }),
      },
      presigner: {
        presign: async (numbers, signal) => {
          batches.push(numbers);
          const answer = await presigner.presign(numbers, signal);
          if (batches.length === 1) await new Promise((r) => setTimeout(r, 2100)); // let the 1 s URL expire
          return answer;
        },
      },
    });
    queue.enqueue({ partNumber: 1, size: spool.bytesRecorded });
    await queue.idle();
    expect(batches).toEqual([[1], [1]]);
    expect(putErrors).toHaveLength(1);
    expect(putErrors[0]).toBeInstanceOf(HttpError);
    expect((putErrors[0] as HttpError).status).toBe(403);
    const [ack] = sortedAcks(persisted);
    await client.completeRecording(rec.id, rec.uploadToken, { parts: [{ partNumber: 1, etag: ack!.etag }], durationMs: 1 });
    expect(await downloadVideo(rec.id)).toHaveLength(300_000);
  });

  it('recovers after an interruption: probe + plan + a fresh queue finish the upload byte-identically', async () => {
    const rec = await client.createRecording(server.apiToken, { mimeType: 'video/webm' });
    const chunks = recordingChunks(11 * 1024 * 1024);
    const spool = new MemoryChunks();
    const planner = new PartPlanner();
    const first = queueFor(rec, spool);
    for (const chunk of chunks) {
      spool.append(chunk);
      first.queue.enqueue(planner.take(spool.bytesRecorded, false));
    }
    await first.queue.idle(); // parts 1 and 2 uploaded; the recorder "crashes" before finalizing

    const state = await probeServerUpload(client, { serverId: rec.id, uploadToken: rec.uploadToken });
    const plan = planRecovery(
      { serverId: rec.id, bytesSpooled: spool.bytesRecorded, finalized: false, retainedChunks: spool.retained() },
      state,
    );
    expect(plan).toMatchObject({ action: 'resume', truncated: true, upload: [{ partNumber: 3, size: 1024 * 1024 }] });
    if (plan.action !== 'resume') return;

    const second = queueFor(rec, spool, { acknowledged: plan.acknowledged });
    second.queue.enqueue(plan.upload);
    await second.queue.idle();
    const parts = sortedAcks(second.persisted).map(({ partNumber, etag }) => ({ partNumber, etag }));
    expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    await client.completeRecording(rec.id, rec.uploadToken, { parts, durationMs: 10 });
    expect(Buffer.from(await downloadVideo(rec.id)).equals(Buffer.from(concat(chunks)))).toBe(true);
  });

  it('an aborted upload is reported as gone by the probe', async () => {
    const rec = await client.createRecording(server.apiToken, { mimeType: 'video/webm' });
    await client.deleteRecording(rec.id, rec.uploadToken);
    const state = await probeServerUpload(client, { serverId: rec.id, uploadToken: rec.uploadToken });
    expect(state).toEqual({ kind: 'gone' });
  });
});
