/**
 * /extension/authorize: how the extension signs in (its "Sign in" runs
 * chrome.identity.launchWebAuthFlow on this page). Who: a person signed in on this server's pages
 * (session cookie); anyone else is sent to /sign-in first, which brings them back here.
 * - GET ?redirect_uri=https://<id>.chromiumapp.org/…: the consent page (Allow / Cancel).
 * - POST (the page's form): Allow creates a personal token "Chrome extension (<date>)" and sends
 *   the browser to redirect_uri#token=…&id=…; Cancel to redirect_uri#error=access_denied.
 * The POST must come from this server's own page (Origin, else Referer; Fetch Metadata when sent):
 * the cookie alone would let any site mint a token for a trusted extension id (CSRF).
 * A redirect_uri that is not a trusted extension's is a 400 page, before anything else.
 */
import { Hono, type Context } from 'hono';
import type { Accounts, AccountUser } from '../accounts';
import { badRequestPage, consentPage, extensionAuthorizeCsp, refusedPage } from '../accounts/extension-authorize-page';
import { checkExtensionRedirect, extensionTokenName, redirectWithFragment } from '../accounts/extension-redirect';

export interface ExtensionAuthDeps {
  accounts: Accounts;
  publicUrl: string;
  extensionOrigins: string[];
  now?: () => Date;
}

function html(c: Context, body: string, status: 200 | 400 | 403, redirectOrigin?: string) {
  c.header('Content-Security-Policy', extensionAuthorizeCsp(redirectOrigin));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: the form's POST must carry this page's Origin (no-referrer sends "null").
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}

function noStoreRedirect(c: Context, location: string) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(location, 302);
}

/** The person of the session cookie (a bearer token means nothing to a browser page). */
async function sessionUser(accounts: Accounts, c: Context): Promise<AccountUser | undefined> {
  return (await accounts.identify(c.req.raw.headers, undefined))?.user;
}

/** /sign-in, coming back to this authorize request afterwards (a same-origin path). */
function signInFirst(c: Context, redirectUri: string) {
  const back = `/extension/authorize?${new URLSearchParams({ redirect_uri: redirectUri }).toString()}`;
  return noStoreRedirect(c, `/sign-in?${new URLSearchParams({ next: back }).toString()}`);
}

function fromOwnPage(c: Context, publicUrl: string): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = c.req.header('origin') ?? refererOrigin(c.req.header('referer'));
  return origin !== undefined && (origin === new URL(c.req.url).origin || origin === new URL(publicUrl).origin);
}

function refererOrigin(referer: string | undefined): string | undefined {
  try {
    return referer ? new URL(referer).origin : undefined;
  } catch {
    return undefined;
  }
}

export function extensionAuthRoutes(deps: ExtensionAuthDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());

  app.get('/authorize', async (c) => {
    const redirect = checkExtensionRedirect(c.req.query('redirect_uri'), deps.extensionOrigins);
    if (!redirect.ok) return html(c, badRequestPage(redirect.reason), 400);
    const user = await sessionUser(deps.accounts, c);
    if (!user) return signInFirst(c, redirect.url.href);
    return html(c, consentPage({ name: user.name, email: user.email, redirectUri: redirect.url.href }), 200, redirect.url.origin);
  });

  app.post('/authorize', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const redirect = checkExtensionRedirect(typeof form.redirect_uri === 'string' ? form.redirect_uri : undefined, deps.extensionOrigins);
    if (!redirect.ok) return html(c, badRequestPage(redirect.reason), 400);
    if (!fromOwnPage(c, deps.publicUrl)) return html(c, refusedPage(), 403);
    if (form.decision !== 'allow') return noStoreRedirect(c, redirectWithFragment(redirect.url, { error: 'access_denied' }));
    const user = await sessionUser(deps.accounts, c);
    if (!user) return signInFirst(c, redirect.url.href);
    const created = await deps.accounts.tokens.create(user.id, extensionTokenName(now()));
    return noStoreRedirect(c, redirectWithFragment(redirect.url, { token: created.token, id: created.id }));
  });

  return app;
}
