/**
 * The extension's sign-in page, /extension/authorize, over real HTTP against a real server (PGlite,
 * embedded store): the redirect_uri rule (pure), sign-in first, the consent page, Allow → a token
 * in the fragment that works on /api/session, Cancel, and the CSRF check on the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExtensionRedirect, extensionTokenName, redirectWithFragment } from '../src/accounts/extension-redirect';
import { API_TOKEN, call } from './accounts/support';
import { REELAY_EXTENSION_ID } from '../../api/extension-id';
import { startTestServer, type TestServer } from './helpers';

/** The pinned id (manifest.json `key`): the only extension the default EXTENSION_ORIGINS allows. */
const ID = REELAY_EXTENSION_ID;
const REDIRECT = `https://${ID}.chromiumapp.org/reelay`;

describe('redirect_uri rule (pure)', () => {
  const any = ['chrome-extension://*'];
  it('accepts https://<extension id>.chromiumapp.org/<path> of a trusted extension', () => {
    const r = checkExtensionRedirect(REDIRECT, any);
    expect(r).toMatchObject({ ok: true, extensionId: ID });
    expect(checkExtensionRedirect(REDIRECT, [`chrome-extension://${ID}`]).ok).toBe(true);
  });
  it.each([
    ['missing', undefined],
    ['not a URL', 'not a url'],
    ['http', `http://${ID}.chromiumapp.org/`],
    ['another host', 'https://evil.example/reelay'],
    ['a look-alike host', `https://${ID}.chromiumapp.org.evil.example/`],
    ['a short id', 'https://abc.chromiumapp.org/'],
    ['a port', `https://${ID}.chromiumapp.org:444/`],
    ['user info', `https://x@${ID}.chromiumapp.org/`],
    ['a fragment', `${REDIRECT}#token=x`],
    ['an extension page', `chrome-extension://${ID}/popup.html`],
  ])('refuses %s', (_what, uri) => {
    expect(checkExtensionRedirect(uri, any).ok).toBe(false);
  });
  it('refuses an extension EXTENSION_ORIGINS does not list', () => {
    const r = checkExtensionRedirect(REDIRECT, ['chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba']);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('EXTENSION_ORIGINS') });
  });
  it('puts the answer in the fragment, never the query', () => {
    const url = new URL(redirectWithFragment(new URL(`${REDIRECT}?state=1`), { token: 'rly_a+b', id: 'x' }));
    expect(url.search).toBe('?state=1');
    expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe('rly_a+b');
  });
  it('names the token after the day', () => {
    expect(extensionTokenName(new Date('2026-12-05T08:00:00Z'))).toBe('Chrome extension (2026-12-05)');
  });
});

describe('/extension/authorize', () => {
  let t: TestServer;
  let base: string;
  const jar = new Map<string, string>();
  const authorize = `/extension/authorize?redirect_uri=${encodeURIComponent(REDIRECT)}`;

  /** The consent form's POST as the browser sends it from the page (same origin). */
  const post = (fields: Record<string, string>, headers: Record<string, string> = { origin: base }) =>
    fetch(base + '/extension/authorize', {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
      body: new URLSearchParams(fields),
    });

  beforeAll(async () => {
    t = await startTestServer({ API_TOKEN });
    base = t.reelay.localUrl;
    const added = await call(base, 'POST', '/api/users', {
      token: API_TOKEN,
      body: { email: 'ext@example.com', name: 'Ezra', role: 'member', password: 'ezra-password-1' },
    });
    expect(added.status).toBe(201);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('not signed in: 302 to /sign-in, which comes back here', async () => {
    const res = await fetch(base + authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!, base);
    expect(location.pathname).toBe('/sign-in');
    expect(location.searchParams.get('next')).toBe(authorize);
  });

  it('a redirect_uri that is not a trusted extension is a 400 page, signed in or not', async () => {
    for (const uri of ['https://evil.example/cb', `http://${ID}.chromiumapp.org/`]) {
      const res = await fetch(`${base}/extension/authorize?redirect_uri=${encodeURIComponent(uri)}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('Chrome extension');
    }
    const missing = await fetch(`${base}/extension/authorize`, { redirect: 'manual' });
    expect(missing.status).toBe(400);
  });

  it('signed in: the consent page names the person, with Allow and Cancel, no script', async () => {
    const signIn = await call(base, 'POST', '/api/auth/sign-in', { body: { email: 'ext@example.com', password: 'ezra-password-1' }, jar });
    expect(signIn.status).toBe(200);
    const res = await call(base, 'GET', authorize, { jar });
    expect(res.status).toBe(200);
    expect(res.json).toContain('Connect the Reelay extension to Ezra’s account?');
    expect(res.json).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
    expect(res.json).toMatch(/<button[^>]*value="cancel"[^>]*>Cancel<\/button>/);
    expect(res.json).not.toContain('<script');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' https://${ID}.chromiumapp.org`);
  });

  it('Allow: 302 to redirect_uri#token=…; the token works on /api/session and is listed by name', async () => {
    const res = await post({ redirect_uri: REDIRECT, decision: 'allow' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get('token')!;
    expect(token).toMatch(/^rly_/);
    const session = await call(base, 'GET', '/api/session', { token });
    expect(session.status).toBe(200);
    expect(session.json.user).toMatchObject({ email: 'ext@example.com', name: 'Ezra', role: 'member' });
    const tokens = await call(base, 'GET', '/api/tokens', { token });
    const mine = tokens.json.tokens.find((x: { id: string }) => x.id === fragment.get('id'));
    expect(mine?.name).toMatch(/^Chrome extension \(\d{4}-\d{2}-\d{2}\)$/);
    // Sign out in the extension revokes it with itself.
    expect((await call(base, 'DELETE', `/api/tokens/${fragment.get('id')}`, { token })).status).toBe(204);
    expect((await call(base, 'GET', '/api/session', { token })).status).toBe(401);
  });

  it('Cancel: back to the extension with error=access_denied and no token', async () => {
    const res = await post({ redirect_uri: REDIRECT, decision: 'cancel' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.hash).toBe('#error=access_denied');
  });

  it('CSRF: a POST from another site (or with no origin) is refused, and makes no token', async () => {
    const before = (await call(base, 'GET', '/api/tokens', { jar })).json.tokens.length;
    const crossSite = await post({ redirect_uri: REDIRECT, decision: 'allow' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('location')).toBeNull();
    const fetchMetadata = await post({ redirect_uri: REDIRECT, decision: 'allow' }, { origin: base, 'sec-fetch-site': 'cross-site' });
    expect(fetchMetadata.status).toBe(403);
    const noOrigin = await post({ redirect_uri: REDIRECT, decision: 'allow' }, {});
    expect(noOrigin.status).toBe(403);
    const nullOrigin = await post({ redirect_uri: REDIRECT, decision: 'allow' }, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    expect((await call(base, 'GET', '/api/tokens', { jar })).json.tokens.length).toBe(before);
  });

  it('a POST with a bad redirect_uri is a 400 page; without a session, sign in first', async () => {
    expect((await post({ redirect_uri: 'https://evil.example/', decision: 'allow' })).status).toBe(400);
    const signedOut = await fetch(base + '/extension/authorize', {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base },
      body: new URLSearchParams({ redirect_uri: REDIRECT, decision: 'allow' }),
    });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toMatch(/^\/sign-in\?next=/);
  });
});
