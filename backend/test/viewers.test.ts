/**
 * Share-page viewers (issue 14): comments, reactions, view counts. A real backend over HTTP with
 * its embedded store and embedded PostgreSQL; viewers are plain HTTP clients with their own cookies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_RATE_LIMIT } from '../src/routes/comments';
import { api, createFinishedRecording, startTestServer, type TestServer } from './helpers';

let t: TestServer;
let memberToken: string;

beforeAll(async () => {
  t = await startTestServer();
  const added = await api(t.reelay, 'POST', '/api/users', { token: t.reelay.apiToken, body: { email: 'mia@example.com', name: 'Mia', role: 'member', password: 'correct horse battery' } });
  expect(added.status).toBe(201);
  const signIn = await fetch(`${t.reelay.localUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.reelay.localUrl },
    body: JSON.stringify({ email: 'mia@example.com', password: 'correct horse battery' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = await fetch(`${t.reelay.localUrl}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: t.reelay.localUrl },
    body: JSON.stringify({ name: 'test' }),
  });
  memberToken = ((await token.json()) as { token: string }).token;
}, 60_000);
afterAll(() => t?.stop());

/** A viewer with a cookie jar of one cookie (the anonymous viewer id). */
function viewer() {
  let cookie = '';
  return {
    async post(path: string, body: unknown) {
      const res = await fetch(t.reelay.localUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      const set = res.headers.getSetCookie()[0];
      if (set) cookie = set.split(';')[0]!;
      return { status: res.status, json: res.status === 204 ? undefined : await res.json(), setCookie: set };
    },
  };
}

describe('comments and reactions', () => {
  it('anyone with the link comments under a name and reacts; the list is in timeline order; signed-in people appear under their own name', async () => {
    const rec = await createFinishedRecording(t.reelay);
    const path = `/api/recordings/${rec.id}/comments`;
    const nameless = await api(t.reelay, 'POST', path, { body: { atMs: 5000, text: 'Hi' } });
    expect(nameless.status).toBe(400);
    expect(nameless.json.error.message).toMatch(/name/);

    const later = await api(t.reelay, 'POST', path, { body: { atMs: 9000, author: ' Sam ', text: '<b>bold</b>\u0007 claim' } });
    expect(later.status).toBe(201);
    expect(later.json).toMatchObject({ atMs: 9000, author: 'Sam', text: '<b>bold</b>  claim' });
    const reaction = await api(t.reelay, 'POST', path, { body: { atMs: 5000, author: 'Sam', emoji: '🎉' } });
    expect(reaction.status).toBe(201);
    const mine = await api(t.reelay, 'POST', path, { token: memberToken, body: { atMs: 1000, author: 'Not Mia', text: 'From a member' } });
    expect(mine.status).toBe(201);
    expect(mine.json.author).toBe('Mia');

    const list = await api(t.reelay, 'GET', path);
    expect(list.status).toBe(200);
    expect(list.json.comments.map((c: { atMs: number; author: string }) => [c.atMs, c.author])).toEqual([[1000, 'Mia'], [5000, 'Sam'], [9000, 'Sam']]);
    expect(list.json.comments[1]).toEqual({ id: reaction.json.id, atMs: 5000, author: 'Sam', emoji: '🎉', createdAt: expect.any(String) });
    expect(list.json.comments[1]).not.toHaveProperty('text');
  });

  it('refuses bad comments with a 4xx JSON error, and unknown recordings with 404', async () => {
    const rec = await createFinishedRecording(t.reelay);
    const path = `/api/recordings/${rec.id}/comments`;
    const bad: Array<[string, unknown]> = [
      ['both text and emoji', { atMs: 0, author: 'A', text: 'x', emoji: '👍' }],
      ['neither', { atMs: 0, author: 'A' }],
      ['an emoji not offered', { atMs: 0, author: 'A', emoji: '💩' }],
      ['a negative time', { atMs: -1, author: 'A', text: 'x' }],
      ['a fractional time', { atMs: 1.5, author: 'A', text: 'x' }],
      ['too long', { atMs: 0, author: 'A', text: 'x'.repeat(1001) }],
      ['blank text', { atMs: 0, author: 'A', text: '   ' }],
      ['a long name', { atMs: 0, author: 'A'.repeat(61), text: 'x' }],
      ['an unknown field', { atMs: 0, author: 'A', text: 'x', html: '<i>' }],
    ];
    for (const [name, body] of bad) {
      const res = await api(t.reelay, 'POST', path, { body });
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(typeof res.json.error.code).toBe('string');
    }
    expect((await api(t.reelay, 'GET', '/api/recordings/AAAAAAAAAAAAAAAAAAAAAA/comments')).status).toBe(404);
    expect((await api(t.reelay, 'POST', '/api/recordings/AAAAAAAAAAAAAAAAAAAAAA/comments', { body: { atMs: 0, author: 'A', text: 'x' } })).status).toBe(404);
    expect((await api(t.reelay, 'POST', path, { token: 'rly_wrong', body: { atMs: 0, author: 'A', text: 'x' } })).status).toBe(401);
  });

  it('the owner and admins delete any comment; other members get 403; deleting the recording takes its comments', async () => {
    const rec = await createFinishedRecording(t.reelay); // owned by the admin (API_TOKEN)
    const path = `/api/recordings/${rec.id}/comments`;
    const posted = await api(t.reelay, 'POST', path, { body: { atMs: 0, author: 'Troll', text: 'spam' } });
    expect((await api(t.reelay, 'DELETE', `${path}/${posted.json.id}`)).status).toBe(401);
    expect((await api(t.reelay, 'DELETE', `${path}/${posted.json.id}`, { token: memberToken })).status).toBe(403);
    expect((await api(t.reelay, 'DELETE', `${path}/${posted.json.id}`, { token: t.reelay.apiToken })).status).toBe(204);
    expect((await api(t.reelay, 'DELETE', `${path}/${posted.json.id}`, { token: t.reelay.apiToken })).status).toBe(404);
    expect((await api(t.reelay, 'GET', path)).json.comments).toEqual([]);

    await api(t.reelay, 'POST', path, { body: { atMs: 0, author: 'A', text: 'stays?' } });
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken })).status).toBe(204);
    expect((await api(t.reelay, 'GET', path)).status).toBe(404);
  });

  it(`one address may post ${COMMENT_RATE_LIMIT.max} a minute; then 429 with Retry-After`, async () => {
    const rec = await createFinishedRecording(t.reelay);
    const path = `/api/recordings/${rec.id}/comments`;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i <= COMMENT_RATE_LIMIT.max; i++) {
      last = await api(t.reelay, 'POST', path, { body: { atMs: i, author: 'Flood', emoji: '👍' } });
      statuses.push(last.status);
    }
    // Earlier tests of this file posted from this address too: the first refusal comes at the limit or before.
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(COMMENT_RATE_LIMIT.max);
    expect(last!.json.error.code).toBe('rate_limited');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reading is not limited.
    expect((await api(t.reelay, 'GET', path)).status).toBe(200);
  });
});

