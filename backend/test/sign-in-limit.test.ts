/**
 * Sign-in attempts are limited per client address (counted in the database, routes/auth.ts, whatever
 * NODE_ENV says; SIGN_IN_ATTEMPTS_PER_MINUTE, default 10): past the limit, 429 with Retry-After and the JSON error, even for the right
 * password. A real backend over HTTP; the address is the socket's (a client's own
 * x-reelay-client-ip header is not believed).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE as LIMIT } from '../src/config';
import { api, startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const added = await api(t.reelay, 'POST', '/api/users', { token: t.reelay.apiToken, body: { email: 'kim@example.com', name: 'Kim', role: 'member', password: 'kim-password-1' } });
  expect(added.status).toBe(201);
}, 60_000);
afterAll(() => t?.stop());

const signIn = (password: string, spoofedIp?: string) =>
  api(t.reelay, 'POST', '/api/auth/sign-in', {
    body: { email: 'kim@example.com', password },
    headers: { origin: t.reelay.localUrl, ...(spoofedIp ? { 'x-reelay-client-ip': spoofedIp } : {}) },
  });

it(`${LIMIT} attempts a minute per address, then 429 with Retry-After, right password or not; a forged address header does not help`, async () => {
  expect((await signIn('kim-password-1')).status).toBe(200);
  const statuses: number[] = [];
  for (let i = 1; i < LIMIT; i++) statuses.push((await signIn('wrong-password', `10.0.0.${i}`)).status);
  expect(statuses).toEqual(Array(LIMIT - 1).fill(401));

  const refused = await signIn('kim-password-1', '10.9.9.9');
  expect(refused.status).toBe(429);
  expect(refused.json.error.code).toBe('rate_limited');
  expect(refused.json.error.message).toMatch(/Too many sign-in attempts/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
});
