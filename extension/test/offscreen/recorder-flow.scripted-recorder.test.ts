/**
 * The offscreen recorder's whole flow through its message handlers, against the real backend
 * (startReelay + embedded S3 store, real presigned URLs, Node fetch) and the real spool code on
 * fake-indexeddb (an in-memory IndexedDB for Node).
 *
 * FAKED, because Node has no media stack: the capture and the MediaRecorder (see flow-harness.ts);
 * the real MediaRecorder/capture path is covered by the Playwright e2e tests in Chromium.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import type { ChunkSpool } from '../../src/core/chunk-spool';
import { ApiClient } from '../../src/shared/api-client';
import {
  cleanups,
  concat,
  downloadVideo,
  freePort,
  freshDbName,
  harness,
  onlyRecord,
  randomChunks,
  scriptedMedia,
  server,
  sha256,
  SpoolWitness,
  startLateServer,
  until,
  useFlowBackend,
} from './flow-harness';

useFlowBackend();

// --- tests ------------------------------------------------------------------------------------------

describe('offscreen recorder flow (scripted MediaRecorder, real backend, fake-indexeddb)', () => {
  it('uploads parts while recording, and after Stop stores exactly the recorded bytes', async () => {
    const finalChunk = new Uint8Array(randomBytes(12_345));
    const { media, state } = scriptedMedia(randomChunks(11 * 1024 * 1024), finalChunk);
    const t = await harness({ media });
    expect(await t.start({ title: 'Flow test', countdownSeconds: 1 })).toEqual({ ok: true });
    expect(t.statuses.map((s) => s.state).slice(0, 3)).toEqual(['preparing', 'countdown', 'recording']);
    expect(t.status()).toMatchObject({ state: 'recording', source: 'screen', title: 'Flow test' });

    // Parts 1 and 2 go up while still recording.
    await until(async () => (await onlyRecord(t.spool)).acknowledgedParts.length >= 2 || undefined, 'two parts acknowledged');
    await until(() => state.recorder!.drained || undefined, 'all chunks emitted');
    expect(await t.stop()).toEqual({ ok: true });
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    if (done.state !== 'done') throw new Error('unreachable');

    const record = await onlyRecord(t.spool);
    const recorded = concat(state.recorder!.emitted);
    expect(state.recorder!.emitted[state.recorder!.emitted.length - 1]).toBe(finalChunk); // the after-stop chunk
    expect(record).toMatchObject({
      status: 'done',
      finalized: true,
      serverId: done.recordingId,
      shareUrl: done.shareUrl,
      bytesSpooled: recorded.length,
      width: 1280,
      height: 720,
    });
    const spooled = await t.witness.stream(record.localId);
    expect(sha256(spooled)).toBe(sha256(recorded));
    expect(record.acknowledgedParts.map((p) => p.size)).toEqual([PART_SIZE, PART_SIZE, recorded.length - 2 * PART_SIZE]);
    // The upload's timing (witnessed): parts 1 and 2 were acknowledged before Stop.
    const stoppedAt = record.stoppedAt!;
    expect(t.witness.ackedBefore(record.localId, stoppedAt)).toEqual([1, 2]);
    expect(await t.spool.listChunks(record.localId)).toEqual([]);
    expect(state.captureStopped).toBe(true);

    const stored = await downloadVideo(done.recordingId);
    expect(stored.length).toBe(recorded.length);
    expect(sha256(stored)).toBe(sha256(spooled));
    const meta = await new ApiClient({ serverUrl: server.localUrl }).getRecording(done.recordingId);
    expect(meta).toMatchObject({ title: 'Flow test', size: recorded.length, width: 1280, height: 720 });
    expect(t.notifications).toContainEqual({
      target: 'background',
      type: 'recording-finished',
      data: { shareUrl: done.shareUrl, title: 'Flow test' },
    });
  });

  it('leaves paused time out of the duration and finishes when the shared screen goes away', async () => {
    const { media, state } = scriptedMedia(randomChunks(300_000), new Uint8Array([1, 2, 3]));
    const t = await harness({ media });
    expect(await t.start()).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    expect(await t.pause()).toEqual({ ok: true });
    const pausedStatus = t.status();
    expect(pausedStatus.state).toBe('paused');
    // 320 ms for a 300 ms claim: Node's timers may fire a millisecond early by Date.now().
    await new Promise((r) => setTimeout(r, 320));
    expect(await t.pause()).toMatchObject({ ok: false }); // already paused
    expect(await t.resume()).toEqual({ ok: true });
    state.track!.end(); // "Stop sharing"
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    const record = await onlyRecord(t.spool);
    expect(record.pausedSpans).toHaveLength(1);
    const span = record.pausedSpans[0]!;
    expect(span.end).toBeGreaterThanOrEqual(span.start + 300);
    // duration = wall time from start to stop minus the pause
    expect(record.durationMs).toBe(record.stoppedAt! - record.startedAt! - (span.end! - span.start));
    if (done.state !== 'done') throw new Error('unreachable');
    const meta = await new ApiClient({ serverUrl: server.localUrl }).getRecording(done.recordingId);
    expect(meta.durationMs).toBe(record.durationMs);
    expect(sha256(await downloadVideo(done.recordingId))).toBe(sha256(concat(state.recorder!.emitted)));
  });

  it('cancel leaves nothing: no upload on the server, no chunks or record locally', async () => {
    const { media, state } = scriptedMedia(randomChunks(6 * 1024 * 1024), new Uint8Array(10));
    const t = await harness({ media });
    expect(await t.start()).toEqual({ ok: true });
    await until(async () => (await onlyRecord(t.spool)).acknowledgedParts.length >= 1 || undefined, 'a part acknowledged');
    const { serverId, uploadToken } = await onlyRecord(t.spool);
    expect(await t.cancel()).toEqual({ ok: true });
    expect(t.status()).toEqual({ state: 'cancelled' });
    expect(state.captureStopped).toBe(true);
    expect(await t.spool.listRecordings()).toEqual([]);
    const client = new ApiClient({ serverUrl: server.localUrl });
    await expect(client.listParts(serverId!, uploadToken!)).rejects.toMatchObject({ status: 404 });
    await expect(client.getRecording(serverId!)).rejects.toMatchObject({ status: 404 });
    expect(await t.stop()).toMatchObject({ ok: false, error: { code: 'no_recording' } });
  });

  it('cancel during the countdown records nothing and creates nothing that stays', async () => {
    const { media, state } = scriptedMedia(randomChunks(100_000), new Uint8Array(10));
    const t = await harness({ media });
    const started = t.start({ countdownSeconds: 3 });
    await until(() => (t.status().state === 'countdown' ? true : undefined), 'countdown');
    expect(await t.cancel()).toEqual({ ok: true });
    expect(await started).toMatchObject({ ok: false });
    expect(t.status()).toEqual({ state: 'cancelled' });
    expect(state.recorder).toBeUndefined();
    expect(await t.spool.listRecordings()).toEqual([]);
  });

  it('records while the server is unreachable, creates the recording once it is back, and completes', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { media, state } = scriptedMedia(randomChunks(6 * 1024 * 1024), new Uint8Array(randomBytes(999)));
    const t = await harness({ media });
    expect(await t.start({}, url)).toEqual({ ok: true });
    await until(() => {
      const s = t.status();
      return s.state === 'recording' && s.upload.waitingForServer ? true : undefined;
    }, 'waiting for server');
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    expect((await onlyRecord(t.spool)).serverId).toBeUndefined();

    const late = await startLateServer(port);
    const created = await until(async () => (await onlyRecord(t.spool)).serverId, 'server recording created');
    expect(await t.stop()).toEqual({ ok: true });
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    expect(done).toMatchObject({ recordingId: created });
    const res = await fetch(`${late.localUrl}/v/${created}/video`);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(concat(state.recorder!.emitted)));
  });

  it('Stop while the server is away fails with a hint and keeps everything; recovery uploads it later', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { media, state } = scriptedMedia(randomChunks(5 * 1024 * 1024 + 100_000), new Uint8Array(randomBytes(77)));
    const t = await harness({ media });
    expect(await t.start({}, url)).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    expect(await t.stop()).toEqual({ ok: true });
    const failed = await until(() => (t.status().state === 'failed' ? t.status() : undefined), 'failed');
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'server_unreachable' } });
    if (failed.state !== 'failed') throw new Error('unreachable');
    expect(failed.error.hint).toContain(`Check that the Reelay server at ${url} is running`);
    expect(failed.error.hint).toContain('your recording is safe on this computer');
    expect(t.notifications.some((n) => n.type === 'recording-failed')).toBe(true);
    let record = await onlyRecord(t.spool);
    expect(record).toMatchObject({ status: 'interrupted', finalized: true, error: { code: 'server_unreachable' } });
    expect(await t.spool.exportRecording(record.localId)).toBeDefined(); // every byte still local

    const late = await startLateServer(port);
    expect(await t.recover(url)).toEqual({ found: 1, resumed: 1, completed: 0, gone: 0 });
    await t.controller.recoveryRunning();
    record = await onlyRecord(t.spool);
    expect(record.status).toBe('done');
    const res = await fetch(`${late.localUrl}/v/${record.serverId}/video`);
    const stored = new Uint8Array(await res.arrayBuffer());
    expect(sha256(stored)).toBe(sha256(concat(state.recorder!.emitted)));
    expect(sha256(await t.witness.stream(record.localId))).toBe(sha256(stored));
    expect(t.notifications).toContainEqual({ target: 'background', type: 'recording-recovered', data: { shareUrl: record.shareUrl } });
  });

  it('a recording interrupted while recording (document gone) is finalized from the spool and uploaded by recovery', async () => {
    const dbName = freshDbName();
    const { media, state } = scriptedMedia(randomChunks(7 * 1024 * 1024), new Uint8Array(5));
    const witness = new SpoolWitness(); // one spool, two documents
    const first = await harness({ media, dbName, witness });
    expect(await first.start()).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    await until(async () => (await onlyRecord(first.spool)).acknowledgedParts.length >= 1 || undefined, 'part 1 acknowledged');
    // The document dies: no stop(), no final chunk. Only IndexedDB survives.
    state.recorder!.state = 'inactive';
    const spooled = concat(state.recorder!.emitted);
    await until(async () => ((await onlyRecord(first.spool)).bytesSpooled === spooled.length ? true : undefined), 'all spooled');

    const second = await harness({ media, dbName, witness }); // a new document over the same database
    expect(await second.recover()).toEqual({ found: 1, resumed: 1, completed: 0, gone: 0 });
    await second.controller.recoveryRunning();
    const record = await onlyRecord(second.spool);
    expect(record).toMatchObject({ status: 'done', finalized: true });
    expect(sha256(await witness.stream(record.localId))).toBe(sha256(spooled));
    expect(sha256(await downloadVideo(record.serverId!))).toBe(sha256(spooled));
    // Nothing left to recover.
    expect(await second.recover()).toEqual({ found: 0, resumed: 0, completed: 0, gone: 0 });
  });

  it('a full disk stops the recording cleanly, uploads what was saved, and says why', async () => {
    const { media, state } = scriptedMedia(randomChunks(7 * 1024 * 1024), new Uint8Array(10));
    const limit = 5 * 1024 * 1024 + 300_000;
    const t = await harness({
      media,
      wrapSpool: (spool) =>
        Object.assign(Object.create(spool) as ChunkSpool, {
          appendChunk: async (...args: Parameters<ChunkSpool['appendChunk']>) => {
            const record = await spool.getRecording(args[0]);
            const size = args[1] instanceof Blob ? args[1].size : args[1].byteLength;
            if (record && record.bytesSpooled + size > limit) throw new DOMException('disk full', 'QuotaExceededError');
            return spool.appendChunk(...args);
          },
        }),
    });
    expect(await t.start()).toEqual({ ok: true });
    const done = await until(() => (['done', 'failed'].includes(t.status().state) ? t.status() : undefined), 'end');
    expect(done).toMatchObject({ state: 'done', warning: { code: 'storage_failed' } });
    if (done.state !== 'done') throw new Error('unreachable');
    expect(done.warning!.message).toContain('ran out of space');
    const record = await onlyRecord(t.spool);
    expect(record.bytesSpooled).toBeLessThanOrEqual(limit);
    // exactly the chunks that were saved, in order: a prefix of what the recorder produced
    const emitted = state.recorder!.emitted;
    let prefix = 0;
    const saved: Uint8Array[] = [];
    for (const c of emitted) {
      if (prefix + c.length > record.bytesSpooled) break;
      saved.push(c);
      prefix += c.length;
    }
    expect(prefix).toBe(record.bytesSpooled);
    const stored = await downloadVideo(done.recordingId);
    expect(sha256(stored)).toBe(sha256(concat(saved)));
    expect(sha256(await t.witness.stream(record.localId))).toBe(sha256(stored));
    expect(t.notifications.map((n) => n.type)).toEqual(['recording-finished', 'recording-failed']);
  });

  it('an upload that vanished on the server fails the recording with a reason and keeps the record', async () => {
    const { media, state } = scriptedMedia(randomChunks(6 * 1024 * 1024), new Uint8Array(10));
    const t = await harness({ media });
    expect(await t.start()).toEqual({ ok: true });
    const { serverId, uploadToken } = await until(async () => {
      const r = await onlyRecord(t.spool);
      return r.serverId ? r : undefined;
    }, 'server recording');
    await new ApiClient({ serverUrl: server.localUrl }).deleteRecording(serverId!, uploadToken!); // swept behind our back
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    await t.stop();
    const failed = await until(() => (t.status().state === 'failed' ? t.status() : undefined), 'failed');
    expect(failed).toMatchObject({ error: { code: 'upload_gone' } });
    const record = await onlyRecord(t.spool);
    expect(record).toMatchObject({ status: 'gone', error: { code: 'upload_gone' } });
    expect((await t.listRecent()).recordings).toMatchObject([{ localId: record.localId, status: 'gone' }]);
    expect(await t.deleteRecording(record.localId)).toEqual({ ok: true });
    expect(await t.spool.listRecordings()).toEqual([]);
  });

  it('shows "waiting for server" while only the final complete call is retried, then completes', async () => {
    const proxy = await proxyFailingComplete(server.localUrl, 2);
    const { media, state } = scriptedMedia(randomChunks(PART_SIZE + 100_000), new Uint8Array(randomBytes(50)));
    const t = await harness({ media });
    expect(await t.start({}, proxy.url)).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    expect(await t.stop()).toEqual({ ok: true });
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done', 30_000);
    expect(proxy.completeCalls()).toBe(3);
    const waiting = t.statuses.filter((s) => s.state === 'finishing' && s.upload.waitingForServer);
    expect(waiting.length).toBeGreaterThan(0);
    // Every part was up by then: only the complete call was waiting.
    for (const s of waiting) if (s.state === 'finishing') expect(s.upload.backlogBytes).toBe(0);
    if (done.state !== 'done') throw new Error('unreachable');
    expect(sha256(await downloadVideo(done.recordingId))).toBe(sha256(concat(state.recorder!.emitted)));
  });
});

/** Forwards everything to the backend, but answers the first `failures` complete calls with 503. */
async function proxyFailingComplete(target: string, failures: number): Promise<{ url: string; completeCalls: () => number }> {
  let calls = 0;
  const to = new URL(target);
  const proxy: Server = createServer((req, res) => {
    if (req.method === 'POST' && /\/complete$/.test(req.url ?? '') && ++calls <= failures) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'unavailable', message: 'down for a moment' } }));
      return;
    }
    const upstream = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
  return { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, completeCalls: () => calls };
}
