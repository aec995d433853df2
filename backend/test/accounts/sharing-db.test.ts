/**
 * The link privacy and trim columns (migration 004) on both databases: embedded PGlite and a real
 * PostgreSQL. What is written by PATCH is read back alike (integers, the date, the boolean), a
 * password link refuses until its form is passed, and the unlock key (kept in `setting`) works.
 * (The whole behaviour is in ../privacy.test.ts on PGlite.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../../api';
import { makeVideo, uploadAndComplete, type TestServer } from '../helpers';
import { API_TOKEN, call, dbTargets, startOn, type DbTarget } from './support';

describe.each(dbTargets())('sharing settings on %s', (target: DbTarget) => {
  let t: TestServer;
  let base: string;

  beforeAll(async () => {
    t = await startOn(target);
    base = t.reelay.localUrl;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('PATCH writes trim and privacy, GET /sharing reads them back; a password link opens only after its form', async () => {
    const created = await call(base, 'POST', '/api/recordings', { token: API_TOKEN, body: { title: 'On both databases', mimeType: 'video/webm' } });
    const rec = created.json as CreateRecordingResponse;
    expect((await uploadAndComplete(t.reelay, rec, makeVideo(1024).parts, { durationMs: 9_000.5 })).status).toBe(200);

    const body = { trim: { startMs: 500, endMs: 9_999 }, privacy: { visibility: 'password', password: 'both dbs', downloads: false, expiresAt: '2999-12-31T23:59:59+02:00' } };
    const patched = await call(base, 'PATCH', `/api/recordings/${rec.id}`, { token: API_TOKEN, body });
    expect(patched.status).toBe(200);
    const expected = {
      trim: { startMs: 500, endMs: 9_001 }, // clamped to the length, rounded up
      privacy: { visibility: 'password', downloads: false, expiresAt: '2999-12-31T21:59:59.000Z', hasPassword: true },
    };
    expect(patched.json.sharing).toEqual(expected);
    expect((await call(base, 'GET', `/api/recordings/${rec.id}/sharing`, { token: API_TOKEN })).json).toEqual(expected);

    expect((await call(base, 'GET', `/v/${rec.id}/video`)).status).toBe(403);
    const unlock = await fetch(`${base}/v/${rec.id}/unlock`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ password: 'both dbs' }) });
    expect(unlock.status).toBe(303);
    const cookie = unlock.headers.getSetCookie()[0]!.split(';')[0]!;
    const video = await fetch(`${base}/v/${rec.id}/video`, { redirect: 'manual', headers: { cookie } });
    expect(video.status).toBe(302);
  });
});
