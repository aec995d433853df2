/**
 * The API client against a real Reelay backend (embedded S3 store, real presigned
 * URLs) and against real HTTP servers that are not Reelay.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReelay } from '../../../backend/src/server';
import { isTransientFailure } from '../../src/core/retry';
import { HttpError, NetworkError } from '../../src/core/upload-errors';
import { storePartTransport } from '../../src/offscreen/store-put';
import { ApiClient } from '../../src/shared/api-client';
import { checkConnection, ConnectionCheckError } from '../../src/shared/connection';

/** The extension's one PUT to the store, as the upload queue uses it (ETag required). */
const putPart = (url: string, body: Uint8Array) => storePartTransport().put(url, body, new AbortController().signal);

const PART = 5 * 1024 * 1024;

let backend: { url: string; apiToken: string; close(): Promise<void> };
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'reelay-api-client-'));
  backend = await startReelay({ DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0' }, { log: () => {} });
}, 60_000);

afterAll(async () => {
  await backend?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closedPortUrl(): Promise<string> {
  const { server, url } = await listen(() => {});
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

describe('ApiClient against a real backend', () => {
  it('checks the session and rejects a wrong token with HttpError 401/403', async () => {
    const client = new ApiClient({ serverUrl: backend.url + '/' });
    await expect(client.getSession(backend.apiToken)).resolves.toMatchObject({ ok: true, partSize: PART });

    const err = await client.getSession('wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect([401, 403]).toContain((err as HttpError).status);
    expect((err as HttpError).code).not.toBe('not_reelay');
    expect((err as HttpError).message.length).toBeGreaterThan(0);
    expect(isTransientFailure(err)).toBe(false);
  });

  it('runs a whole upload: create, presign, PUT, list, complete, read, delete', async () => {
    const client = new ApiClient({ serverUrl: backend.url });
    const created = await client.createRecording(backend.apiToken, { title: 'client test', mimeType: 'video/webm' });
    expect(created.partSize).toBe(PART);
    expect(created.shareUrl).toContain(created.id);

    const part1 = new Uint8Array(PART).fill(1);
    const part2 = new Uint8Array(1234).fill(2);
    const { urls, expiresAt } = await client.presignParts(created.id, created.uploadToken, { partNumbers: [1, 2] });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const etag1 = await putPart(urls['1']!, part1);
    const etag2 = await putPart(urls['2']!, part2);

    const listed = await client.listParts(created.id, created.uploadToken);
    expect(listed.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, PART],
      [2, 1234],
    ]);

    // Not finished yet: public metadata is a 404 HttpError.
    const early = await client.getRecording(created.id).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(HttpError);
    expect((early as HttpError).status).toBe(404);

    const done = await client.completeRecording(created.id, created.uploadToken, {
      parts: [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: etag2 },
      ],
      durationMs: 4321,
    });
    expect(done.shareUrl).toBe(created.shareUrl);

    const meta = await client.getRecording(created.id);
    expect(meta).toMatchObject({ id: created.id, title: 'client test', durationMs: 4321, size: PART + 1234 });

    // Finished: deleted as a person (the extension's Delete), the upload token no longer changes it.
    await client.deleteRecording(created.id, backend.apiToken);
    const gone = await client.getRecording(created.id).catch((e: unknown) => e);
    expect((gone as HttpError).status).toBe(404);
  });

  it('reports an upload token that does not belong to the recording as HttpError', async () => {
    const client = new ApiClient({ serverUrl: backend.url });
    const a = await client.createRecording(backend.apiToken, { mimeType: 'video/webm' });
    const b = await client.createRecording(backend.apiToken, { mimeType: 'video/webm' });
    const err = await client.presignParts(a.id, b.uploadToken, { partNumbers: [1] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect([401, 403]).toContain((err as HttpError).status);
    await client.deleteRecording(a.id, a.uploadToken);
    await client.deleteRecording(b.id, b.uploadToken);
  });

  it('recordingStopped: 204 for a live upload; a body outside the contract never leaves; an unknown id is HttpError 404', async () => {
    const client = new ApiClient({ serverUrl: backend.url });
    const created = await client.createRecording(backend.apiToken, { title: 'Stopped', mimeType: 'video/webm' });
    await expect(client.recordingStopped(created.id, created.uploadToken, { totalBytes: 1234, durationMs: 5678 })).resolves.toBeUndefined();
    const status = await fetch(`${backend.url}/v/${created.id}/status`).then((r) => r.json() as Promise<unknown>);
    expect(status).toEqual({ status: 'uploading', bytesStored: 0, bytesTotal: 1234, stopped: true });

    let requests = 0;
    const counting = new ApiClient({ serverUrl: backend.url, fetch: (...args) => (requests++, fetch(...args)) });
    await expect(counting.recordingStopped(created.id, created.uploadToken, { totalBytes: -1, durationMs: 1 })).rejects.toThrow();
    expect(requests).toBe(0);

    await client.deleteRecording(created.id, created.uploadToken);
    const gone = await client.recordingStopped(created.id, created.uploadToken, { totalBytes: 1, durationMs: 1 }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(HttpError);
    expect((gone as HttpError).status).toBe(404);
  });

  it('checkConnection normalises the URL and returns what to store', async () => {
    const hostPort = backend.url.replace(/^http:\/\//, '');
    const connection = await checkConnection(`  ${hostPort}/ `, ` ${backend.apiToken} `, { now: () => 42 });
    expect(connection).toEqual({
      serverUrl: backend.url,
      apiToken: backend.apiToken,
      partSize: PART,
      checkedAt: 42,
      // API_TOKEN is the first admin's personal token: the popup shows who is signed in.
      user: { id: expect.any(String), email: 'admin@reelay.local', name: 'Admin', role: 'admin' },
    });

    const err = await checkConnection(backend.url, 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionCheckError);
    expect((err as ConnectionCheckError).field).toBe('apiToken');
  });
});

describe('ApiClient against servers that are not Reelay', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('a closed port is NetworkError (retryable)', async () => {
    const client = new ApiClient({ serverUrl: await closedPortUrl() });
    const err = await client.getSession('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).timedOut).toBe(false);
    expect(isTransientFailure(err)).toBe(true);
  });

  it('a server that never answers times out as NetworkError with timedOut', async () => {
    const { server, url } = await listen(() => {
      /* never responds */
    });
    servers.push(server);
    const client = new ApiClient({ serverUrl: url, timeoutMs: 300 });
    const err = await client.getSession('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).timedOut).toBe(true);
    server.closeAllConnections();
  });

  it('an HTML page (200 or 404) is HttpError not_reelay; a JSON error body keeps its code', async () => {
    const { server, url } = await listen((req, res) => {
      if (req.url === '/api/session') res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Hello</h1>');
      else if (req.url?.startsWith('/api/recordings/busy')) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"busy","message":"Try later"}}');
      } else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    servers.push(server);
    const client = new ApiClient({ serverUrl: url });

    const ok200 = await client.getSession('t').catch((e: unknown) => e);
    expect(ok200).toMatchObject({ name: 'HttpError', status: 200, code: 'not_reelay' });

    const html404 = await client.createRecording('t', { mimeType: 'video/webm' }).catch((e: unknown) => e);
    expect(html404).toMatchObject({ name: 'HttpError', status: 404, code: 'not_reelay' });

    const busy = await client.getRecording('busy').catch((e: unknown) => e);
    expect(busy).toMatchObject({ name: 'HttpError', status: 503, code: 'busy', message: 'Try later' });
    expect(isTransientFailure(busy)).toBe(true);
  });

  it("a caller's abort is passed through, not reported as unreachable", async () => {
    const { server, url } = await listen(() => {});
    servers.push(server);
    const controller = new AbortController();
    const pending = new ApiClient({ serverUrl: url }).getSession('t', controller.signal).catch((e: unknown) => e);
    controller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(NetworkError);
    expect((err as Error).name).toBe('AbortError');
    server.closeAllConnections();
  });

  it('the store PUT reports a missing ETag (bucket CORS not exposing it) as no_etag', async () => {
    const { server, url } = await listen((_req, res) => res.writeHead(200).end());
    servers.push(server);
    const err = await putPart(`${url}/part`, new Uint8Array(3)).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MissingEtagError', code: 'no_etag' });
  });
});
