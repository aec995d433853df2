/**
 * Accounts and the library over real HTTP, on both databases (embedded PGlite and a real
 * PostgreSQL started by this project's globalSetup), with the real embedded S3 store and real
 * presigned URLs: the admin adds a member; the member signs in, makes a token and uploads a
 * recording with it; mine/team, search, paging; 403 on someone else's recording; delete leaves
 * nothing in the bucket and the share link 404s; 401 without or with wrong credentials; CSRF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse, LibraryResponse } from '../../../api';
import { createUserResponseSchema, libraryResponseSchema } from '../../../api';
import { makeVideo, objectKeys, uploadAndComplete, uploadParts, uploadsOf, type TestServer } from '../helpers';
import { API_TOKEN, call, dbTargets, startOn, type DbTarget } from './support';

describe.each(dbTargets())('accounts and the library on %s', (target: DbTarget) => {
  let t: TestServer;
  let base: string;
  const memberJar = new Map<string, string>();
  let member: { id: string; email: string };
  let memberToken: string;
  const recordings: Record<string, CreateRecordingResponse> = {};

  /** create (with a personal token) → presigned parts → complete (with the upload token). */
  async function record(token: string, title: string, size = 6 * 1024 * 1024): Promise<CreateRecordingResponse> {
    const created = await call(base, 'POST', '/api/recordings', { token, body: { title, mimeType: 'video/webm' } });
    expect(created.status).toBe(201);
    const rec = created.json as CreateRecordingResponse;
    const done = await uploadAndComplete(t.reelay, rec, makeVideo(size).parts, { durationMs: 4321 });
    expect(done.status).toBe(200);
    return rec;
  }

  const list = async (token: string, query: string): Promise<LibraryResponse> => {
    const res = await call(base, 'GET', `/api/recordings${query}`, { token });
    expect(res.status).toBe(200);
    return libraryResponseSchema.parse(res.json);
  };

  beforeAll(async () => {
    t = await startOn(target);
    base = t.reelay.localUrl;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('API_TOKEN is the first admin\'s personal token', async () => {
    const res = await call(base, 'GET', '/api/session', { token: API_TOKEN });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ email: 'admin@reelay.local', role: 'admin' });
    expect(t.reelay.db.kind).toBe(target);
    expect(t.reelay.firstSignInUrl).toMatch(/\/invite\/[\w-]{20,}$/);
  });

  it('the admin adds a member (201 with an invite link); a member may not add people', async () => {
    const res = await call(base, 'POST', '/api/users', {
      token: API_TOKEN,
      body: { email: 'Mia@Example.com', name: 'Mia', role: 'member', password: 'mia-password-1' },
    });
    expect(res.status).toBe(201);
    const created = createUserResponseSchema.parse(res.json);
    expect(created).toMatchObject({ email: 'mia@example.com', role: 'member' });
    expect(created.inviteUrl).toMatch(new RegExp(`^${t.reelay.url}/invite/`));
    member = created;
    const again = await call(base, 'POST', '/api/users', { token: API_TOKEN, body: { email: 'mia@example.com', role: 'member' } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('email_taken');
    const bad = await call(base, 'POST', '/api/users', { token: API_TOKEN, body: { email: 'not-an-email', role: 'owner' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');
  });

  it('the member signs in (an httpOnly SameSite session cookie) and makes a personal token with it', async () => {
    const wrong = await call(base, 'POST', '/api/auth/sign-in', { body: { email: 'mia@example.com', password: 'nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('unauthorized');

    const res = await call(base, 'POST', '/api/auth/sign-in', { body: { email: 'mia@example.com', password: 'mia-password-1' }, jar: memberJar });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: member.id, role: 'member' });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('reelay.session_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const session = await call(base, 'GET', '/api/session', { jar: memberJar });
    expect(session.json.user).toMatchObject({ id: member.id, email: 'mia@example.com' });

    const token = await call(base, 'POST', '/api/tokens', { jar: memberJar, origin: t.reelay.url, body: { name: 'laptop' } });
    expect(token.status).toBe(201);
    expect(token.json.token).toMatch(/^rly_/);
    memberToken = token.json.token;
    const listed = await call(base, 'GET', '/api/tokens', { token: memberToken });
    expect(listed.json.tokens.map((x: { name: string }) => x.name)).toEqual(['laptop']);
    expect(JSON.stringify(listed.json)).not.toContain(memberToken);
  });

  it('a cookie-authenticated change from another origin, or with no origin, is refused (CSRF)', async () => {
    const evil = await call(base, 'POST', '/api/tokens', { jar: memberJar, origin: 'https://evil.example', body: { name: 'x' } });
    expect(evil.status).toBe(403);
    const none = await call(base, 'POST', '/api/tokens', { jar: memberJar, body: { name: 'x' } });
    expect(none.status).toBe(403);
    const fromExtension = await call(base, 'GET', '/api/tokens', { jar: memberJar, origin: 'https://evil.example' });
    expect(fromExtension.status).toBe(200); // reads are not changes
  });

  it('the member uploads recordings with the token (create → presigned parts → complete); the admin too', async () => {
    recordings.adminReview = await record(API_TOKEN, 'Quarterly review');
    recordings.memberBug = await record(memberToken, 'Bug repro: 100% real');
    recordings.memberDemo = await record(memberToken, 'Demo of the library', 1024);
    const keys = await objectKeys(t.reelay, recordings.memberBug.id);
    expect(keys).toContain(`recordings/${recordings.memberBug.id}/video`);
  });

  it("scope=mine shows only the caller's recordings, team shows everyone's, newest first", async () => {
    const mine = await list(memberToken, '?scope=mine');
    expect(mine.recordings.map((r) => r.title)).toEqual(['Demo of the library', 'Bug repro: 100% real']);
    expect(mine.recordings[1]).toMatchObject({
      id: recordings.memberBug!.id,
      durationMs: 4321,
      size: 6 * 1024 * 1024,
      shareUrl: `${t.reelay.url}/v/${recordings.memberBug!.id}`,
      thumbnailUrl: `${t.reelay.url}/v/${recordings.memberBug!.id}/thumbnail`,
      owner: { id: member.id, name: 'Mia' },
      stats: { views: 0, viewers: 0, averageWatchedRatio: 0 }, // your own recordings come with their figures
    });
    const team = await list(memberToken, '?scope=team');
    expect(team.recordings.map((r) => r.title)).toEqual(['Demo of the library', 'Bug repro: 100% real', 'Quarterly review']);
    expect(team.recordings.map((r) => r.stats !== undefined)).toEqual([true, true, false]);
    expect(team.nextCursor).toBeNull();
    const adminMine = await list(API_TOKEN, '?scope=mine');
    expect(adminMine.recordings.map((r) => r.title)).toEqual(['Quarterly review']);
    // The same through the session cookie.
    const bySession = await call(base, 'GET', '/api/recordings?scope=mine', { jar: memberJar });
    expect(bySession.json.recordings).toHaveLength(2);
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const first = await list(memberToken, '?scope=team&limit=2');
    expect(first.recordings).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(memberToken, `?scope=team&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.recordings.map((r) => r.title)).toEqual(['Quarterly review']);
    expect(second.nextCursor).toBeNull();
    const bad = await call(base, 'GET', '/api/recordings?cursor=garbage', { token: memberToken });
    expect(bad.status).toBe(400);
    expect((await call(base, 'GET', '/api/recordings?scope=everyone', { token: memberToken })).status).toBe(400);
  });

  it('search finds by title (any case; % and _ are literal)', async () => {
    expect((await list(memberToken, '?scope=team&q=REVIEW')).recordings.map((r) => r.title)).toEqual(['Quarterly review']);
    expect((await list(memberToken, '?scope=team&q=100%25')).recordings.map((r) => r.title)).toEqual(['Bug repro: 100% real']);
    expect((await list(memberToken, '?scope=team&q=%25')).recordings).toHaveLength(1);
    expect((await list(memberToken, '?scope=mine&q=review')).recordings).toHaveLength(0);
  });

  it("the member gets 403 renaming or deleting the admin's recording; owners and admins may", async () => {
    const id = recordings.adminReview!.id;
    const rename = await call(base, 'PATCH', `/api/recordings/${id}`, { token: memberToken, body: { title: 'mine now' } });
    expect(rename.status).toBe(403);
    expect(rename.json.error.code).toBe('forbidden');
    expect((await call(base, 'DELETE', `/api/recordings/${id}`, { token: memberToken })).status).toBe(403);
    expect(await objectKeys(t.reelay, id)).toContain(`recordings/${id}/video`);

    const own = await call(base, 'PATCH', `/api/recordings/${recordings.memberDemo!.id}`, { token: memberToken, body: { title: 'Library demo' } });
    expect(own.status).toBe(200);
    const byAdmin = await call(base, 'PATCH', `/api/recordings/${recordings.memberBug!.id}`, { token: API_TOKEN, body: { title: 'Bug repro (triaged)' } });
    expect(byAdmin.status).toBe(200);
    expect((await list(memberToken, '?scope=mine')).recordings.map((r) => r.title)).toEqual(['Library demo', 'Bug repro (triaged)']);
    // By session cookie from the server's own origin, too.
    const bySession = await call(base, 'PATCH', `/api/recordings/${recordings.memberDemo!.id}`, {
      jar: memberJar,
      origin: t.reelay.url,
      body: { title: 'Library demo, take 2' },
    });
    expect(bySession.status).toBe(200);
  });

  it('a delete makes the share link 404 and leaves no object in the bucket', async () => {
    const id = recordings.memberBug!.id;
    expect((await fetch(`${base}/v/${id}`)).status).toBe(200);
    const res = await call(base, 'DELETE', `/api/recordings/${id}`, { token: memberToken });
    expect(res.status).toBe(204);
    expect((await fetch(`${base}/v/${id}`)).status).toBe(404);
    expect((await fetch(`${base}/v/${id}/video`, { redirect: 'manual' })).status).toBe(404);
    expect(await objectKeys(t.reelay, id)).toEqual([]);
    expect((await list(memberToken, '?scope=team')).recordings.map((r) => r.id)).not.toContain(id);
    expect((await call(base, 'DELETE', `/api/recordings/${id}`, { token: memberToken })).status).toBe(404);
  });

  it('a delete of an unfinished upload aborts it: no part, no object remains', async () => {
    const created = await call(base, 'POST', '/api/recordings', { token: memberToken, body: { title: 'half', mimeType: 'video/webm' } });
    const rec = created.json as CreateRecordingResponse;
    await uploadParts(t.reelay, rec, new Map([[1, makeVideo(5 * 1024 * 1024).parts.get(1)!]]));
    expect(await uploadsOf(t.reelay, rec.id)).toHaveLength(1);
    expect((await call(base, 'DELETE', `/api/recordings/${rec.id}`, { token: API_TOKEN })).status).toBe(204);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([]);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
  });

  it('missing or wrong credentials get 401 with a JSON error', async () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['GET', '/api/recordings?scope=team', {}],
      ['GET', '/api/recordings?scope=team', { token: 'rly_wrong' }],
      ['POST', '/api/recordings', { token: 'rly_wrong', body: { mimeType: 'video/webm' } }],
      ['POST', '/api/tokens', { body: { name: 'x' } }],
      ['POST', '/api/users', { token: 'nope-nope-nope', body: { email: 'a@b.co', role: 'member' } }],
      ['GET', '/api/session', { token: 'nope' }],
      ['DELETE', `/api/recordings/${recordings.adminReview!.id}`, { token: 'rly_wrong' }],
      ['PATCH', `/api/recordings/${recordings.adminReview!.id}`, { body: { title: 'x' } }],
      ['GET', '/api/recordings', { jar: new Map([['reelay.session_token', 'forged.value']]) }],
    ];
    for (const [method, path, opts] of cases) {
      const res = await call(base, method, path, opts);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
    }
    const memberAddsPeople = await call(base, 'POST', '/api/users', { token: memberToken, body: { email: 'x@example.com', role: 'admin' } });
    expect(memberAddsPeople.status).toBe(403);
  });

  it('a revoked token stops working; signing out ends the session', async () => {
    const made = await call(base, 'POST', '/api/tokens', { token: memberToken, body: { name: 'ci' } });
    expect((await call(base, 'GET', '/api/session', { token: made.json.token })).status).toBe(200);
    expect((await call(base, 'DELETE', `/api/tokens/${made.json.id}`, { token: API_TOKEN })).status).toBe(204);
    expect((await call(base, 'GET', '/api/session', { token: made.json.token })).status).toBe(401);

    const jar = new Map<string, string>();
    await call(base, 'POST', '/api/auth/sign-in', { body: { email: 'mia@example.com', password: 'mia-password-1' }, jar });
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    expect((await call(base, 'POST', '/api/auth/sign-out', { jar, origin: t.reelay.url })).status).toBe(204);
    const after = await fetch(`${base}/api/session`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('an invite link sets the password once, then the person signs in', async () => {
    const res = await call(base, 'POST', '/api/users', { token: API_TOKEN, body: { email: 'noah@example.com', role: 'admin' } });
    const path = new URL(res.json.inviteUrl).pathname;
    const page = await fetch(base + path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('noah@example.com');
    const form = (password: string, confirm = password) =>
      fetch(base + path, { method: 'POST', body: new URLSearchParams({ password, confirm }) });
    expect((await form('short')).status).toBe(400);
    expect((await form('long-enough-1', 'different-1')).status).toBe(400);
    const set = await form('noah-password-1');
    expect(set.status).toBe(200);
    expect(await set.text()).toContain('<a href="/sign-in?next=%2Flibrary">Sign in</a>'); // on to the library
    expect((await form('noah-password-2')).status).toBe(404); // used up
    const signIn = await call(base, 'POST', '/api/auth/sign-in', { body: { email: 'noah@example.com', password: 'noah-password-1' } });
    expect(signIn.status).toBe(200);
    expect(signIn.json.user.role).toBe('admin');
  });

  it("removing a person hands their recordings to the admin and ends their tokens", async () => {
    const res = await call(base, 'POST', '/api/users', { token: API_TOKEN, body: { email: 'leo@example.com', role: 'member', password: 'leo-password-1' } });
    const jar = new Map<string, string>();
    await call(base, 'POST', '/api/auth/sign-in', { body: { email: 'leo@example.com', password: 'leo-password-1' }, jar });
    const token = (await call(base, 'POST', '/api/tokens', { jar, origin: t.reelay.url, body: { name: 't' } })).json.token as string;
    const rec = await record(token, 'Leo leaves', 1024);
    expect((await call(base, 'DELETE', `/api/users/${res.json.id}`, { token: memberToken })).status).toBe(403);
    expect((await call(base, 'DELETE', `/api/users/${res.json.id}`, { token: API_TOKEN })).status).toBe(204);
    expect((await call(base, 'GET', '/api/session', { token })).status).toBe(401);
    const adminMine = await list(API_TOKEN, '?scope=mine');
    expect(adminMine.recordings.find((r) => r.id === rec.id)?.owner.id).toBe(t.reelay.admin.id);
  });
});
