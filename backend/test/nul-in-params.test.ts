/**
 * A NUL byte (and other bytes a database refuses) in a path parameter is bad input, not a server
 * error: every route with a parameter answers 4xx (CI's fuzz found GET /invite/%00 → 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

const ROUTES: Array<[string, string]> = [
  ['GET', '/invite/{p}'],
  ['POST', '/invite/{p}'],
  ['DELETE', '/api/users/{p}'],
  ['DELETE', '/api/tokens/{p}'],
  ['GET', '/api/recordings/{p}'],
  ['GET', '/api/recordings/{p}/comments'],
  ['DELETE', '/api/recordings/AAAAAAAAAAAAAAAAAAAAAA/comments/{p}'],
  ['POST', '/api/recordings/AAAAAAAAAAAAAAAAAAAAAA/views/{p}'],
  ['GET', '/v/{p}'],
  ['GET', '/embed/{p}'],
  ['GET', '/assets/{p}'],
];

describe('NUL and other odd bytes in path parameters', () => {
  it.each(ROUTES)('%s %s answers 4xx', async (method, route) => {
    for (const p of ['%00', 'a%00b', '%C0%80', '%FF%FE', '%E2%80%AE']) {
      const res = await fetch(t.reelay.localUrl + route.replace('{p}', p), {
        method,
        headers: { authorization: `Bearer ${t.reelay.apiToken}`, 'content-type': 'application/x-www-form-urlencoded', origin: t.reelay.url },
        ...(method === 'POST' ? { body: 'password=longenough-password-1' } : {}),
      });
      await res.arrayBuffer();
      expect(res.status, `${method} ${route.replace('{p}', p)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${route.replace('{p}', p)}`).toBeLessThan(500);
    }
  });

  it('a share link with a NUL gets the "Recording not found" page', async () => {
    const res = await fetch(`${t.reelay.localUrl}/v/a%00b`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Recording not found</h1>');
  });
});
