/**
 * "stopped" at Stop through the recorder's whole flow (scripted MediaRecorder, real backend,
 * fake-indexeddb; see flow-harness.ts): the offscreen document tells the server the upload's total
 * size and the duration (for the share page's progress), alongside the upload: the upload never
 * waits for it, and a failing report is only logged.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PART_SIZE } from '../../../api';
import { downloadVideo, harness, onlyRecord, randomChunks, scriptedMedia, until, useFlowBackend } from './flow-harness';

useFlowBackend();

const realFetch = globalThis.fetch;
afterEach(() => {
  vi.restoreAllMocks();
});

/** Routes POST …/stopped to `onStopped`; everything else goes through. */
function interceptStopped(onStopped: (body: unknown, forward: () => Promise<Response>) => Promise<Response>) {
  const bodies: unknown[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!/\/api\/recordings\/[^/]+\/stopped$/.test(url)) return realFetch(input, init);
    const body = JSON.parse(String(init?.body)) as unknown;
    bodies.push(body);
    return onStopped(body, () => realFetch(input, init));
  });
  return bodies;
}

async function recordAndStop(bytes: number) {
  const { media, state } = scriptedMedia(randomChunks(bytes), new Uint8Array(randomBytes(3000)));
  const t = await harness({ media });
  expect(await t.start({ title: 'Stopped report' })).toEqual({ ok: true });
  await until(async () => (await onlyRecord(t.spool)).serverId, 'server recording');
  await until(() => state.recorder!.drained || undefined, 'chunks emitted');
  expect(await t.stop()).toEqual({ ok: true });
  return t;
}

describe('"stopped" at Stop', () => {
  it('tells the total the upload holds and the duration; the upload completes while that report is still held back', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const answers: number[] = [];
    const bodies = interceptStopped(async (_body, forward) => {
      await held;
      const res = await forward();
      answers.push(res.status);
      return res;
    });
    const t = await recordAndStop(PART_SIZE + 200_000);
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    if (done.state !== 'done') throw new Error('unreachable');
    expect(bodies).toHaveLength(1); // sent, and not answered yet: the upload did not wait for it
    expect(answers).toEqual([]);

    const video = await downloadVideo(done.recordingId);
    const record = await onlyRecord(t.spool);
    expect(bodies[0]).toEqual({ totalBytes: video.byteLength, durationMs: record.durationMs });
    expect(record.durationMs).toBeGreaterThan(0);
    release();
    await until(() => answers.length > 0 || undefined, 'stopped answered');
    expect(answers).toEqual([204]); // finished already: the server accepts it and changes nothing
  });

  it('a report the server refuses is only logged: the recording completes all the same', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bodies = interceptStopped(async () =>
      new Response(JSON.stringify({ error: { code: 'bad_request', message: 'no' } }), { status: 400, headers: { 'content-type': 'application/json' } }),
    );
    const t = await recordAndStop(300_000);
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    if (done.state !== 'done') throw new Error('unreachable');
    expect(bodies).toHaveLength(1);
    expect((await downloadVideo(done.recordingId)).byteLength).toBe((bodies[0] as { totalBytes: number }).totalBytes);
    await until(() => warn.mock.calls.some((c) => String(c[0]).includes('recording stopped')) || undefined, 'the failure logged');
  });
});
