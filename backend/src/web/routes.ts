/**
 * The server's web pages and their assets. Who may see each:
 * - `/`: anyone; a signed-in person goes on to /library, others get a "Sign in" link;
 * - `/sign-in`: anyone (a signed-in person goes straight on to `?next=`, a path on this server);
 * - `/library`, `/account`: signed-in people only (by session cookie); others are sent to
 *   /sign-in?next=<this page>. The People part of /account is shown to admins only (and its API
 *   refuses anyone else);
 * - `POST /sign-out`: the session's owner, from this server's own pages (Origin checked);
 * - `/assets/*`: anyone (code and styles, no data).
 */
import { Hono, type Context } from 'hono';
import type { Accounts } from '../accounts';
import { originMatcher } from '../http/cors';
import { webAssets, type AssetName } from './assets';
import { safeNextPath, signInUrl } from './next-path';
import { shellPage, webPageCsp, type PageUser, type ShellOptions } from './page';

export interface WebDeps {
  accounts: Accounts;
  publicUrl: string;
  /** Where presigned URLs point: thumbnails redirect there. */
  storeOrigin: string;
  /** Origins a sign-out form may come from besides this server's own (PUBLIC_URL, EXTENSION_ORIGINS). */
  trustedOrigins: string[];
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * CSRF check of a form POST from these pages. Under their `no-referrer` policy Chrome sends
 * `Origin: null` with a form POST (fetch keeps the real origin), so a same-origin form is also
 * recognised by Fetch Metadata (`Sec-Fetch-Site: same-origin`, set by the browser, not by pages).
 */
function fromOwnPage(c: Context, trustedOrigins: string[]): boolean {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') return origin === new URL(c.req.url).origin || originMatcher(trustedOrigins)(origin);
  return c.req.header('sec-fetch-site') === 'same-origin';
}

export function webRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  const csp = webPageCsp([new URL(deps.publicUrl).origin, deps.storeOrigin], deps.storeOrigin);
  // Bundle now, in the background, so the first visit does not wait; a failure is retried then.
  webAssets().catch(() => undefined);

  /** The person signed in by this request's session cookie (pages do not take API tokens). */
  async function sessionUser(c: Context): Promise<PageUser | undefined> {
    if (!c.req.header('cookie')) return undefined;
    const identity = await deps.accounts.identify(c.req.raw.headers, undefined);
    return identity?.user;
  }

  async function page(c: Context, opts: Omit<ShellOptions, 'styleUrl' | 'scriptUrl'> & { script?: AssetName }) {
    const { urls } = await webAssets();
    const { script, ...rest } = opts;
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    return c.html(shellPage({ ...rest, styleUrl: urls.styles, ...(script ? { scriptUrl: urls[script] } : {}) }));
  }

  const pageData = (user: PageUser) => ({ 'user-id': user.id, 'user-name': user.name, 'user-role': user.role });

  app.get('/', async (c) => {
    if (await sessionUser(c)) return c.redirect('/library', 302);
    return page(c, {
      title: 'Reelay',
      body: '<p>This is a Reelay server: a self-hosted screen recorder. Share links open without signing in.</p><p><a class="btn btn-primary" href="/sign-in">Sign in</a> to see your recordings.</p>',
    });
  });

  app.get('/sign-in', async (c) => {
    const next = safeNextPath(c.req.query('next'));
    if (await sessionUser(c)) return c.redirect(next, 302);
    return page(c, { title: 'Sign in', script: 'sign-in', data: { next } });
  });

  app.get('/library', async (c) => {
    const user = await sessionUser(c);
    if (!user) return c.redirect(signInUrl(c.req.path + (new URL(c.req.url).search || '')), 302);
    return page(c, { title: 'Library', script: 'library', user, current: 'library', data: pageData(user) });
  });

  app.get('/account', async (c) => {
    const user = await sessionUser(c);
    if (!user) return c.redirect(signInUrl('/account'), 302);
    return page(c, { title: 'Account', script: 'account', user, current: 'account', data: pageData(user) });
  });

  app.post('/sign-out', async (c) => {
    if (!fromOwnPage(c, deps.trustedOrigins)) return c.text('Sign out from this server\'s own pages.', 403);
    const headers = new Headers(c.req.raw.headers);
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
    // Checked above; better-auth checks Origin again and would refuse the form's `null`.
    headers.set('origin', new URL(deps.publicUrl).origin);
    const res = await deps.accounts.auth.handler(
      new Request(new URL('/api/auth/sign-out', c.req.url), { method: 'POST', headers, body: '{}' }),
    );
    for (const cookie of res.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    return c.redirect('/sign-in', 303);
  });

  app.get('/assets/:file', async (c) => {
    const asset = (await webAssets()).files.get(c.req.param('file'));
    if (!asset) return c.text('No such asset', 404, { 'Cache-Control': 'no-cache' });
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': `public, max-age=${YEAR_SECONDS}, immutable`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  return app;
}
