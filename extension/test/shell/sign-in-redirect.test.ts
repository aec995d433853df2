/**
 * The extension's sign-in, the pure parts: the authorize URL it opens, the token read from the
 * redirect's fragment (and every way that answer can be wrong), Chrome's failures in words, and
 * the connection check keeping who is signed in.
 */
import { describe, expect, it } from 'vitest';
import { checkConnection, describeUser } from '../../src/shared/connection';
import { authorizeUrl, describeSignInFailure, parseSignInAnswer } from '../../src/shared/sign-in-redirect';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/reelay';

describe('authorizeUrl', () => {
  it('is the server’s /extension/authorize with the redirect URI as a parameter (path prefix kept)', () => {
    const url = new URL(authorizeUrl('https://example.com/reelay/', REDIRECT));
    expect(url.origin + url.pathname).toBe('https://example.com/reelay/extension/authorize');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
  });
});

describe('parseSignInAnswer', () => {
  it('reads the token and its id from the fragment', () => {
    expect(parseSignInAnswer(`${REDIRECT}#token=rly_abc-_DEF&id=t1`, REDIRECT)).toEqual({ ok: true, token: 'rly_abc-_DEF', tokenId: 't1' });
    expect(parseSignInAnswer(`${REDIRECT}#token=rly_x`, REDIRECT)).toEqual({ ok: true, token: 'rly_x', tokenId: undefined });
  });
  it('Cancel on the server page is a cancelled sign-in', () => {
    expect(parseSignInAnswer(`${REDIRECT}#error=access_denied`, REDIRECT)).toMatchObject({ ok: false, cancelled: true });
  });
  it.each([
    ['nothing', undefined, 'did not send the sign-in back'],
    ['not a URL', 'nonsense', 'did not send the sign-in back'],
    ['another address', `https://evil.example/reelay#token=rly_x`, 'wrong address'],
    ['another path', `${REDIRECT}/other#token=rly_x`, 'wrong address'],
    ['a token in the query only', `${REDIRECT}?token=rly_x`, 'no API token'],
    ['an empty token', `${REDIRECT}#token=`, 'no API token'],
    ['a token with spaces', `${REDIRECT}#token=a%20b`, 'no API token'],
    ['another error', `${REDIRECT}#error=server_error`, 'refused the sign-in (server_error)'],
  ])('refuses %s', (_what, answer, message) => {
    const parsed = parseSignInAnswer(answer, REDIRECT);
    expect(parsed).toMatchObject({ ok: false, cancelled: false });
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe('describeSignInFailure', () => {
  it('Chrome’s messages in words', () => {
    expect(describeSignInFailure(new Error('The user did not approve access.'), 'http://x')).toContain('cancelled');
    expect(describeSignInFailure(new Error('Authorization page could not be loaded.'), 'http://x')).toContain('Could not open the sign-in page of http://x');
    expect(describeSignInFailure('boom', 'http://x')).toBe('Sign-in failed: boom');
  });
});

describe('checkConnection keeps who the token belongs to', () => {
  const user = { id: 'u1', email: 'mia@example.com', name: 'Mia', role: 'member' as const };
  const answer = (body: unknown) => (async () => new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof fetch;

  it('with accounts: the user from GET /api/session', async () => {
    const c = await checkConnection('localhost:8787', ' rly_x ', { fetch: answer({ ok: true, partSize: 5242880, user }), now: () => 7 });
    expect(c).toEqual({ serverUrl: 'http://localhost:8787', apiToken: 'rly_x', partSize: 5242880, checkedAt: 7, user });
  });
  it('a server without accounts: no user', async () => {
    const c = await checkConnection('localhost:8787', 'tok', { fetch: answer({ ok: true, partSize: 5242880 }) });
    expect(c.user).toBeUndefined();
  });
  it('describeUser', () => {
    expect(describeUser(user)).toBe('Mia (mia@example.com)');
    expect(describeUser({ ...user, name: ' ' })).toBe('mia@example.com');
  });
});
