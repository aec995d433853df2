/**
 * What one account may do (issue 15), on both databases: the storage quota (at create, at presign,
 * for a declared video file), the largest recording, recordings an hour, part requests a minute,
 * sign-in attempts per account; and, on PostgreSQL, one count shared by two backend processes.
 * Every refusal is the JSON error with its status (403/413/429 + Retry-After).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../../api';
import type { BackendProcess } from '../../../bench/lib/backend-process';
import { makeVideo, putPart, type TestServer } from '../helpers';
import { API_TOKEN, call, dbTargets, startOn, twoProcessesOnOnePostgres, type DbTarget, type TwoProcesses } from './support';

const MiB = 1024 * 1024;

async function member(base: string, email: string): Promise<string> {
  const password = 'member-password-1';
  const added = await call(base, 'POST', '/api/users', { token: API_TOKEN, body: { email, name: email.split('@')[0], role: 'member', password } });
  expect(added.status).toBe(201);
  const jar = new Map<string, string>();
  expect((await call(base, 'POST', '/api/auth/sign-in', { body: { email, password }, jar })).status).toBe(200);
  const made = await call(base, 'POST', '/api/tokens', { jar, origin: base, body: { name: 'limits' } });
  return made.json.token as string;
}

const create = (base: string, token: string, body: object = { title: 'Limited', mimeType: 'video/webm' }) =>
  call(base, 'POST', '/api/recordings', { token, body });
const presign = (base: string, rec: CreateRecordingResponse, partNumbers: number[]) =>
  call(base, 'POST', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken, body: { partNumbers } });

describe.each(dbTargets())('account limits on %s', (target: DbTarget) => {
  let server: TestServer;
  let base: string;

  beforeAll(async () => {
    server = await startOn(target, {
      STORAGE_QUOTA_BYTES: String(12 * MiB),
      MAX_RECORDING_BYTES: String(11 * MiB),
      RECORDINGS_PER_HOUR: '4',
      PRESIGNS_PER_MINUTE: '5',
      SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
      SIGN_IN_ATTEMPTS_PER_ACCOUNT: '3',
      MAX_RECORDING_MINUTES: '30',
    });
    base = server.reelay.url;
  });
  afterAll(() => server?.stop());

  it('a recording may grow past the largest size only by the part that crosses it (413 recording_too_large)', async () => {
    const token = await member(base, `big-${target}@example.com`);
    const rec = (await create(base, token)).json as CreateRecordingResponse;
    expect((await presign(base, rec, [1, 2, 3])).status).toBe(200); // part 3 starts at 10 MiB < 11 MiB
    const refused = await presign(base, rec, [4]); // starts at 15 MiB
    expect(refused.status).toBe(413);
    // A batch signed ahead that reaches past the limit gets the URLs of the parts that fit.
    const batch = await presign(base, rec, [3, 4, 5]);
    expect(batch.status).toBe(200);
    expect(Object.keys(batch.json.urls)).toEqual(['3']);
    expect(refused.json.error.code).toBe('recording_too_large');
    expect(refused.json.error.message).toMatch(/at most 11 MB/);
  });

  it('a video file larger than a recording may be is refused at create, before any byte is sent', async () => {
    const token = await member(base, `file-${target}@example.com`);
    const res = await create(base, token, { mimeType: 'video/mp4', file: { name: 'talk.mp4', size: 11 * MiB + 1 } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('recording_too_large');
  });

  it('the storage quota counts finished recordings and what uploads reserved; past it: 403 quota_exceeded at presign and at create', async () => {
    const token = await member(base, `quota-${target}@example.com`);
    // A finished recording of 6 MiB (2 parts).
    const first = (await create(base, token)).json as CreateRecordingResponse;
    const video = makeVideo(6 * MiB);
    const urls = (await presign(base, first, [1, 2])).json.urls;
    const parts = [];
    for (const n of [1, 2]) parts.push({ partNumber: n, etag: await putPart(urls[String(n)], video.parts.get(n)!) });
    expect((await call(base, 'POST', `/api/recordings/${first.id}/complete`, { token: first.uploadToken, body: { parts, durationMs: 1000 } })).status).toBe(200);

    // 6 MiB used of 12: a second upload may have parts that start below 12 MiB in all (part 2 starts
    // at 6 + 5 = 11 MiB), not part 3 (6 + 10 = 16 MiB).
    const second = (await create(base, token)).json as CreateRecordingResponse;
    expect((await presign(base, second, [1, 2])).status).toBe(200);
    const refused = await presign(base, second, [3]);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'quota_exceeded' });
    expect(refused.json.error.message).toMatch(/storage is full.*Delete recordings/);

    // Quota reached (6 MiB + the second's 10 MiB reserved): a new file is refused at create.
    const file = await create(base, token, { mimeType: 'video/mp4', file: { name: 'clip.mp4', size: 2 * MiB } });
    expect(file.status).toBe(403);
    expect(file.json.error.code).toBe('quota_exceeded');

    // Deleting the finished one frees its bytes: part 3 of the second now fits.
    expect((await call(base, 'DELETE', `/api/recordings/${first.id}`, { token })).status).toBe(204);
    expect((await presign(base, second, [3])).status).toBe(200);
  });

  it("create tells the recording its room: the quota left or the largest recording, whichever is smaller, and the longest length", async () => {
    const token = await member(base, `room-${target}@example.com`);
    const fresh = (await create(base, token)).json as CreateRecordingResponse;
    // Nothing used yet: 12 MiB of quota, but a recording may be at most 11 MiB.
    expect(fresh.limits).toEqual({ maxBytes: 11 * MiB, limitedBy: 'max_recording_size', maxLengthMs: 30 * 60_000 });
    // The first reserves 10 MiB with parts 1–2: the next one has 2 MiB of quota left.
    expect((await presign(base, fresh, [1, 2])).status).toBe(200);
    const next = (await create(base, token)).json as CreateRecordingResponse;
    expect(next.limits).toEqual({ maxBytes: 2 * MiB, limitedBy: 'storage_quota', maxLengthMs: 30 * 60_000 });
  });

  it('recordings an hour and part requests a minute, per account: 429 with Retry-After', async () => {
    const token = await member(base, `busy-${target}@example.com`);
    const other = await member(base, `calm-${target}@example.com`);
    const made: CreateRecordingResponse[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await create(base, token);
      expect(res.status).toBe(201);
      made.push(res.json);
    }
    const fifth = await create(base, token);
    expect(fifth.status).toBe(429);
    expect(fifth.json.error.code).toBe('rate_limited');
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not slowed down by this one.
    expect((await create(base, other)).status).toBe(201);

    // The same part again and again (a retry loop gone wrong): the reservation stays one part.
    for (let i = 0; i < 5; i++) expect((await presign(base, made[0]!, [1])).status).toBe(200);
    const sixth = await presign(base, made[0]!, [1]);
    expect(sixth.status).toBe(429);
    expect(sixth.json.error.message).toMatch(/part requests from your account/);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('sign-in attempts per account: the 4th in 15 minutes is refused even with the right password; another account still signs in', async () => {
    const email = `guessed-${target}@example.com`;
    await call(base, 'POST', '/api/users', { token: API_TOKEN, body: { email, name: 'Guessed', role: 'member', password: 'right-password-1' } });
    // member() signs in once for its own account: use fresh attempts here.
    for (let i = 0; i < 3; i++) expect((await call(base, 'POST', '/api/auth/sign-in', { body: { email, password: `wrong-${i}-password` } })).status).toBe(401);
    const fourth = await call(base, 'POST', '/api/auth/sign-in', { body: { email, password: 'right-password-1' } });
    expect(fourth.status).toBe(429);
    expect(fourth.json.error.message).toMatch(/for this account/);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await member(base, `unrelated-${target}@example.com`)).length).toBeGreaterThan(10);
  });
});

describe.runIf(dbTargets().includes('postgres'))('limits shared by two backend processes on one PostgreSQL', () => {
  let processes: TwoProcesses;
  let one: BackendProcess;
  let two: BackendProcess;

  beforeAll(async () => {
    processes = await twoProcessesOnOnePostgres({ RECORDINGS_PER_HOUR: '4', SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' });
    ({ one, two } = processes);
  });
  afterAll(() => processes?.stop());

  it('count together: 2 recordings through each, then the 5th is refused by either', async () => {
    const token = await member(one.url, 'shared@example.com');
    for (const base of [one.url, two.url, one.url, two.url]) expect((await create(base, token)).status).toBe(201);
    const refusedOne = await create(one.url, token);
    const refusedTwo = await create(two.url, token);
    expect([refusedOne.status, refusedTwo.status]).toEqual([429, 429]);
    expect(refusedTwo.json.error.code).toBe('rate_limited');
  });
});
