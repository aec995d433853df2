/**
 * Embedded store only (issue 15, findings 1 and 3): what a holder of a presigned URL can NOT do
 * with headers the URL did not sign, and what hostile paths get before authentication.
 *
 * - An `x-amz-*` header outside SignedHeaders → 403 with S3's `HeadersNotSigned` detail (as S3
 *   does), `x-amz-copy-source` included: a part URL must not copy another key into the upload,
 *   nor multiply disk writes (5 empty PUTs once wrote 100 MiB, one source object per PUT).
 * - Stored headers (Content-Disposition, Cache-Control, Content-Encoding, ...) are kept only when
 *   signed: a thumbnail URL signs Content-Type, so only that one is served back.
 * - Paths the store cannot address (NUL, an encoded `/` in the bucket, broken escapes) are 4xx
 *   for every method, OPTIONS preflights included (they are answered before any signature).
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PartUrlSigner } from '../../backend/src/s3/part-url-signer';
import { EXTENSION_ORIGIN, presign, putWithFetch, randomPayload } from '../../backend/contract/helpers';
import type { StoreTarget } from '../../backend/contract/targets';
import { BUCKET, freshDirectory, startStore } from './store-fixture';

async function start(): Promise<{ s3: S3Client; target: StoreTarget; directory: string }> {
  const directory = await freshDirectory('reelay-unsigned-');
  const { s3, target } = await startStore(directory, { corsOrigins: ['chrome-extension://*'] });
  return { s3, target, directory };
}

/** Bytes in every file under `dir`. */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function errorXml(response: Response): Promise<{ status: number; body: string }> {
  return { status: response.status, body: await response.text() };
}

async function partUrl(s3: S3Client, key: string, uploadId: string, partNumber: number): Promise<string> {
  return presign(s3, new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: partNumber }));
}

describe('embedded store: headers a presigned URL did not sign', () => {
  it('x-amz-copy-source on a part URL → 403 HeadersNotSigned; nothing copied, no disk written', async () => {
    const { s3, directory } = await start();
    const secret = randomPayload(3 * 1024 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'recordings/victim/upload.json', Body: secret }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'recordings/mine/video.webm' }));
    const before = await bytesUnder(directory);

    for (let partNumber = 1; partNumber <= 5; partNumber++) {
      const url = await partUrl(s3, 'recordings/mine/video.webm', UploadId!, partNumber);
      const reply = await errorXml(
        await fetch(url, {
          method: 'PUT',
          headers: { Origin: EXTENSION_ORIGIN, 'x-amz-copy-source': `/${BUCKET}/recordings/victim/upload.json` },
        }),
      );
      expect(reply.status).toBe(403);
      expect(reply.body).toContain('<HeadersNotSigned>x-amz-copy-source</HeadersNotSigned>');
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'recordings/mine/video.webm', UploadId }));
    expect(listed.Parts ?? []).toEqual([]);
    // Five copies of a 3 MiB object would be 15 MiB; allow a few KiB of bookkeeping.
    expect((await bytesUnder(directory)) - before).toBeLessThan(64 * 1024);
  });

  it('any unsigned x-amz-* header is refused and named; the signed request itself still works', async () => {
    const { s3 } = await start();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'a.webm' }));
    const url = await partUrl(s3, 'a.webm', UploadId!, 1);
    for (const header of ['x-amz-meta-evil', 'x-amz-copy-source-range', 'X-Amz-Storage-Class', 'x-amz-acl']) {
      const reply = await errorXml(await fetch(url, { method: 'PUT', body: 'x', headers: { [header]: 'bytes=0-1' } }));
      expect(reply.status, header).toBe(403);
      expect(reply.body).toContain(`<HeadersNotSigned>${header.toLowerCase()}</HeadersNotSigned>`);
    }
    const ok = await putWithFetch(url, randomPayload(100));
    expect(ok.status).toBe(200);
    // Not x-amz-*: a different prefix that must not be mistaken for one.
    const traced = await fetch(url, { method: 'PUT', body: 'y', headers: { 'x-amzn-trace-id': 'Root=1' } });
    expect(traced.status).toBe(200);
  });

  it('header-signed SDK requests keep their x-amz-* headers (metadata, copy source)', async () => {
    const { s3 } = await start();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'm.txt', Body: 'hi', Metadata: { owner: 'me' }, ContentDisposition: 'inline' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'm.txt' }));
    expect(head.Metadata).toEqual({ owner: 'me' });
    expect(head.ContentDisposition).toBe('inline');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'c.webm' }));
    const { UploadPartCopyCommand } = await import('@aws-sdk/client-s3');
    const copied = await s3.send(
      new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'c.webm', UploadId, PartNumber: 1, CopySource: `${BUCKET}/m.txt` }),
    );
    expect(copied.CopyPartResult?.ETag).toBeTruthy();
  });

  it('a thumbnail URL (Content-Type signed) stores and serves back only Content-Type', async () => {
    const { s3, target } = await start();
    const signer = new PartUrlSigner({ client: s3, endpoint: target.endpoint, bucket: BUCKET, forcePathStyle: true });
    const url = await signer.putObject('recordings/r/thumbnail', { 'Content-Type': 'image/jpeg' }, 300);
    const put = await fetch(url, {
      method: 'PUT',
      body: 'jpeg bytes',
      headers: {
        'Content-Type': 'image/jpeg',
        'Content-Disposition': 'attachment; filename="evil.html"',
        'Cache-Control': 'public, max-age=31536000',
        'Content-Encoding': 'gzip',
        'Content-Language': 'xx',
        Expires: 'Thu, 01 Jan 2099 00:00:00 GMT',
      },
    });
    expect(put.status).toBe(200);
    const served = await fetch(await presign(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'recordings/r/thumbnail' })));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    for (const name of ['content-disposition', 'cache-control', 'content-encoding', 'content-language', 'expires']) {
      expect(served.headers.get(name), name).toBeNull();
    }
    expect(await served.text()).toBe('jpeg bytes');
  });

  it('a thumbnail URL given unsigned x-amz-meta-* → 403, nothing stored', async () => {
    const { s3, target } = await start();
    const signer = new PartUrlSigner({ client: s3, endpoint: target.endpoint, bucket: BUCKET, forcePathStyle: true });
    const url = await signer.putObject('recordings/r/thumbnail', { 'Content-Type': 'image/png' }, 300);
    const put = await errorXml(
      await fetch(url, { method: 'PUT', body: 'png', headers: { 'Content-Type': 'image/png', 'x-amz-meta-x': 'y' } }),
    );
    expect(put.status).toBe(403);
    expect(put.body).toContain('<HeadersNotSigned>x-amz-meta-x</HeadersNotSigned>');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'recordings/r/thumbnail' })).catch((e: { name: string }) => e.name);
    expect(head).toBe('NotFound');
  });
});

