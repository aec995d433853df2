/**
 * Part 1 uploaded early as the head object (issue 11), with the WebM fixer as the transform and a
 * synthetic WebM stream longer than a part. The recorder is SCRIPTED (flow-harness.ts); backend,
 * embedded store and spool code are real. While recording, part 1's bytes go to recordings/<id>/head
 * and its chunks leave the spool (but the header's); at Stop only the tail is uploaded, and the header
 * patch goes to the server (complete's `head`, sent ahead of the tail; or POST part1), which applies it: the
 * stored video is the spooled stream patched.
 */
import 'fake-indexeddb/auto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import { HEAD_KEPT_BYTES } from '../../src/core/part-cutter';
import { webmFixTransform } from '../../src/core/transforms/webm-transform';
import { AUDIO, cluster, simpleBlock, VIDEO, webm } from '../webm/synthetic-webm';
import { downloadVideo, freshDbName, harness, onlyRecord, scriptedMedia, server, sha256, SpoolWitness, until, useFlowBackend } from './flow-harness';

useFlowBackend();

/** ~13 MiB of WebM in 1 s Clusters (a keyframe each), cut into ~300 KB chunks like MediaRecorder's. */
function longWebmChunks(): Uint8Array[] {
  const clusters = Array.from({ length: 32 }, (_, i) =>
    cluster(i * 1000, [simpleBlock(VIDEO, 0, true, 400_000), simpleBlock(AUDIO, 0, true, 200), simpleBlock(VIDEO, 500, false, 20_000)], true),
  );
  const bytes = webm(clusters);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 300_000) chunks.push(bytes.subarray(at, Math.min(at + 300_000, bytes.length)));
  return chunks;
}

async function objectKeys(id: string): Promise<string[]> {
  const res = await server.s3.api.send(new ListObjectsV2Command({ Bucket: server.config.s3.bucket, Prefix: `recordings/${id}/` }));
  return (res.Contents ?? []).map((o) => o.Key!.slice(`recordings/${id}/`.length)).sort();
}

/** The stored object with the header patch undone equals the spooled stream. */
function unpatch(stored: Uint8Array, patch: { offset: number; bytes: string; original: string }): Uint8Array {
  const copy = new Uint8Array(stored);
  expect(Buffer.from(copy.subarray(patch.offset, patch.offset + Buffer.from(patch.bytes, 'base64').length)).equals(Buffer.from(patch.bytes, 'base64'))).toBe(true);
  copy.set(Buffer.from(patch.original, 'base64'), patch.offset);
  return copy;
}

/** The backend calls made from now on (path, JSON body, status), until restore(). */
function spyApiCalls() {
  const calls: { path: string; body: any; status: number; at: number }[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await original(input, init);
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    if (url.pathname.startsWith('/api/')) calls.push({ path: url.pathname, body, status: res.status, at: performance.now() });
    return res;
  };
  return { calls, restore: () => void (globalThis.fetch = original) };
}

describe('part 1 as the head object (WebM fixer, stream longer than a part)', () => {
  it('uploads part 1 to the head while recording, drops its chunks but the header; at Stop complete goes ahead of the tail with the patch, and the server makes part 1 from the head', async () => {
    const api = spyApiCalls();
    const chunks = longWebmChunks();
    const last = chunks.pop()!;
    const { media, state } = scriptedMedia(chunks, last);
    const t = await harness({ media, factory: webmFixTransform });
    expect(await t.start()).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    const before = await until(async () => {
      const r = await onlyRecord(t.spool);
      return r.acknowledgedParts.length >= 2 ? r : undefined;
    }, 'head and part 2 acknowledged while recording');
    expect(before.acknowledgedParts[0]).toMatchObject({ partNumber: 1, size: PART_SIZE, head: true });
    expect(before.acknowledgedParts.slice(1).every((p) => !p.head)).toBe(true);
    expect(await objectKeys(before.serverId!)).toEqual(['head', 'upload.json']);
    // Part 1's chunks are gone from the spool, but those holding the header (read back at Stop).
    const held = await t.spool.listChunks(before.localId);
    const inPart1 = held.filter((c) => c.offset < PART_SIZE);
    expect(inPart1.length).toBeGreaterThan(0);
    expect(inPart1.every((c) => c.offset < HEAD_KEPT_BYTES)).toBe(true);

    expect(await t.stop()).toEqual({ ok: true });
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    if (done.state !== 'done') throw new Error('unreachable');
    const record = await onlyRecord(t.spool);
    expect(record.acknowledgedParts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    expect(record.headerPatch).toBeDefined();
    const stored = await downloadVideo(done.recordingId);
    expect(stored.length).toBe(record.bytesSpooled);
    expect(sha256(unpatch(stored, record.headerPatch!))).toBe(sha256(await t.witness.stream(record.localId)));
    expect(await objectKeys(done.recordingId)).toEqual(['meta.json', 'video']);
    expect(await t.spool.listChunks(record.localId)).toEqual([]);
    // Every part but the tail was up at Stop: complete went ahead of the tail with the patch (the
    // server made part 1 from the head while the tail uploaded), so no POST part1.
    api.restore();
    const part1 = api.calls.filter((c) => c.path.endsWith('/part1'));
    const completes = api.calls.filter((c) => c.path.endsWith('/complete'));
    expect(part1).toEqual([]);
    expect(completes.map((c) => c.status)).toEqual([200]);
    expect(completes[0]!.body.head.patches).toHaveLength(1);
    expect(completes[0]!.body.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([2]);
    expect(completes[0]!.body.tail).toEqual({ partNumber: 3, size: record.bytesSpooled - 2 * PART_SIZE });
  });

  it('a recording interrupted after its head went up is completed by recovery with the head patch', async () => {
    const dbName = freshDbName();
    const chunks = longWebmChunks();
    const { media, state } = scriptedMedia(chunks, new Uint8Array(0));
    const witness = new SpoolWitness();
    const first = await harness({ media, factory: webmFixTransform, dbName, witness });
    expect(await first.start()).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    await until(async () => ((await onlyRecord(first.spool)).acknowledgedParts[0]?.head ? true : undefined), 'head acknowledged');
    // The document dies: no stop(). Only IndexedDB survives.
    state.recorder!.state = 'inactive';
    let seen = -1;
    await until(async () => {
      const now = (await onlyRecord(first.spool)).bytesSpooled;
      if (now === seen) return true;
      seen = now;
      await new Promise((r) => setTimeout(r, 300));
      return undefined;
    }, 'spooling settled');
    first.controller.dispose();

    const second = await harness({ media, factory: webmFixTransform, dbName, witness });
    expect(await second.recover()).toEqual({ found: 1, resumed: 1, completed: 0, gone: 0 });
    await second.controller.recoveryRunning();
    const record = await onlyRecord(second.spool);
    expect(record).toMatchObject({ status: 'done', finalized: true });
    expect(record.acknowledgedParts[0]).toMatchObject({ partNumber: 1, head: true });
    expect(record.headerPatch).toBeDefined();
    const stored = await downloadVideo(record.serverId!);
    expect(stored.length).toBe(record.bytesSpooled);
    expect(sha256(unpatch(stored, record.headerPatch!))).toBe(sha256(await witness.stream(record.localId)));
    expect(await objectKeys(record.serverId!)).toEqual(['meta.json', 'video']);
  });
});
