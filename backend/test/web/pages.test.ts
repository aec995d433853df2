/**
 * The server's web pages through app.request() (the web routes over the real accounts of a
 * running test server, so sessions are real better-auth sessions in the embedded database):
 * who may see each page, the strict CSP, the bundled assets and their types, /sign-in's `next`.
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../src/web/routes';
import { API_TOKEN } from '../accounts/support';
import { startTestServer, type TestServer } from '../helpers';

let t: TestServer;
let web: Hono;
let cookie: string;
const MEMBER = { email: 'web-member@example.com', name: 'Mia <b>&</b> "Co"', role: 'member', password: 'mia-password-1' };

async function signIn(): Promise<string> {
  const res = await fetch(`${t.reelay.localUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.reelay.url },
    body: JSON.stringify({ email: MEMBER.email, password: MEMBER.password }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

const get = (path: string, headers: Record<string, string> = {}) => web.request(`${t.reelay.url}${path}`, { headers });

beforeAll(async () => {
  t = await startTestServer({ API_TOKEN });
  const added = await fetch(`${t.reelay.localUrl}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(MEMBER),
  });
  expect(added.status).toBe(201);
  web = webRoutes({
    accounts: t.reelay.accounts,
    publicUrl: t.reelay.url,
    storeOrigin: t.reelay.recordings.storeOrigin,
    trustedOrigins: [t.reelay.url],
  });
  cookie = await signIn();
});
afterAll(async () => {
  await t?.stop();
});

describe('who may see the pages', () => {
  it('/library and /account without a session: 302 to /sign-in with the page as next', async () => {
    for (const [path, next] of [
      ['/library', '%2Flibrary'],
      ['/library?view=team', '%2Flibrary%3Fview%3Dteam'],
      ['/account', '%2Faccount'],
    ]) {
      const res = await get(path!);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location')).toBe(`/sign-in?next=${next}`);
    }
    const forged = await get('/library', { cookie: 'reelay.session_token=not-a-session' });
    expect(forged.status).toBe(302);
  });

  it('a personal API token does not open the pages (they are for people in a browser)', async () => {
    const res = await get('/library', { authorization: `Bearer ${API_TOKEN}` });
    expect(res.status).toBe(302);
  });

  it('/library with a session: 200, a strict CSP, the module script from /assets, the person in the header (escaped)', async () => {
    const res = await get('/library', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    const store = t.reelay.recordings.storeOrigin;
    expect(csp).toMatch(new RegExp(`img-src [^;]*${store}`)); // thumbnails redirect to the store
    expect(csp).toMatch(new RegExp(`connect-src 'self' ${store}(;|$)`)); // "Upload a video" PUTs parts there
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<script type="module" src="\/assets\/library-[A-Z0-9]+\.js"><\/script>/);
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]); // no inline script
    expect(html).not.toMatch(/<style|style="/); // no inline style
    expect(html).toContain('Mia &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;');
    expect(html).not.toContain('<b>&</b>');
    expect(html).toMatch(/<a href="\/library" aria-current="page">Library<\/a>/);
    expect(html).toContain('<form method="post" action="/sign-out"><button type="submit" class="btn btn-quiet">Sign out</button></form>');
    expect(html).toMatch(/data-user-role="member"/);
  });

  it('/account with a session: 200 with its own script', async () => {
    const res = await get('/account', { cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/src="\/assets\/account-[A-Z0-9]+\.js"/);
  });

  it('/ sends a signed-in person to /library; others get a page with a "Sign in" link', async () => {
    const signedIn = await get('/', { cookie });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe('/library');
    const anonymous = await get('/');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain('<a class="btn btn-primary" href="/sign-in">Sign in</a>');
  });
});

describe('/sign-in', () => {
  it('hands the page only a same-origin next (an off-site one becomes /library)', async () => {
    const cases: Array<[string, string]> = [
      ['', '/library'],
      ['?next=%2Faccount', '/account'],
      ['?next=https%3A%2F%2Fevil.example%2Fx', '/library'],
      ['?next=%2F%2Fevil.example', '/library'],
      ['?next=%2Flibrary%3Fview%3Dteam', '/library?view=team'],
    ];
    for (const [query, next] of cases) {
      const res = await get(`/sign-in${query}`);
      expect(res.status, query).toBe(200);
      const html = await res.text();
      expect(html, query).toContain(`data-next="${next.replace(/&/g, '&amp;')}"`);
      expect(html).toMatch(/src="\/assets\/sign-in-[A-Z0-9]+\.js"/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('a signed-in person goes straight on to next, never off-site', async () => {
    const on = await get('/sign-in?next=%2Faccount', { cookie });
    expect(on.status).toBe(302);
    expect(on.headers.get('location')).toBe('/account');
    const off = await get('/sign-in?next=%2F%2Fevil.example', { cookie });
    expect(off.headers.get('location')).toBe('/library');
  });
});

describe('/assets', () => {
  it('serves the page scripts (and the chunks they import) as JavaScript and the stylesheet as CSS, cached for a year', async () => {
    const html = await (await get('/library', { cookie })).text();
    const script = /src="(\/assets\/library-[A-Z0-9]+\.js)"/.exec(html)![1]!;
    const style = /href="(\/assets\/styles-[A-Z0-9]+\.css)"/.exec(html)![1]!;
    const js = await get(script);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    const code = await js.text();
    expect(code).toContain('/api/recordings');
    const chunks = [...code.matchAll(/from"\.\/(chunk-[A-Z0-9]+\.js)"/g)].map((m) => m[1]!);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      const res = await get(`/assets/${chunk}`);
      expect(res.status, chunk).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    const css = await get(style);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('prefers-color-scheme:dark');
  });

  it('an unknown asset is a 404', async () => {
    const res = await get('/assets/library-NOTAHASH.js');
    expect(res.status).toBe(404);
    expect((await get('/assets/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('sign-out', () => {
  it('refuses a sign-out form from another site (Origin, or Fetch Metadata when Origin is null); from this server it ends the session and goes to /sign-in', async () => {
    const own = await signIn();
    const evil = await web.request(`${t.reelay.url}/sign-out`, { method: 'POST', headers: { cookie: own, origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect((await get('/library', { cookie: own })).status).toBe(200);

    // A form POST under no-referrer: Origin null; only the browser's Fetch Metadata says where it came from.
    const nullCrossSite = await web.request(`${t.reelay.url}/sign-out`, { method: 'POST', headers: { cookie: own, origin: 'null', 'sec-fetch-site': 'cross-site' } });
    expect(nullCrossSite.status).toBe(403);
    const bare = await web.request(`${t.reelay.url}/sign-out`, { method: 'POST', headers: { cookie: own } });
    expect(bare.status).toBe(403);
    expect((await get('/library', { cookie: own })).status).toBe(200);

    const res = await web.request(`${t.reelay.url}/sign-out`, { method: 'POST', headers: { cookie: own, origin: 'null', 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    expect(res.headers.getSetCookie().some((c) => /^reelay\.session_token=;/.test(c) || /Max-Age=0/i.test(c))).toBe(true);
    expect((await get('/library', { cookie: own })).status).toBe(302); // the session is gone server-side too
    expect((await get('/library', { cookie })).status).toBe(200); // another session of the same person stays
  });
});
