/**
 * The embedded store answering BEFORE it read a part's body (here: an expired URL) to a client
 * that keeps its connection alive, as browsers do: the store reads and drops the rest of the
 * body, so the client finishes sending, reads the 403, and its next request on the same
 * connection is served. The fault proxy must behave the same (fault-proxy.ts, discardRestOfBody):
 * it once left such a body unread, and the browser's next request on that connection then waited
 * ~5 s (the keep-alive timeout), long enough for a re-signed 5 s URL to expire as well.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecording, presign, startTestServer, type TestServer } from '../helpers';

let server: TestServer;

beforeAll(async () => {
  // X-Amz-Date has whole seconds: a URL lives between 2 and 3 s.
  server = await startTestServer({ PART_URL_TTL_SECONDS: '3' });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

interface Outcome {
  status?: number;
  body: string;
  bodySent: boolean;
  error?: string;
}

/** A raw PUT of `bytes` on `agent` (one kept-alive socket), reporting what happened instead of throwing. */
function rawPut(url: string, bytes: Buffer, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const outcome: Outcome = { body: '', bodySent: false };
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'PUT', agent, headers: { 'content-length': bytes.length } },
      (res) => {
        outcome.status = res.statusCode;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (outcome.body += chunk));
        res.on('end', () => {
          // Wait for the body to be fully handed over too (or to fail).
          if (outcome.bodySent || outcome.error) resolve(outcome);
          else req.once('finish', () => resolve(outcome));
        });
      },
    );
    req.on('finish', () => (outcome.bodySent = true));
    req.on('error', (e) => {
      outcome.error = e.message;
      resolve(outcome);
    });
    req.end(bytes);
  });
}

describe('embedded store: an answer sent before the body was read', () => {
  it('an expired 5 MiB part PUT gets its 403, the body is taken, and the same connection serves the next PUT', async () => {
    const rec = await createRecording(server.reelay);
    const stale = (await presign(server.reelay, rec, [1])).urls['1']!;
    await new Promise((r) => setTimeout(r, 3100));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const bytes = randomBytes(5 * 1024 * 1024);
      const expired = await rawPut(stale, bytes, agent);
      expect(expired).toMatchObject({ status: 403, bodySent: true });
      expect(expired.error).toBeUndefined();
      expect(expired.body).toContain('Request has expired');

      const fresh = (await presign(server.reelay, rec, [1])).urls['1']!;
      const ok = await rawPut(fresh, bytes, agent);
      expect(ok.error).toBeUndefined();
      expect(ok).toMatchObject({ status: 200, bodySent: true });
    } finally {
      agent.destroy();
    }
  });
});
