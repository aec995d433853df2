/**
 * Link privacy and trim (issue 14) over real HTTP: a real server with its embedded store and
 * embedded database, real presigned URLs. PATCH's validation and who may change what; then each
 * refusal — team (signed out / signed in), password (before and after the form, a wrong one, a
 * changed one relocks), expired, downloads off — on the page, the video, the download, the
 * thumbnail, GET /api/recordings/:id, the status and the comments; the owner always passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse, SharingSettings } from '../../api';
import { UNLOCK_RATE_LIMIT } from '../src/routes/share';
import { api, createRecording, makeVideo, uploadAndComplete, uploadThumbnail, startTestServer, type TestServer } from './helpers';

let t: TestServer;
let base: string;
const people: Record<'owner' | 'other', { token: string; cookie: string }> = {} as never;

async function signIn(email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function member(email: string, name: string): Promise<{ token: string; cookie: string }> {
  const password = `${name} horse battery`;
  const added = await api(t.reelay, 'POST', '/api/users', { token: t.reelay.apiToken, body: { email, name, role: 'member', password } });
  expect(added.status).toBe(201);
  const cookie = await signIn(email, password);
  const token = await fetch(`${base}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: base }, body: JSON.stringify({ name: 't' }) });
  return { token: ((await token.json()) as { token: string }).token, cookie };
}

/** A finished recording owned by `owner` (personal token), 10 s long, 640×360, with a thumbnail. */
async function ownedRecording(title = 'Quarterly numbers'): Promise<CreateRecordingResponse> {
  const created = await api(t.reelay, 'POST', '/api/recordings', { token: people.owner.token, body: { title, mimeType: 'video/webm' } });
  expect(created.status).toBe(201);
  const rec = created.json as CreateRecordingResponse;
  expect(await uploadThumbnail(t.reelay, rec, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe(200);
  const done = await uploadAndComplete(t.reelay, rec, makeVideo(4096).parts, { durationMs: 10_000, width: 640, height: 360 });
  expect(done.status).toBe(200);
  return rec;
}

/** PATCH as the owner, or with `token`, or with no credentials at all (null). */
const patch = (id: string, body: unknown, token: string | null = people.owner.token) =>
  api(t.reelay, 'PATCH', `/api/recordings/${id}`, { ...(token !== null ? { token } : {}), body });

/** Everything a viewer could reach, with the given cookie (or none). */
async function reach(id: string, cookie?: string) {
  const get = (path: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const [page, video, download, thumbnail, meta, status, comments] = await Promise.all([
    get(`/v/${id}`),
    get(`/v/${id}/video`),
    get(`/v/${id}/download`),
    get(`/v/${id}/thumbnail`),
    get(`/api/recordings/${id}`),
    get(`/v/${id}/status`),
    get(`/api/recordings/${id}/comments`),
  ]);
  return {
    page: { status: page.status, html: await page.text() },
    video: { status: video.status, location: video.headers.get('location'), body: await video.text() },
    download: { status: download.status, location: download.headers.get('location'), body: await download.text() },
    thumbnail: { status: thumbnail.status, location: thumbnail.headers.get('location') },
    meta: { status: meta.status, json: (await meta.json()) as { title?: string; error?: { code: string } } },
    status: { status: status.status, json: (await status.json()) as { error?: { code: string } } },
    comments: { status: comments.status },
  };
}

beforeAll(async () => {
  t = await startTestServer();
  base = t.reelay.localUrl;
  people.owner = await member('owner@example.com', 'Olga');
  people.other = await member('other@example.com', 'Otto');
}, 60_000);
afterAll(() => t?.stop());

describe('PATCH /api/recordings/:id: trim and privacy', () => {
  it('the owner sets a trim and privacy and reads them back; the password is never shown; title PATCH still works', async () => {
    const rec = await ownedRecording();
    const res = await patch(rec.id, { trim: { startMs: 1000, endMs: 4000 }, privacy: { visibility: 'password', password: 'open sesame', downloads: false, expiresAt: '2999-01-01T00:00:00Z' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: rec.id, status: 'ready', title: 'Quarterly numbers' });
    const expected: SharingSettings = {
      trim: { startMs: 1000, endMs: 4000 },
      privacy: { visibility: 'password', downloads: false, expiresAt: '2999-01-01T00:00:00.000Z', hasPassword: true },
    };
    expect(res.json.sharing).toEqual(expected);
    expect(JSON.stringify(res.json)).not.toContain('open sesame');
    const read = await api(t.reelay, 'GET', `/api/recordings/${rec.id}/sharing`, { token: people.owner.token });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(expected);
    // Admins read it too; another member and nobody may not.
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/sharing`, { token: t.reelay.apiToken })).json).toEqual(expected);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/sharing`, { token: people.other.token })).status).toBe(403);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/sharing`)).status).toBe(401);

    // Title alone: the settings stay; an end past the length is clamped to it; null removes the trim.
    const renamed = await patch(rec.id, { title: 'Renamed' });
    expect(renamed.json.title).toBe('Renamed');
    expect(renamed.json).not.toHaveProperty('sharing'); // a title PATCH answers as it always did
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/sharing`, { token: people.owner.token })).json).toEqual(expected);
    expect((await patch(rec.id, { trim: { startMs: 2000, endMs: 60_000 } })).json.sharing.trim).toEqual({ startMs: 2000, endMs: 10_000 });
    expect((await patch(rec.id, { trim: null })).json.sharing.trim).toBeNull();
    // Back to public: the password is forgotten; expiresAt absent means no expiry.
    const open = await patch(rec.id, { privacy: { visibility: 'public', downloads: true } });
    expect(open.json.sharing.privacy).toEqual({ visibility: 'public', downloads: true, expiresAt: null, hasPassword: false });
  });

  it('refuses bad shapes with 400, a non-owner with 403, the upload token with 403, and nothing is half-applied', async () => {
    const rec = await ownedRecording();
    const bad: Array<[string, unknown]> = [
      ['end before start', { trim: { startMs: 5000, endMs: 4000 } }],
      ['negative start', { trim: { startMs: -1, endMs: 4000 } }],
      ['fractional', { trim: { startMs: 0.5, endMs: 4000 } }],
      ['start past the end', { trim: { startMs: 10_000, endMs: 20_000 } }],
      ['trim not an object', { trim: 'all' }],
      ['unknown visibility', { privacy: { visibility: 'secret', downloads: true } }],
      ['no downloads', { privacy: { visibility: 'public' } }],
      ['password without one', { privacy: { visibility: 'password', downloads: true } }],
      ['password too short', { privacy: { visibility: 'password', password: 'abc', downloads: true } }],
      ['password on a public link', { privacy: { visibility: 'public', password: 'hunter22', downloads: true } }],
      ['bad date', { privacy: { visibility: 'public', downloads: true, expiresAt: 'tomorrow' } }],
      ['unknown field in privacy', { privacy: { visibility: 'public', downloads: true, who: 'all' } }],
      ['unknown field', { title: 'x', sharing: true }],
      ['a title and a bad trim', { title: 'Changed?', trim: { startMs: 3, endMs: 2 } }],
      ['empty', {}],
    ];
    for (const [name, body] of bad) {
      const res = await patch(rec.id, body);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.json.error.code).toBe('invalid_request');
    }
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).json.title).toBe('Quarterly numbers');
    expect((await patch(rec.id, { trim: { startMs: 0, endMs: 1000 } }, people.other.token)).status).toBe(403);
    expect((await patch(rec.id, { trim: { startMs: 0, endMs: 1000 } }, null)).status).toBe(401);
    // The upload token renames while uploading, never the privacy or the trim.
    const pending = await createRecording(t.reelay, { title: 'Uploading', mimeType: 'video/webm' });
    const byToken = await patch(pending.id, { title: 'Still mine', privacy: { visibility: 'team', downloads: true } }, pending.uploadToken);
    expect(byToken.status).toBe(403);
    expect((await patch(pending.id, { title: 'Still mine' }, pending.uploadToken)).status).toBe(200);
    // While uploading: privacy yes (by its owner, here the admin), trim not yet (its length is unknown).
    expect((await patch(pending.id, { privacy: { visibility: 'team', downloads: true } }, t.reelay.apiToken)).json.sharing.privacy.visibility).toBe('team');
    const early = await patch(pending.id, { trim: { startMs: 0, endMs: 1000 } }, t.reelay.apiToken);
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/still uploading/);
    expect((await patch('AAAAAAAAAAAAAAAAAAAAAA', { trim: null }, t.reelay.apiToken)).status).toBe(404);
  });
});

