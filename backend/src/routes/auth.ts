/**
 * /api/auth: sign-in with email and password (a session cookie), sign-out, and the current
 * session, all through better-auth's own handler (its Origin check, rate limit and cookie
 * handling apply), answered in Reelay's JSON shapes. Other better-auth endpoints are not exposed:
 * people are added by admins (/api/users), passwords are set through invite links (/invite).
 * Who: anyone may try to sign in; sign-out and session concern the caller's own session.
 */
import { Hono, type Context } from 'hono';
import { signInSchema, type ApiErrorCode, type SignInResponse } from '../../../api';
import type { Accounts } from '../accounts';
import { CLIENT_IP_HEADER } from '../accounts/auth';
import { clientAddress } from '../http/rate-limit';
import { toRole } from '../accounts/personal-tokens';
import { parseJsonBody } from '../http/body';
import { ApiError } from '../http/errors';
import { tooMany } from '../http/rate-limit';
import type { RateCounter } from '../limits/rate-counter';
import { DEFAULT_SIGN_IN_ATTEMPTS_PER_ACCOUNT, DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE } from '../config';

/** Sign-in attempts counted in the database, so several processes share one count. */
export interface SignInLimits {
  counter: RateCounter;
  /** SIGN_IN_ATTEMPTS_PER_MINUTE: per client address. */
  perAddressPerMinute: number;
  /** SIGN_IN_ATTEMPTS_PER_ACCOUNT: per email address, in 15 minutes (guessing one person's password from many addresses). */
  perAccountPer15Minutes: number;
}

export const DEFAULT_SIGN_IN_LIMITS: Omit<SignInLimits, 'counter'> = {
  perAddressPerMinute: DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE,
  perAccountPer15Minutes: DEFAULT_SIGN_IN_ATTEMPTS_PER_ACCOUNT,
};

/** better-auth's error answer → Reelay's; 2xx answers pass through unchanged. */
async function betterAuthError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
  const code: ApiErrorCode = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status === 429 ? 'rate_limited' : 'invalid_request';
  const message = res.status === 401 ? 'Wrong email or password' : body.message || 'The request was refused';
  if (res.status === 429) {
    const wait = res.headers.get('x-retry-after') ?? '60';
    return new ApiError(429, code, `Too many sign-in attempts from this address. Try again in ${wait} s.`, { 'Retry-After': wait });
  }
  return new ApiError(res.status >= 500 ? 500 : (res.status as 400), code, message);
}

/** Calls better-auth's handler at `path` with this request's headers (cookies, Origin) and `body`. */
function forward(accounts: Accounts, c: Context, path: string, body?: unknown): Promise<Response> {
  const headers = new Headers(c.req.raw.headers);
  headers.delete('content-length');
  // Node's fetch sends `Sec-Fetch-Mode: cors` without Origin, which better-auth takes for a browser
  // that hid its origin. A browser always sends Sec-Fetch-Site too: only without it (a script, not
  // a page) are the Fetch Metadata headers dropped, so browsers keep the full CSRF check.
  if (!headers.has('sec-fetch-site') && !headers.has('origin') && !headers.has('cookie')) {
    headers.delete('sec-fetch-mode');
    headers.delete('sec-fetch-dest');
  }
  if (body !== undefined) headers.set('content-type', 'application/json');
  headers.set(CLIENT_IP_HEADER, clientAddress(c)); // replaces any the client sent
  const url = new URL(path, c.req.url);
  return accounts.auth.handler(
    new Request(url, { method: c.req.method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
  );
}

function copyCookies(from: Response, c: Context) {
  for (const cookie of from.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
}

export function authRoutes({ accounts, signInLimits }: { accounts: Accounts; signInLimits: SignInLimits }): Hono {
  const app = new Hono();

  async function countAttempt(c: Context, email: string): Promise<void> {
    const { counter } = signInLimits;
    const byAddress = await counter.take(`sign-in-address:${clientAddress(c)}`, { max: signInLimits.perAddressPerMinute, windowMs: 60_000 });
    if (byAddress !== undefined) throw tooMany(byAddress, 'sign-in attempts from this address');
    const byAccount = await counter.take(`sign-in-account:${email.trim().toLowerCase()}`, { max: signInLimits.perAccountPer15Minutes, windowMs: 15 * 60_000 });
    if (byAccount !== undefined) throw tooMany(byAccount, 'sign-in attempts for this account');
  }

  app.post('/sign-in', async (c) => {
    const body = await parseJsonBody(c, signInSchema);
    await countAttempt(c, body.email);
    const res = await forward(accounts, c, '/api/auth/sign-in/email', { ...body, rememberMe: true });
    if (!res.ok) throw await betterAuthError(res);
    const { user } = (await res.json()) as { user: { id: string; email: string; name: string; role?: string | null } };
    copyCookies(res, c);
    c.header('Cache-Control', 'no-store');
    const answer: SignInResponse = { user: { id: user.id, email: user.email, name: user.name, role: toRole(user.role) } };
    return c.json(answer);
  });

  app.post('/sign-out', async (c) => {
    const res = await forward(accounts, c, '/api/auth/sign-out', {});
    if (!res.ok) throw await betterAuthError(res);
    copyCookies(res, c);
    return c.body(null, 204);
  });

  return app;
}
