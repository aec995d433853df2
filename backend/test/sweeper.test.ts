/**
 * The sweeper against the real store: with SWEEP_MAX_AGE_SECONDS=2 it aborts an upload
 * idle for longer, keeps a new one, and keeps an old one that received a part recently;
 * on its own timer it removes an abandoned recording (thumbnail included) while a
 * long-running upload, initiated long before, keeps going and completes intact.
 */
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../api';
import {
  api,
  complete,
  createFinishedRecording,
  createRecording,
  objectKeys,
  startTestServer,
  uploadParts,
  uploadsOf,
  uploadThumbnail,
  type TestServer,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SWEEP_MAX_AGE_SECONDS: '2' });
});
afterAll(async () => {
  await t?.stop();
});

describe('sweeper', () => {
  it('aborts an abandoned upload and deletes its upload.json; never touches a live one', async () => {
    const abandoned = await createRecording(t.reelay);
    await uploadParts(t.reelay, abandoned, new Map([[1, new Uint8Array(100)]]));
    const oldButActive = await createRecording(t.reelay);
    await sleep(2_500);
    // Activity after the max age: a part arrives for the old upload.
    await uploadParts(t.reelay, oldButActive, new Map([[1, new Uint8Array(100)]]));
    const fresh = await createRecording(t.reelay);

    const result = await t.reelay.sweeper.sweepOnce();
    expect(result.aborted).toEqual([`recordings/${abandoned.id}/video`]);
    expect(result.failed).toBe(0);

    expect(await uploadsOf(t.reelay, abandoned.id)).toEqual([]);
    expect(await objectKeys(t.reelay, abandoned.id)).toEqual([]);
    expect((await api(t.reelay, 'GET', `/api/recordings/${abandoned.id}/parts`, { token: abandoned.uploadToken })).status).toBe(404);

    for (const live of [oldButActive, fresh]) {
      expect(await uploadsOf(t.reelay, live.id)).toEqual([live.uploadId]);
      expect(await objectKeys(t.reelay, live.id)).toEqual([`recordings/${live.id}/upload.json`]);
    }
    const stillThere = await api(t.reelay, 'GET', `/api/recordings/${oldButActive.id}/parts`, { token: oldButActive.uploadToken });
    expect(stillThere.json.parts).toHaveLength(1);

    // A second pass has nothing left to abort.
    expect((await t.reelay.sweeper.sweepOnce()).aborted).toEqual([]);
  });
});

describe('sweeper running on its own timer', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ SWEEP_MAX_AGE_SECONDS: '3', SWEEP_INTERVAL_SECONDS: '1' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('removes an abandoned upload (thumbnail and all) by itself, while a long-running upload next to it completes byte-identical', async () => {
    const r = s.reelay;
    const abandoned = await createRecording(r, { title: 'Abandoned', mimeType: 'video/webm' });
    await uploadParts(r, abandoned, new Map([[1, new Uint8Array(PART_SIZE).fill(1)]]));
    expect(await uploadThumbnail(r, abandoned, new Uint8Array(100).fill(2), 'image/png')).toBe(200);
    const finished = await createFinishedRecording(r, { title: 'Done', mimeType: 'video/webm' }, 5000);

    // The live recording keeps sending a part every second, for well over the max age
    // (3 s) and across several sweeps, the way a long recording does.
    const live = await createRecording(r, { title: 'Long recording', mimeType: 'video/webm' });
    const startedAt = Date.now();
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    const sent: { partNumber: number; etag: string }[] = [];
    for (let n = 1; Date.now() - startedAt < 8_000; n++) {
      const bytes = new Uint8Array(randomBytes(PART_SIZE));
      chunks.push(bytes);
      sent.push(...(await uploadParts(r, live, new Map([[n, bytes]]))));
      await sleep(1_000);
    }
    const last = new Uint8Array(randomBytes(777));
    chunks.push(last);
    sent.push(...(await uploadParts(r, live, new Map([[sent.length + 1, last]]))));
    expect(sent.length).toBeGreaterThanOrEqual(4);

    // By now the abandoned upload has been idle for > 8 s: swept, with its leftovers.
    await expect.poll(() => uploadsOf(r, abandoned.id), { timeout: 10_000, interval: 250 }).toEqual([]);
    await expect.poll(() => objectKeys(r, abandoned.id), { timeout: 5_000, interval: 250 }).toEqual([]);
    expect((await fetch(`${r.localUrl}/v/${abandoned.id}`)).status).toBe(404);

    // The long-running upload was never touched: all its parts are there, it completes.
    expect(await uploadsOf(r, live.id)).toEqual([live.uploadId]);
    expect((await complete(r, live, sent, { durationMs: Date.now() - startedAt })).status).toBe(200);
    const video = await fetch((await fetch(`${r.localUrl}/v/${live.id}/video`, { redirect: 'manual' })).headers.get('location')!);
    const expected = Buffer.concat(chunks);
    expect(createHash('sha256').update(new Uint8Array(await video.arrayBuffer())).digest('hex')).toBe(
      createHash('sha256').update(expected).digest('hex'),
    );

    // A finished recording is never the sweeper's business.
    expect(await objectKeys(r, finished.id)).toEqual([`recordings/${finished.id}/meta.json`, `recordings/${finished.id}/video`]);
    expect(s.logs.some((l) => /sweeper: aborted 1 abandoned upload/.test(l))).toBe(true);
    expect(s.logs.filter((l) => /could not abort/.test(l))).toEqual([]);
  }, 60_000);
});