/** Sends a request with the path exactly as given (fetch would normalise it). */
function raw(endpoint: string, method: string, rawPath: string, headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('embedded store: paths it cannot address, before authentication', () => {
  const preflight = {
    Origin: EXTENSION_ORIGIN,
    'Access-Control-Request-Method': 'PUT',
    'Access-Control-Request-Headers': 'content-type',
  };
  const hostile = [
    '/%00/x',
    '/%00',
    '/reelay%00/x',
    '/%2F/x',
    '/reelay%2Fx/y',
    '/reelay%2fx',
    '/%2e%2e%2F/x',
    '/%5C/x',
    '/%ZZ/x',
    '/%C0%AF/x',
    '/%E0%A4%A/x',
    '/reelay/%00',
    '/reelay/a%00b',
    '/reelay/%ZZ',
    `/${'b'.repeat(300)}/x`,
  ];

  it('OPTIONS preflight of a NUL bucket → 4xx (was 500)', async () => {
    const { target } = await start();
    const status = await raw(target.endpoint, 'OPTIONS', '/%00/x', preflight);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('an encoded "/" in the bucket segment is refused (400), even on a preflight', async () => {
    const { target } = await start();
    expect(await raw(target.endpoint, 'OPTIONS', '/reelay%2Fx/y', preflight)).toBe(400);
    expect(await raw(target.endpoint, 'GET', '/reelay%2Fx/y')).toBe(400);
  });

  it('fuzzed encodings: every method answers 4xx, and the real bucket still answers preflights', async () => {
    const { target } = await start();
    for (const rawPath of hostile) {
      for (const method of ['OPTIONS', 'GET', 'HEAD', 'PUT', 'POST', 'DELETE']) {
        const status = await raw(target.endpoint, method, rawPath, method === 'OPTIONS' ? preflight : { Origin: EXTENSION_ORIGIN });
        expect(status, `${method} ${rawPath}`).toBeGreaterThanOrEqual(400);
        expect(status, `${method} ${rawPath}`).toBeLessThan(500);
      }
    }
    expect(await raw(target.endpoint, 'OPTIONS', '/reelay/recordings/x/video.webm', preflight)).toBe(200);
  });
});
