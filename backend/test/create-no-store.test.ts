/**
 * POST /api/recordings answers with the recording's upload token: no cache (browser, proxy) may
 * keep that answer (issue 15, info finding). Real server over HTTP.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

it('the create response (it holds the upload token) is sent with Cache-Control: no-store', async () => {
  const res = await api(t.reelay, 'POST', '/api/recordings', { token: t.reelay.apiToken, body: { title: 'x', mimeType: 'video/webm' } });
  expect(res.status).toBe(201);
  expect(typeof res.json.uploadToken).toBe('string');
  expect(res.headers.get('cache-control')).toBe('no-store');
});
