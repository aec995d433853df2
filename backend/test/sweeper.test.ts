/**
 * The sweeper against the real store: with SWEEP_MAX_AGE_SECONDS=2 it aborts an upload
 * idle for longer, keeps a new one, and keeps an old one that received a part recently.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRecording, objectKeys, startTestServer, uploadParts, uploadsOf, type TestServer } from './helpers';

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
