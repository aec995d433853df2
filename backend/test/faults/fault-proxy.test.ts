/**
 * The fault proxy between a client and the real embedded store: presigned URLs are made for the
 * proxy's address (S3_PUBLIC_ENDPOINT) and stay valid through it, and each fault does what it says
 * to the client AND to the store.
 */
import { ListPartsCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../../api';
import { REELAY_EXTENSION_ORIGIN } from '../../../api/extension-id';
import { createRecording, presign, startTestServer, type TestServer } from '../helpers';
import { FaultProxy } from './fault-proxy';
import type { FaultSchedule } from './fault-schedule';

const ORIGIN = REELAY_EXTENSION_ORIGIN; // allowed by the default EXTENSION_ORIGINS

let proxy: FaultProxy;
let server: TestServer;

beforeAll(async () => {
  proxy = await FaultProxy.start();
  server = await startTestServer({ S3_PUBLIC_ENDPOINT: proxy.url });
  proxy.setUpstream(server.reelay.embeddedS3!.endpoint);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
});

beforeEach(async () => {
  await proxy.setSchedule(null);
});

const md5Etag = (bytes: Uint8Array) => `"${createHash('md5').update(bytes).digest('hex')}"`;

async function storedParts(rec: CreateRecordingResponse): Promise<{ partNumber: number; size: number; etag: string }[]> {
  const out = await server.reelay.s3.api.send(
    new ListPartsCommand({ Bucket: server.reelay.config.s3.bucket, Key: `recordings/${rec.id}/video`, UploadId: rec.uploadId }),
  );
  return (out.Parts ?? []).map((p) => ({ partNumber: p.PartNumber!, size: p.Size!, etag: p.ETag! }));
}

/** A PUT like the extension's (with an Origin, as a browser sends it); network errors are returned, not thrown. */
async function put(url: string, body: Uint8Array<ArrayBuffer>): Promise<{ status: number; etag: string | null; text: string; headers: Headers } | { error: string }> {
  try {
    const res = await fetch(url, { method: 'PUT', body, headers: { origin: ORIGIN } });
    return { status: res.status, etag: res.headers.get('etag'), text: await res.text(), headers: res.headers };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? String(error) };
  }
}

async function newPart(partNumbers = [1]) {
  const rec = await createRecording(server.reelay);
  const { urls } = await presign(server.reelay, rec, partNumbers);
  return { rec, urls };
}