describe('enforcement', () => {
  it('public (the default): everything reachable by anyone', async () => {
    const rec = await ownedRecording();
    const r = await reach(rec.id);
    expect(r.page.status).toBe(200);
    expect(r.page.html).toContain('Quarterly numbers');
    expect(r.video.status).toBe(302);
    expect(r.download.status).toBe(302);
    expect(r.thumbnail.status).toBe(302);
    expect(r.meta.status).toBe(200);
    expect(r.comments.status).toBe(200);
  });

  it('password: refused before the form (no URL, no title), wrong password refused, right one lets in; a new password relocks', async () => {
    const rec = await ownedRecording('Secret plans');
    expect((await patch(rec.id, { privacy: { visibility: 'password', password: 'open sesame', downloads: true } })).status).toBe(200);
    const before = await reach(rec.id);
    expect(before.page.status).toBe(200);
    expect(before.page.html).toMatch(/<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
    expect(before.page.html).toContain(`action="/v/${rec.id}/unlock"`);
    expect(before.page.html).not.toContain('Secret plans');
    expect(before.page.html).toContain('<meta property="og:title" content="Private recording">');
    expect(before.page.html).not.toContain('og:image');
    expect(before.page.html).not.toContain('/thumbnail');
    expect([before.video.status, before.video.location]).toEqual([403, null]);
    expect([before.download.status, before.download.location]).toEqual([403, null]);
    expect([before.thumbnail.status, before.thumbnail.location]).toEqual([403, null]);
    expect(before.video.body).not.toContain('Secret plans');
    expect(before.meta).toEqual({ status: 403, json: { error: { code: 'password_required', message: expect.any(String) } } });
    expect(before.status.status).toBe(403);
    expect(before.comments.status).toBe(403);

    const unlock = (password: string) =>
      fetch(`${base}/v/${rec.id}/unlock`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password }) });
    const wrong = await unlock('open says me');
    expect(wrong.status).toBe(403);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('That password isn&#39;t right'); // (HTML-escaped)
    expect(wrongHtml).toContain('aria-describedby="password-error"');
    expect(wrongHtml).not.toContain('Secret plans');
    expect(wrong.headers.get('content-security-policy')).toContain("form-action 'self'");

    const right = await unlock('open sesame');
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe(`/v/${rec.id}`);
    const setCookie = right.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(new RegExp(`^reelay_unlock_${rec.id}=\\d+\\.[\\w-]{43}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax$`));
    const cookie = setCookie.split(';')[0]!;
    const after = await reach(rec.id, cookie);
    expect(after.page.html).toContain('Secret plans');
    expect(after.page.html).toContain(`${rec.id}/video`);
    expect(after.video.status).toBe(302);
    expect(new URL(after.video.location!).origin).toBe(new URL(t.reelay.config.s3.publicEndpoint).origin);
    expect(after.meta).toMatchObject({ status: 200, json: { title: 'Secret plans' } });
    expect(after.comments.status).toBe(200);
    // The cookie is this recording's only, and cannot be forged.
    const other = await ownedRecording('Other secret');
    await patch(other.id, { privacy: { visibility: 'password', password: 'open sesame', downloads: true } });
    expect((await reach(other.id, cookie.replace(rec.id, other.id))).video.status).toBe(403);
    expect((await reach(rec.id, cookie.replace(/\.[\w-]{5}/, '.AAAAA'))).video.status).toBe(403);

    // A new password relocks every viewer; keeping the password (no `password`) does not.
    await patch(rec.id, { privacy: { visibility: 'password', downloads: false } });
    expect((await reach(rec.id, cookie)).video.status).toBe(302);
    await patch(rec.id, { privacy: { visibility: 'password', password: 'new sesame', downloads: true } });
    const relocked = await reach(rec.id, cookie);
    expect(relocked.video.status).toBe(403);
    expect(relocked.meta.status).toBe(403);
    expect(relocked.page.html).not.toContain('Secret plans');

    // The owner never needs it: by token on the API, by session on the page.
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`, { token: people.owner.token })).status).toBe(200);
    const owner = await reach(rec.id, people.owner.cookie);
    expect(owner.page.html).toContain('Secret plans');
    expect(owner.video.status).toBe(302);
  });

  it('team only: refused signed out (with a Sign in link back here), allowed for any signed-in member', async () => {
    const rec = await ownedRecording('Team sync');
    await patch(rec.id, { privacy: { visibility: 'team', downloads: true } });
    const out = await reach(rec.id);
    expect(out.page.status).toBe(200);
    expect(out.page.html).toContain(`href="/sign-in?next=${encodeURIComponent(`/v/${rec.id}`)}">Sign in</a>`);
    expect(out.page.html).not.toContain('Team sync');
    expect([out.video.status, out.video.location]).toEqual([401, null]);
    expect(out.download.status).toBe(401);
    expect(out.thumbnail.status).toBe(401);
    expect(out.meta).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect(out.comments.status).toBe(401);

    const signedIn = await reach(rec.id, people.other.cookie);
    expect(signedIn.page.html).toContain('Team sync');
    expect(signedIn.video.status).toBe(302);
    expect(signedIn.meta.status).toBe(200);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`, { token: people.other.token })).status).toBe(200);
  });

  it('expired: refused for everyone but the owner and admins', async () => {
    const rec = await ownedRecording('Old news');
    await patch(rec.id, { privacy: { visibility: 'public', downloads: true, expiresAt: new Date(Date.now() - 1000).toISOString() } });
    const r = await reach(rec.id, people.other.cookie);
    expect(r.page.status).toBe(410);
    expect(r.page.html).toContain('This link has expired');
    expect(r.page.html).not.toContain('Old news');
    expect([r.video.status, r.video.location]).toEqual([410, null]);
    expect(r.download.status).toBe(410);
    expect(r.meta).toMatchObject({ status: 410, json: { error: { code: 'link_expired' } } });
    expect((await reach(rec.id, people.owner.cookie)).video.status).toBe(302);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken })).status).toBe(200);
    // A future expiry lets everyone in again.
    await patch(rec.id, { privacy: { visibility: 'public', downloads: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect((await reach(rec.id)).video.status).toBe(302);
  });

  it('downloads off: /download refused with a page, the video still plays; the owner still downloads', async () => {
    const rec = await ownedRecording('No copies');
    await patch(rec.id, { privacy: { visibility: 'public', downloads: false } });
    const r = await reach(rec.id);
    expect([r.download.status, r.download.location]).toEqual([403, null]);
    expect(r.download.body).toContain('Download turned off');
    expect(r.video.status).toBe(302);
    expect(r.page.html).not.toMatch(/href="[^"]*\/download" download/);
    expect((await reach(rec.id, people.owner.cookie)).download.status).toBe(302);
  });

  it(`the password form allows ${UNLOCK_RATE_LIMIT.max} tries a minute from one address, then 429 with Retry-After`, async () => {
    const rec = await ownedRecording();
    await patch(rec.id, { privacy: { visibility: 'password', password: 'open sesame', downloads: true } });
    let last: Response | undefined;
    for (let i = 0; i <= UNLOCK_RATE_LIMIT.max; i++) {
      last = await fetch(`${base}/v/${rec.id}/unlock`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ password: `guess ${i}` }) });
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.text()).toContain('Too many tries');
  });
});