describe('views', () => {
  it('counts views and different viewers, not the owner, and the average share watched', async () => {
    const rec = await createFinishedRecording(t.reelay); // 12 345 ms, owned by the admin
    const views = `/api/recordings/${rec.id}/views`;
    const a = viewer();
    const b = viewer();

    const first = await a.post(views, {});
    expect(first.status).toBe(201);
    expect(first.setCookie).toMatch(/^reelay_viewer=[A-Za-z0-9_-]{22}; Max-Age=31536000; Path=\/api\/recordings\/; HttpOnly; SameSite=Lax$/);
    expect((await a.post(`${views}/${first.json.viewId}`, { watchedMs: 12_345 })).status).toBe(204);
    // Only ever grows, capped at the length.
    expect((await a.post(`${views}/${first.json.viewId}`, { watchedMs: 1000 })).status).toBe(204);
    expect((await a.post(`${views}/${first.json.viewId}`, { watchedMs: 99_000 })).status).toBe(204);
    const again = await a.post(views, {});
    expect(again.status).toBe(201);
    expect(again.setCookie).toBeUndefined(); // the same viewer
    const other = await b.post(views, {});
    expect(other.status).toBe(201);
    // Someone else's view cannot be reported on.
    expect((await b.post(`${views}/${first.json.viewId}`, { watchedMs: 0 })).status).toBe(404);
    expect((await b.post(`${views}/${other.json.viewId}`, { watchedMs: -5 })).status).toBe(400);

    // The owner's own view is not counted.
    const own = await api(t.reelay, 'POST', views, { token: t.reelay.apiToken });
    expect(own.status).toBe(200);
    expect(own.json).toEqual({ counted: false });

    const stats = await api(t.reelay, 'GET', `/api/recordings/${rec.id}/stats`, { token: t.reelay.apiToken });
    expect(stats.status).toBe(200);
    // 3 views (12 345 ms, 0, 0 watched) by 2 viewers.
    expect(stats.json).toEqual({ views: 3, viewers: 2, averageWatchedRatio: 0.333 });
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/stats`, { token: memberToken })).status).toBe(403);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/stats`)).status).toBe(401);
    expect((await api(t.reelay, 'POST', '/api/recordings/AAAAAAAAAAAAAAAAAAAAAA/views')).status).toBe(404);

    // Trimmed to 2 s: what viewers watch is measured against the trimmed span, and capped at it.
    expect((await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken, body: { trim: { startMs: 1000, endMs: 3000 } } })).status).toBe(200);
    const trimmed = await b.post(views, {});
    expect((await b.post(`${views}/${trimmed.json.viewId}`, { watchedMs: 5000 })).status).toBe(204);
    const after = await api(t.reelay, 'GET', `/api/recordings/${rec.id}/stats`, { token: t.reelay.apiToken });
    // 4 views: 12 345 ms, 0, 0 and 2 000 (capped) watched, each over 2 000 ms, capped at 1: (1 + 0 + 0 + 1) / 4.
    expect(after.json).toEqual({ views: 4, viewers: 2, averageWatchedRatio: 0.5 });
  });

  it('the library page carries the figures of your own recordings (as /stats says, trim included), none on anyone else\'s', async () => {
    const watched = await createFinishedRecording(t.reelay, { title: 'Watched', mimeType: 'video/webm' }); // 12 345 ms
    const unseen = await createFinishedRecording(t.reelay, { title: 'Unseen', mimeType: 'video/webm' });
    const views = `/api/recordings/${watched.id}/views`;
    const a = viewer();
    const first = await a.post(views, {});
    expect((await a.post(`${views}/${first.json.viewId}`, { watchedMs: 6000 })).status).toBe(204);
    await viewer().post(views, {});
    expect((await api(t.reelay, 'PATCH', `/api/recordings/${watched.id}`, { token: t.reelay.apiToken, body: { trim: { startMs: 0, endMs: 8000 } } })).status).toBe(200);

    const page = await api(t.reelay, 'GET', '/api/recordings?scope=mine', { token: t.reelay.apiToken });
    expect(page.status).toBe(200);
    const byId = new Map((page.json.recordings as { id: string; stats?: unknown }[]).map((r) => [r.id, r]));
    const stats = await api(t.reelay, 'GET', `/api/recordings/${watched.id}/stats`, { token: t.reelay.apiToken });
    // 2 views by 2 viewers, 6 000 and 0 ms of the trimmed 8 000: (0.75 + 0) / 2.
    expect(stats.json).toEqual({ views: 2, viewers: 2, averageWatchedRatio: 0.375 });
    expect(byId.get(watched.id)!.stats).toEqual(stats.json);
    expect(byId.get(unseen.id)!.stats).toEqual({ views: 0, viewers: 0, averageWatchedRatio: 0 });

    // A member sees the admin's recordings in the team view, without their figures.
    const team = await api(t.reelay, 'GET', '/api/recordings?scope=team', { token: memberToken });
    const theirs = (team.json.recordings as { id: string; stats?: unknown }[]).find((r) => r.id === watched.id);
    expect(theirs).toBeDefined();
    expect(theirs).not.toHaveProperty('stats');
  });
});