/** What a new TCP connection to the port meets: 'ECONNREFUSED', 'reset' (closed/reset before any answer) or 'open'. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'reset'));
    socket.on('close', () => resolve('reset'));
    socket.on('connect', () => setTimeout(() => resolve(socket.destroyed ? 'reset' : 'open'), 200));
  });
}

const body = (bytes = 256 * 1024) => new Uint8Array(randomBytes(bytes));

describe('fault proxy in front of the embedded store', () => {
  it('presigned URLs name the proxy and work through it; the same URL sent straight to the store fails its signature', async () => {
    const { rec, urls } = await newPart();
    const url = urls['1']!;
    expect(new URL(url).origin).toBe(proxy.url);
    const bytes = body();
    const ok = await put(url, bytes);
    expect(ok).toMatchObject({ status: 200, etag: md5Etag(bytes) });
    expect(await storedParts(rec)).toEqual([{ partNumber: 1, size: bytes.length, etag: md5Etag(bytes) }]);
    expect(proxy.stats()).toMatchObject({ partRequests: 1, partsPassed: 1 });
    expect(proxy.stats().partLog).toEqual([
      {
        partNumber: 1,
        attempt: 1,
        amzDate: expect.stringMatching(/^\d{8}T\d{6}Z$/),
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
        storeStatus: 200,
        receivedAt: expect.any(Number),
        forwardedAt: expect.any(Number),
        answeredAt: expect.any(Number),
      },
    ]);

    // The Host is part of the signature: the store refuses the URL under its own address.
    const direct = url.replace(proxy.url, server.reelay.embeddedS3!.endpoint);
    const refused = await put(direct, bytes);
    expect(refused).toMatchObject({ status: 403 });
    expect((refused as { text: string }).text).toContain('SignatureDoesNotMatch');
  });

  it('reset: the connection breaks mid-body, the store keeps nothing, the next attempt passes', async () => {
    const { rec, urls } = await newPart();
    await proxy.setSchedule({ seed: 0, requestFaults: { '1:1': { kind: 'reset', afterBytes: 100_000 } }, windows: [] });
    const bytes = body();
    const first = await put(urls['1']!, bytes);
    expect(first).toHaveProperty('error');
    expect(await storedParts(rec)).toEqual([]);
    const second = await put(urls['1']!, bytes);
    expect(second).toMatchObject({ status: 200, etag: md5Etag(bytes) });
    expect(await storedParts(rec)).toEqual([{ partNumber: 1, size: bytes.length, etag: md5Etag(bytes) }]);
    const stats = proxy.stats();
    expect(stats.injected.reset).toBe(1);
    expect(stats.events[0]).toMatchObject({ kind: 'reset', partNumber: 1, attempt: 1, detail: 'after 100000 B' });
    expect(Object.values(stats.attempts)).toEqual([2]);
    expect(stats.partLog.map((p) => [p.attempt, p.fault, p.storeStatus])).toEqual([
      [1, 'reset', undefined],
      [2, undefined, 200],
    ]);
  });

  it('http-500: the store takes the part but the client is told InternalError (readable across origins)', async () => {
    const { rec, urls } = await newPart();
    await proxy.setSchedule({ seed: 0, requestFaults: { '1:1': { kind: 'http-500' } }, windows: [] });
    const bytes = body();
    const res = await put(urls['1']!, bytes);
    expect(res).toMatchObject({ status: 500, etag: null });
    const r = res as { text: string; headers: Headers };
    expect(r.text).toContain('<Code>InternalError</Code>');
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await storedParts(rec)).toEqual([{ partNumber: 1, size: bytes.length, etag: md5Etag(bytes) }]);
    expect(proxy.stats().injected['http-500']).toBe(1);
    expect(proxy.stats().partLog[0]).toMatchObject({ fault: 'http-500', storeStatus: 200 });
  });

  it('http-503: SlowDown with Retry-After, nothing reaches the store', async () => {
    const { rec, urls } = await newPart();
    await proxy.setSchedule({ seed: 0, requestFaults: { '1:1': { kind: 'http-503', retryAfterSeconds: 2 } }, windows: [] });
    const res = await put(urls['1']!, body());
    expect(res).toMatchObject({ status: 503 });
    const r = res as { text: string; headers: Headers };
    expect(r.text).toContain('<Code>SlowDown</Code>');
    expect(r.headers.get('retry-after')).toBe('2');
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await storedParts(rec)).toEqual([]);
    expect(proxy.stats().injected['http-503']).toBe(1);
    expect(proxy.stats().partLog[0]).toEqual(expect.objectContaining({ fault: 'http-503' }));
    expect(proxy.stats().partLog[0]!.storeStatus).toBeUndefined();
  });

  it('latency: the request is held, then forwarded and answered normally', async () => {
    const { rec, urls } = await newPart();
    await proxy.setSchedule({ seed: 0, requestFaults: {}, windows: [], firstAttemptOfEveryPart: { kind: 'latency', delayMs: 300 } });
    const bytes = body();
    expect(await put(urls['1']!, bytes)).toMatchObject({ status: 200, etag: md5Etag(bytes) });
    expect(await storedParts(rec)).toHaveLength(1);
    const stats = proxy.stats();
    expect(stats.injected.latency).toBe(1);
    expect(stats.events[0]).toMatchObject({ kind: 'latency', detail: '300ms' });
  });

  it.each(['refuse', 'reset'] as const)('outage (%s): connections fail until it ends, then the same URL works', async (mode) => {
    const { rec, urls } = await newPart();
    await proxy.beginOutage(mode);
    expect(proxy.outageActive).toBe(true);
    const during = await put(urls['1']!, body());
    expect(during).toHaveProperty('error');
    // A fresh connection: refused by the closed listener, or accepted and reset at once.
    expect(await connectOutcome(proxy.port)).toBe(mode === 'refuse' ? 'ECONNREFUSED' : 'reset');
    await proxy.endOutage();
    const bytes = body();
    expect(await put(urls['1']!, bytes)).toMatchObject({ status: 200 });
    expect(await storedParts(rec)).toEqual([{ partNumber: 1, size: bytes.length, etag: md5Etag(bytes) }]);
    expect(proxy.stats().injected.outage).toBe(1);
  });

  it('a scheduled outage starts with the first attempt of its part, cuts it, and ends by itself', async () => {
    const { rec, urls } = await newPart([1, 2]);
    await proxy.setSchedule({ seed: 0, requestFaults: {}, windows: [{ kind: 'outage', startsAtPart: 2, durationMs: 500, mode: 'reset' }] });
    expect(await put(urls['1']!, body())).toMatchObject({ status: 200 });
    expect(proxy.outageActive).toBe(false);
    expect(await put(urls['2']!, body())).toHaveProperty('error');
    await expect.poll(() => proxy.outageActive, { timeout: 10_000 }).toBe(false);
    expect(await put(urls['2']!, body())).toMatchObject({ status: 200 });
    expect((await storedParts(rec)).map((p) => p.partNumber)).toEqual([1, 2]);
    const stats = proxy.stats();
    expect(stats.injected.outage).toBe(1);
    expect(stats.outageRequestsCut).toBe(1);
  });

  it('throttle: bodies go through the slow link intact, every byte counted', async () => {
    const { rec, urls } = await newPart([1, 2]);
    proxy.beginThrottle(16 * 1024 * 1024, 60_000);
    const a = body(1024 * 1024);
    const b = body(512 * 1024);
    const [ra, rb] = await Promise.all([put(urls['1']!, a), put(urls['2']!, b)]);
    expect(ra).toMatchObject({ status: 200, etag: md5Etag(a) });
    expect(rb).toMatchObject({ status: 200, etag: md5Etag(b) });
    expect(await storedParts(rec)).toEqual([
      { partNumber: 1, size: a.length, etag: md5Etag(a) },
      { partNumber: 2, size: b.length, etag: md5Etag(b) },
    ]);
    const stats = proxy.stats();
    expect(stats.throttledBytes).toBe(a.length + b.length);
    expect(stats.injected.throttle).toBe(1);
    proxy.endThrottle();
  });

  it('preflights and other requests pass; only part PUTs get request faults', async () => {
    const { urls } = await newPart();
    await proxy.setSchedule({ seed: 0, requestFaults: { '1:1': { kind: 'http-503', retryAfterSeconds: 1 } }, windows: [] });
    const preflight = await fetch(urls['1']!, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBeTruthy();
    const stats = proxy.stats();
    expect(stats).toMatchObject({ requests: 1, partRequests: 0 });
    expect(stats.injected['http-503']).toBe(0);
  });
});

describe('fault proxy: a part URL that expires while its request is held', () => {
  let shortProxy: FaultProxy;
  let shortServer: TestServer;

  beforeAll(async () => {
    shortProxy = await FaultProxy.start();
    // X-Amz-Date has whole seconds: a URL lives between TTL-1 and TTL seconds.
    shortServer = await startTestServer({ S3_PUBLIC_ENDPOINT: shortProxy.url, PART_URL_TTL_SECONDS: '3' });
    shortProxy.setUpstream(shortServer.reelay.embeddedS3!.endpoint);
  }, 60_000);

  afterAll(async () => {
    await shortServer?.stop();
    await shortProxy?.close();
  });

  it('the store answers 403 "Request has expired"; a URL signed again goes through', async () => {
    const rec = await createRecording(shortServer.reelay);
    await shortProxy.setSchedule({ seed: 0, requestFaults: { '1:1': { kind: 'latency', delayMs: 4500 } }, windows: [] });
    const first = await presign(shortServer.reelay, rec, [1]);
    // A whole part: far more than socket buffers hold, so the answer comes while the body is still on its way.
    const bytes = body(5 * 1024 * 1024);
    const expired = await put(first.urls['1']!, bytes);
    expect(expired).toMatchObject({ status: 403 });
    expect((expired as { text: string }).text).toContain('Request has expired');
    const again = await presign(shortServer.reelay, rec, [1]);
    expect(again.urls['1']).not.toBe(first.urls['1']);
    expect(await put(again.urls['1']!, bytes)).toMatchObject({ status: 200, etag: md5Etag(bytes) });
    const log = shortProxy.stats().partLog;
    expect(log.map((p) => [p.attempt, p.fault, p.storeStatus])).toEqual([
      [1, 'latency', 403],
      [2, undefined, 200],
    ]);
    expect(log[1]!.signature).not.toBe(log[0]!.signature);
  });
});
