/**
 * Several backend processes on one PostgreSQL serve the same library. Two backend processes (child
 * processes, each its own event loop and memory) start at the same moment on one fresh database
 * (so their migrations and first-start work race, and must agree), and share one bucket (the
 * embedded store of a third server, used here only as the S3 store). A person added on one signs
 * in on the other; a session cookie and a token made on one work on the other; a recording
 * uploaded through one is listed by both; a delete through one is seen by the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../../api';
import type { BackendProcess } from '../../../bench/lib/backend-process';
import { makeVideo, objectKeys, putPart } from '../helpers';
import { API_TOKEN, call, dbTargets, twoProcessesOnOnePostgres, type TwoProcesses } from './support';

describe.runIf(dbTargets().includes('postgres'))('two backend processes on one PostgreSQL', () => {
  let processes: TwoProcesses;
  let one: BackendProcess;
  let two: BackendProcess;

  beforeAll(async () => {
    processes = await twoProcessesOnOnePostgres();
    ({ one, two } = processes);
  });
  afterAll(() => processes?.stop());

  it('both started on one fresh database at once and agree on the first admin', async () => {
    const a = await call(one.url, 'GET', '/api/users', { token: API_TOKEN });
    const b = await call(two.url, 'GET', '/api/users', { token: API_TOKEN });
    expect(a.status).toBe(200);
    expect(a.json.users).toHaveLength(1);
    expect(b.json).toEqual(a.json);
  });

  it('serve the same people, sessions, tokens and library', async () => {
    const added = await call(one.url, 'POST', '/api/users', { token: API_TOKEN, body: { email: 'ada@example.com', name: 'Ada', role: 'member', password: 'ada-password-1' } });
    expect(added.status).toBe(201);

    // Signed in on process two; the cookie works on process one.
    const jar = new Map<string, string>();
    expect((await call(two.url, 'POST', '/api/auth/sign-in', { body: { email: 'ada@example.com', password: 'ada-password-1' }, jar })).status).toBe(200);
    const session = await call(one.url, 'GET', '/api/session', { jar });
    expect(session.status).toBe(200);
    expect(session.json.user.email).toBe('ada@example.com');

    // A token made on one works on two.
    const token = (await call(one.url, 'POST', '/api/tokens', { jar, origin: one.url, body: { name: 'shared' } })).json.token as string;
    expect(token).toMatch(/^rly_/);

    // Created through two, parts signed by one, completed through two.
    const created = await call(two.url, 'POST', '/api/recordings', { token, body: { title: 'Made across processes', mimeType: 'video/webm' } });
    expect(created.status).toBe(201);
    const rec = created.json as CreateRecordingResponse;
    const bytes = makeVideo(2048).parts.get(1)!;
    const signed = await call(one.url, 'POST', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken, body: { partNumbers: [1] } });
    const etag = await putPart(signed.json.urls['1'], bytes);
    const done = await call(two.url, 'POST', `/api/recordings/${rec.id}/complete`, { token: rec.uploadToken, body: { parts: [{ partNumber: 1, etag }], durationMs: 1000 } });
    expect(done.status).toBe(200);

    const fromOne = await call(one.url, 'GET', '/api/recordings?scope=team', { token: API_TOKEN });
    const fromTwo = await call(two.url, 'GET', '/api/recordings?scope=mine', { token });
    expect(fromOne.json.recordings.map((r: { id: string }) => r.id)).toEqual([rec.id]);
    expect(fromTwo.json.recordings.map((r: { id: string }) => r.id)).toEqual([rec.id]);
    expect(fromOne.json.recordings[0]).toMatchObject({ title: 'Made across processes', size: 2048, owner: { name: 'Ada' } });

    // Deleted through one: gone for two, and from the bucket.
    expect((await call(one.url, 'DELETE', `/api/recordings/${rec.id}`, { token })).status).toBe(204);
    expect((await call(two.url, 'GET', '/api/recordings?scope=team', { token })).json.recordings).toEqual([]);
    expect((await fetch(`${two.url}/v/${rec.id}`)).status).toBe(404);
    expect(await objectKeys(processes.storeHost.reelay, rec.id)).toEqual([]);
  });
});
