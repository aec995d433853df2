/**
 * UploadPart of a stream (part 1 copied from the head, head.ts) as the SDK puts it on the wire,
 * seen by a bare HTTP server: a plain PUT with Content-Length and UNSIGNED-PAYLOAD, no aws-chunked
 * encoding and no checksum trailer (stores like radosgw would store such framing, or refuse it).
 * A stream that fails ends the request at once; an upload that is gone is 'gone' and the stream
 * is destroyed.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { RecordingStore } from '../src/recordings/store';
import { createS3Clients, sdkLogger, type S3Clients } from '../src/s3/client';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Seen {
  headers: IncomingHttpHeaders;
  bytes: number;
}

let server: Server | undefined;
let clients: S3Clients | undefined;
afterEach(async () => {
  clients?.destroy();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = clients = undefined;
});

/** A store that answers UploadPart with `answer` once the body is read (or at once, for a 404). */
async function storeAnswering(answer: 'etag' | 'no-such-upload'): Promise<{ store: RecordingStore; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const entry: Seen = { headers: req.headers, bytes: 0 };
    seen.push(entry);
    if (answer === 'no-such-upload') {
      res.writeHead(404, { 'content-type': 'application/xml', connection: 'close' });
      res.end('<?xml version="1.0"?><Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>');
      return;
    }
    req.on('data', (chunk: Buffer) => (entry.bytes += chunk.byteLength));
    req.on('end', () => res.writeHead(200, { etag: '"e1"' }).end());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  clients = createS3Clients({ endpoint, region: 'us-east-1', bucket: 'b', accessKeyId: 'a', secretAccessKey: 's', forcePathStyle: true });
  return { store: new RecordingStore(clients), seen };
}

const SIZE = 3 * 1024 * 1024 + 17;
const chunks = (n: number) => Readable.from((function* () {
  for (let sent = 0; sent < n; sent += 65_536) yield Buffer.alloc(Math.min(65_536, n - sent), 7);
})());

describe('uploadPart of a stream', () => {
  it('is a plain PUT with Content-Length: no aws-chunked body, no checksum, no trailer', async () => {
    const { store, seen } = await storeAnswering('etag');
    expect(await store.uploadPart('k', 'u1', 1, { body: chunks(SIZE), size: SIZE })).toBe('"e1"');
    expect(seen).toHaveLength(1);
    const { headers, bytes } = seen[0]!;
    expect(bytes).toBe(SIZE);
    expect(headers['content-length']).toBe(String(SIZE));
    expect(headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers['content-encoding']).toBeUndefined();
    const amz = Object.keys(headers).filter((h) => /^x-amz-(checksum|sdk-checksum|trailer|decoded-content-length)/.test(h));
    expect(amz).toEqual([]);
  });

  it('ends the request with the stream\'s error when the stream fails midway, with no SDK line on the console', async () => {
    const { store } = await storeAnswering('etag');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const body = new PassThrough();
    body.write(Buffer.alloc(100_000));
    setTimeout(() => body.destroy(new Error('the GET broke')), 50);
    const started = Date.now();
    await expect(store.uploadPart('k', 'u1', 1, { body, size: SIZE })).rejects.toThrow('the GET broke');
    expect(Date.now() - started).toBeLessThan(5_000); // not the request timeout
    // The SDK cannot replay a stream and says so on the console unless it has a logger; head.ts
    // retries part 1 itself, so the line would only be noise in the server's log.
    expect(warn).not.toHaveBeenCalled();
  });

  it("is 'gone' when the store says NoSuchUpload, and the stream is destroyed", async () => {
    const { store } = await storeAnswering('no-such-upload');
    const body = new PassThrough();
    body.write(Buffer.alloc(100_000));
    expect(await store.uploadPart('k', 'u1', 1, { body, size: SIZE })).toBe('gone');
    expect(body.destroyed).toBe(true);
  });

  it("the SDK's other warnings still reach the console; its per-command lines do not", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    onTestFinished(() => [warn, error, info].forEach((s) => s.mockRestore()));
    sdkLogger.warn('region is deprecated');
    sdkLogger.info({ commandName: 'UploadPartCommand' });
    sdkLogger.error({ commandName: 'HeadObjectCommand', error: new Error('NotFound') });
    sdkLogger.debug('endpoint resolved');
    expect(warn).toHaveBeenCalledWith('region is deprecated');
    expect(info).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('a command that fails prints nothing: the error goes to the caller alone', async () => {
    const { store } = await storeAnswering('no-such-upload');
    const spies = (['warn', 'error', 'info', 'log'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    onTestFinished(() => spies.forEach((s) => s.mockRestore()));
    expect(await store.uploadPart('k', 'u1', 1, { body: chunks(10), size: 10 })).toBe('gone');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
