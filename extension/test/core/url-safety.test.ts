/**
 * Which URLs the extension trusts (issue 15, info findings): http:// servers only on this machine,
 * and share links only http(s). Pure (core/url-safety.ts), plus the two places that apply it:
 * the server address the user types (normalizeServerUrl) and the share link a server hands
 * over (ApiClient.createRecording / completeRecording, against a real HTTP server that lies).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/core/upload-errors';
import { insecureServerUrlProblem, isLoopbackHost, isWebUrl, webUrlOrUndefined } from '../../src/core/url-safety';
import { ApiClient } from '../../src/shared/api-client';
import { normalizeServerUrl } from '../../src/shared/connection';

describe('server address: http:// only for this machine', () => {
  it.each(['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['example.com', 'localhost.example.com', '192.168.1.5', '10.0.0.1', '[::2]', '128.0.0.1', '127.0.0.1.nip.io'])(
    '%s is not loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it.each([
    ['http://reelay.example.com', 'https://reelay.example.com'],
    ['http://192.168.1.5:8787/reelay/', 'https://192.168.1.5:8787/reelay'],
    ['192.168.1.5:8787', 'https://192.168.1.5:8787'],
    ['http://localhost.example.com', 'https://localhost.example.com'],
  ])('refuses %s and says to use %s', (input, suggested) => {
    const result = normalizeServerUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(`Use https:// for a server on another machine (${suggested})`);
      expect(result.message).toContain('localhost');
    }
  });

  it.each(['http://localhost:8787', 'http://127.0.0.1:9000', 'http://[::1]:8787', 'http://app.localhost', 'https://reelay.example.com', 'https://192.168.1.5'])(
    'accepts %s',
    (input) => {
      expect(normalizeServerUrl(input).ok).toBe(true);
      expect(insecureServerUrlProblem(new URL(input))).toBeUndefined();
    },
  );
});

describe('share links: http(s) only', () => {
  it.each(['https://r.example/v/abc', 'http://localhost:8787/v/abc'])('%s is a web URL', (url) => {
    expect(isWebUrl(url)).toBe(true);
    expect(webUrlOrUndefined(url)).toBe(url);
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>', 'file:///etc/passwd', 'chrome-extension://abc/popup.html', '/v/abc', '', 'not a url', 42, undefined])(
    '%j is not',
    (value) => {
      expect(isWebUrl(value)).toBe(false);
      expect(webUrlOrUndefined(value)).toBeUndefined();
    },
  );
});

describe('ApiClient refuses a share link that is not a web address', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A server that answers every POST like Reelay, but with this shareUrl. */
  async function lyingServer(shareUrl: string): Promise<ApiClient> {
    server = createServer((req, res) => {
      const body = req.url?.endsWith('/complete')
        ? { shareUrl }
        : { id: 'r1', uploadId: 'u1', uploadToken: 't1', partSize: 5 * 1024 * 1024, shareUrl };
      res.writeHead(req.url?.endsWith('/complete') ? 200 : 201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return new ApiClient({ serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }

  it('on create and on complete: HttpError not_reelay, in plain words', async () => {
    const client = await lyingServer('javascript:alert(document.cookie)');
    for (const call of [
      () => client.createRecording('token', { mimeType: 'video/webm' } as never),
      () => client.completeRecording('r1', 't1', { parts: [{ partNumber: 1, etag: '"x"' }] } as never),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).code).toBe('not_reelay');
      expect((err as HttpError).message).toContain('not a web address');
    }
  });

  it('an https share link passes through unchanged', async () => {
    const client = await lyingServer('https://reelay.example/v/r1');
    await expect(client.createRecording('token', { mimeType: 'video/webm' } as never)).resolves.toMatchObject({ shareUrl: 'https://reelay.example/v/r1' });
    await expect(client.completeRecording('r1', 't1', { parts: [] } as never)).resolves.toEqual({ shareUrl: 'https://reelay.example/v/r1' });
  });
});
