/**
 * The embedded store runs in a child process so that no request can bring the backend down:
 * crash-prone requests are answered, a dead store is restarted on the same port (presigned
 * URLs keep working), startup errors are one clear message, and stop() ends the process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startEmbeddedS3, type EmbeddedS3, type EmbeddedS3Options } from '../src/s3/embedded';
import { makeClient, presign, putWithFetch, randomPayload, readError, sdkError } from './helpers';
import { KNOWN_CAPABILITIES, type StoreTarget } from './targets';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function start(overrides: Partial<EmbeddedS3Options> = {}): Promise<{ store: EmbeddedS3; target: StoreTarget; logs: string[] }> {
  const directory = overrides.directory ?? (await mkdtemp(path.join(os.tmpdir(), 'reelay-embedded-')));
  const logs: string[] = [];
  const store = await startEmbeddedS3({
    directory,
    port: 0,
    bucket: 'reelay',
    accessKeyId: 'process-access',
    secretAccessKey: 'process-secret',
    corsOrigins: ['chrome-extension://*'],
    log: (line) => logs.push(line),
    ...overrides,
  });
  cleanups.push(async () => {
    await store.stop();
    await rm(directory, { recursive: true, force: true });
  });
  const target: StoreTarget = {
    name: 'embedded',
    endpoint: store.endpoint,
    region: store.region,
    bucket: 'reelay',
    accessKeyId: 'process-access',
    secretAccessKey: 'process-secret',
    capabilities: KNOWN_CAPABILITIES.embedded,
  };
  return { store, target, logs };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Status of a GET sent with the path exactly as given. */
function rawStatus(endpoint: string, rawPath: string): Promise<number> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** Polls until check() holds (a deadline, not a timing assertion). */
async function eventually(check: () => Promise<boolean> | boolean, what: string, deadlineMs = 20_000) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

describe('embedded store process', () => {
  it('runs in a child process and stop() ends it and closes the port', async () => {
    const { store } = await start();
    const pid = store.pid!;
    expect(pid).not.toBe(process.pid);
    expect(isAlive(pid)).toBe(true);
    await store.stop();
    await eventually(() => !isAlive(pid), 'store process gone');
    await expect(fetch(`${store.endpoint}/`)).rejects.toThrow();
  });

  it('a complete naming a never-uploaded part is refused without crashing the store', async () => {
    const { store, target } = await start();
    const s3 = makeClient(target);
    const pid = store.pid;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'reelay', Key: 'a.webm' }));
    const reply = await sdkError(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'reelay',
          Key: 'a.webm',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 7, ETag: '"0123456789abcdef0123456789abcdef"' }] },
        }),
      ),
    );
    expect(reply).toEqual({ status: 400, code: 'InvalidPart' });
    // Still the same process, which still answers.
    await s3.send(new PutObjectCommand({ Bucket: 'reelay', Key: 'after.txt', Body: 'ok' }));
    expect(store.pid).toBe(pid);
    expect(store.restarts).toBe(0);
    s3.destroy();
  });

  it('hostile requests get 4xx answers, never a dead store', async () => {
    const { store, target } = await start();
    const s3 = makeClient(target);
    const pid = store.pid;
    const upload = await presign(
      s3,
      new UploadPartCommand({ Bucket: 'reelay', Key: 'x.webm', UploadId: '../../../../etc', PartNumber: 1 }),
    );
    expect(await readError(await putWithFetch(upload, randomPayload(10)))).toEqual({ status: 404, code: 'NoSuchUpload' });
    expect((await fetch(`${store.endpoint}/reelay/%E0%A4%A`)).status).toBe(400);
    // Raw paths (fetch would normalise them): no way out of the data directory.
    for (const rawPath of ['/reelay/../../etc/passwd', '/reelay/%2E%2E/%2e%2e/x', '/../x']) {
      expect(await rawStatus(store.endpoint, rawPath)).toBe(400);
    }
    expect((await fetch(`${store.endpoint}/reelay/x?uploadId=zz&partNumber=1`, { method: 'PUT', body: 'x' })).status).toBe(403);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'reelay', Key: 'y.webm' }));
    const completeUrl = await presign(s3, new CompleteMultipartUploadCommand({ Bucket: 'reelay', Key: 'y.webm', UploadId }));
    const malformed = await fetch(completeUrl, { method: 'POST', body: '<CompleteMultipartUpload><Part>' });
    expect(await readError(malformed)).toEqual({ status: 400, code: 'MalformedXML' });
    expect(store.pid).toBe(pid);
    expect(store.restarts).toBe(0);
    s3.destroy();
  });

  it('a store process that dies is restarted on the same port; earlier presigned URLs still work', async () => {
    const { store, target, logs } = await start();
    const s3 = makeClient(target);
    const body = randomPayload(4096);
    await s3.send(new PutObjectCommand({ Bucket: 'reelay', Key: 'kept.bin', Body: body }));
    const url = await presign(s3, new GetObjectCommand({ Bucket: 'reelay', Key: 'kept.bin' }));
    const firstPid = store.pid!;

    process.kill(firstPid, 'SIGKILL');
    await eventually(() => store.restarts === 1, 'store restarted');
    expect(store.pid).not.toBe(firstPid);
    expect(logs.some((line) => line.includes('restarting'))).toBe(true);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
    s3.destroy();
  });

  it('a port already in use is one clear startup error', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as net.AddressInfo).port;
    const directory = await mkdtemp(path.join(os.tmpdir(), 'reelay-embedded-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const failure = startEmbeddedS3({
      directory,
      port,
      bucket: 'reelay',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      corsOrigins: [],
    });
    await expect(failure).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port} is already in use \\(EADDRINUSE\\)`));
    const message = await failure.then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('keeps data in its directory across a full stop and start', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'reelay-embedded-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const first = await startEmbeddedS3({
      directory,
      port: 0,
      bucket: 'reelay',
      accessKeyId: 'k',
      secretAccessKey: 's',
      corsOrigins: ['chrome-extension://*'],
    });
    const target = (endpoint: string): StoreTarget => ({
      name: 'embedded',
      endpoint,
      region: 'us-east-1',
      bucket: 'reelay',
      accessKeyId: 'k',
      secretAccessKey: 's',
      capabilities: KNOWN_CAPABILITIES.embedded,
    });
    const s3a = makeClient(target(first.endpoint));
    await s3a.send(new PutObjectCommand({ Bucket: 'reelay', Key: 'persist.txt', Body: 'still here' }));
    s3a.destroy();
    await first.stop();

    const second = await startEmbeddedS3({
      directory,
      port: 0,
      bucket: 'reelay',
      accessKeyId: 'k',
      secretAccessKey: 's',
      corsOrigins: ['chrome-extension://*'],
    });
    cleanups.push(() => second.stop());
    const s3b = makeClient(target(second.endpoint));
    const object = await s3b.send(new GetObjectCommand({ Bucket: 'reelay', Key: 'persist.txt' }));
    expect(await object.Body!.transformToString()).toBe('still here');
    s3b.destroy();
  });
});
