/**
 * Complete ahead of the tail (issue 11, complete-ahead.ts): at Stop, with every part but the last
 * acknowledged, complete goes to the server with the last part's number and size while that part
 * still uploads. The recorder is SCRIPTED (flow-harness.ts); backend, embedded store, presigned
 * URLs and spool code are real. fetch is wrapped to watch the requests, hold the tail's PUT back,
 * and in one test to fake the server refusing the complete sent ahead.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import { concat, downloadVideo, harness, onlyRecord, randomChunks, scriptedMedia, sha256, until, useFlowBackend } from './flow-harness';

useFlowBackend();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  /** performance.now() when complete requests were sent, with their bodies and statuses. */
  completes: { at: number; body: { tail?: unknown; parts: { partNumber: number }[] }; status: number }[];
  /** When the tail's PUT was let go to the store, after being held back. */
  tailReleased?: number;
  /** When the tail's PUT was answered. */
  tailLanded?: number;
}

/**
 * Wraps fetch until restore(): holds the PUT of part `tailPart` back by `holdMs` before it goes
 * out, and answers a complete that carries `tail` with `refuseAhead` (if given) without sending it.
 */
function watchRequests(tailPart: number, holdMs: number, refuseAhead?: number) {
  const seen: Seen = { completes: [] };
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (init?.method === 'PUT' && url.searchParams.get('partNumber') === String(tailPart)) {
      await sleep(holdMs);
      seen.tailReleased = performance.now();
      const res = await original(input, init);
      seen.tailLanded = performance.now();
      return res;
    }
    if (url.pathname.endsWith('/complete')) {
      const at = performance.now();
      const body = JSON.parse(String(init?.body)) as Seen['completes'][number]['body'];
      const res =
        refuseAhead && body.tail
          ? new Response(JSON.stringify({ error: { code: 'server_error', message: 'refused in the test' } }), { status: refuseAhead, headers: { 'content-type': 'application/json' } })
          : await original(input, init);
      seen.completes.push({ at, body, status: res.status });
      return res;
    }
    return original(input, init);
  };
  return { seen, restore: () => void (globalThis.fetch = original) };
}

/** Records 2 parts and a tail, waits for parts 1 and 2 to be acknowledged, stops, waits for done. */
async function recordTwoPartsAndATail() {
  const finalChunk = new Uint8Array(randomBytes(54_321));
  const { media, state } = scriptedMedia(randomChunks(2 * PART_SIZE + 300_000), finalChunk);
  const t = await harness({ media });
  expect(await t.start()).toEqual({ ok: true });
  await until(() => state.recorder!.drained || undefined, 'all chunks emitted');
  await until(async () => (await onlyRecord(t.spool)).acknowledgedParts.length >= 2 || undefined, 'parts 1 and 2 acknowledged');
  expect(await t.stop()).toEqual({ ok: true });
  const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
  if (done.state !== 'done') throw new Error('unreachable');
  const recorded = concat(state.recorder!.emitted);
  const record = await onlyRecord(t.spool);
  expect(record.acknowledgedParts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
  expect(sha256(await downloadVideo(done.recordingId))).toBe(sha256(recorded));
  return { recorded, record, done };
}

describe('complete ahead of the tail (scripted MediaRecorder, real backend, fake-indexeddb)', () => {
  it('is sent before the tail reaches the store, and completes with it: the stored video is the recording', async () => {
    const watch = watchRequests(3, 400);
    try {
      const { recorded } = await recordTwoPartsAndATail();
      const { completes, tailReleased } = watch.seen;
      expect(completes).toHaveLength(1);
      expect(completes[0]!.status).toBe(200);
      expect(completes[0]!.body.tail).toEqual({ partNumber: 3, size: recorded.length - 2 * PART_SIZE });
      expect(completes[0]!.body.parts.map((p) => p.partNumber)).toEqual([1, 2]);
      // Sent while the tail was still held back (400 ms from its PUT's start): before any of its
      // bytes could reach the store.
      expect(completes[0]!.at).toBeLessThan(tailReleased!);
    } finally {
      watch.restore();
    }
  });

  it('a complete ahead that the server refuses (faked in fetch) is followed by the usual complete once the tail is up', async () => {
    const watch = watchRequests(3, 100, 503);
    try {
      await recordTwoPartsAndATail();
      const { completes, tailLanded } = watch.seen;
      expect(completes.map((c) => [c.status, c.body.tail !== undefined])).toEqual([
        [503, true],
        [200, false],
      ]);
      expect(completes[1]!.body.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
      expect(completes[1]!.at).toBeGreaterThanOrEqual(tailLanded!);
    } finally {
      watch.restore();
    }
  });
});
