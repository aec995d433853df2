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
import type { EmbeddedS3, EmbeddedS3Options } from '../index';
import { eventually, isProcessAlive, makeClient, presign, putWithFetch, randomPayload, readError, sdkError } from '../../backend/contract/helpers';
import { startEmbeddedTarget, type StoreTarget } from '../../backend/contract/targets';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'reelay-embedded-'));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/** A store on a fresh (or the given) directory, stopped after the test (stopping twice is harmless). */
async function start(overrides: Partial<EmbeddedS3Options> = {}): Promise<{ store: EmbeddedS3; target: StoreTarget; logs: string[] }> {
  const logs: string[] = [];
  const directory = overrides.directory ?? (await freshDirectory());
  const { store, target } = await startEmbeddedTarget(directory, {
    corsOrigins: ['chrome-extension://*'],
    log: (line) => logs.push(line),
    ...overrides,
  });
  cleanups.push(() => store.stop());
  return { store, target, logs };
}

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

describe('embedded store process', () => {
  it('runs in a child process and stop() ends it and closes the port', async () => {
    const { store } = await start();
    const pid = store.pid!;
    expect(pid).not.toBe(process.pid);
    expect(isProcessAlive(pid)).toBe(true);
    await store.stop();
    await eventually(() => !isProcessAlive(pid), 'store process gone');
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
    const failure = start({ port });
    await expect(failure).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port} is already in use \\(EADDRINUSE\\)`));
    const message = await failure.then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('keeps data in its directory across a full stop and start', async () => {
    const directory = await freshDirectory();
    const first = await start({ directory });
    const s3a = makeClient(first.target);
    await s3a.send(new PutObjectCommand({ Bucket: 'reelay', Key: 'persist.txt', Body: 'still here' }));
    s3a.destroy();
    await first.store.stop();

    const second = await start({ directory });
    const s3b = makeClient(second.target);
    const object = await s3b.send(new GetObjectCommand({ Bucket: 'reelay', Key: 'persist.txt' }));
    expect(await object.Body!.transformToString()).toBe('still here');
    s3b.destroy();
  });
});
