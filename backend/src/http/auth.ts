/**
 * Authentication as Hono middleware, named in the route definitions:
 * - `requireUser`: a person, by personal API token (`Authorization: Bearer rly_…`, or API_TOKEN)
 *   or by session cookie. Missing or wrong credentials are 401. A request authenticated by cookie
 *   that changes something must come from the server's own origin or an extension origin
 *   (Origin, else Referer): that is the CSRF protection (a token in a header cannot be forged by
 *   another site; a cookie is sent by the browser on its own).
 * - `requireAdmin`: the same, and the person is an admin (else 403).
 * - `requireUploadToken`: one recording's upload token; it also validates the route's :id first,
 *   so a malformed id is a 404 before any token check and never reaches S3. Wrong token: 403.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Accounts, AccountUser } from '../accounts';
import { isRecordingId } from '../recordings/ids';
import { originMatcher } from './cors';
import { ApiError, notFound } from './errors';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by requireUser / requireAdmin. */
    user: AccountUser;
  }
}

const BEARER = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i;

function unauthorized(message: string) {
  return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });
}

/** The bearer token, undefined without an Authorization header; a malformed header is a 401. */
export function optionalBearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header === undefined) return undefined;
  const match = BEARER.exec(header);
  if (!match) throw unauthorized('Malformed "Authorization" header: expected "Bearer <token>"');
  return match[1]!;
}

function bearerToken(c: Context): string {
  const token = optionalBearer(c);
  if (token === undefined) throw unauthorized('Missing "Authorization: Bearer <token>" header');
  return token;
}

/** The :id of the route, validated before anything else (so it never reaches S3 malformed). */
export function recordingId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!isRecordingId(id)) throw notFound();
  return id;
}

export interface UserAuthOptions {
  accounts: Accounts;
  /** Origins a cookie-authenticated change may come from: PUBLIC_URL's and EXTENSION_ORIGINS. */
  trustedOrigins: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who made the request (token or cookie), checked for CSRF; throws 401/403. */
export async function authenticate(c: Context, opts: UserAuthOptions): Promise<AccountUser> {
  const bearer = optionalBearer(c);
  const identity = await opts.accounts.identify(c.req.raw.headers, bearer);
  if (!identity) {
    throw unauthorized(bearer === undefined ? 'Sign in, or send "Authorization: Bearer <personal API token>"' : 'Wrong or revoked API token');
  }
  if (identity.via === 'session' && !SAFE_METHODS.has(c.req.method)) checkOrigin(c, opts.trustedOrigins);
  return identity.user;
}

/**
 * The person behind the request if there is one (share-page viewers need not sign in), checked
 * for CSRF like `authenticate`; a wrong or revoked token is still a 401, not an anonymous visit.
 */
export async function optionalUser(c: Context, opts: UserAuthOptions): Promise<AccountUser | undefined> {
  const bearer = optionalBearer(c);
  if (bearer === undefined && !c.req.header('cookie')) return undefined;
  const identity = await opts.accounts.identify(c.req.raw.headers, bearer);
  if (!identity) {
    if (bearer !== undefined) throw unauthorized('Wrong or revoked API token');
    return undefined; // an expired session cookie: just a viewer
  }
  if (identity.via === 'session' && !SAFE_METHODS.has(c.req.method)) checkOrigin(c, opts.trustedOrigins);
  return identity.user;
}

function checkOrigin(c: Context, trustedOrigins: string[]) {
  const origin = c.req.header('origin') ?? refererOrigin(c.req.header('referer'));
  // Same-origin (the address the request came to, e.g. a loopback address beside PUBLIC_URL) is trusted too.
  const own = new URL(c.req.url).origin;
  if (!origin || origin === 'null' || (origin !== own && !originMatcher(trustedOrigins)(origin))) {
    throw new ApiError(403, 'forbidden', 'Cross-site request refused: send it from this server\'s pages or use an API token');
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

export function requireUser(opts: UserAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    c.set('user', await authenticate(c, opts));
    await next();
  };
}

export function requireAdmin(opts: UserAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const user = await authenticate(c, opts);
    if (user.role !== 'admin') throw new ApiError(403, 'forbidden', 'Only an admin may do this');
    c.set('user', user);
    await next();
  };
}

/** The person requireUser / requireAdmin let through. */
export function currentUser(c: Context): AccountUser {
  return c.get('user');
}

/** Lets the request through only with the upload token of the recording named by :id. */
export function requireUploadToken(verify: (id: string, token: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const id = recordingId(c);
    if (!verify(id, bearerToken(c))) {
      throw new ApiError(403, 'forbidden', 'This upload token is not valid for this recording');
    }
    await next();
  };
}
