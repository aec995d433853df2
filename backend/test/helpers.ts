/**
 * Test helpers: a real Reelay server (startReelay on port 0, embedded store on port 0,
 * fresh temp DATA_DIR) and a small client that does what the extension does over HTTP.
 */
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletedPart, CreateRecordingResponse, PresignPartsResponse, ThumbnailUploadResponse } from '../../api';
import { PART_SIZE } from '../../api';
import { startReelay, type ReelayServer } from '../src/server';
import { seedDataDir } from './pglite-template';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TestServer {
  reelay: ReelayServer;
  dataDir: string;
  logs: string[];
  stop(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelay-test-'));
  await seedDataDir(dataDir); // a migrated embedded database, copied (pglite-template.ts)
  const logs: string[] = [];
  const reelay = await startReelay(
    { DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0', ...env },
    { log: (line) => logs.push(line) },
  );
  return {
    reelay,
    dataDir,
    logs,
    async stop() {
      await reelay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function api(
  server: ReelayServer,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(server.localUrl + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export async function createRecording(
  server: ReelayServer,
  body: { title?: string; mimeType: string } = { title: 'Test', mimeType: 'video/webm;codecs=vp9,opus' },
): Promise<CreateRecordingResponse> {
  const res = await api(server, 'POST', '/api/recordings', { token: server.apiToken, body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as CreateRecordingResponse;
}

export async function presign(
  server: ReelayServer,
  rec: CreateRecordingResponse,
  partNumbers: number[],
): Promise<PresignPartsResponse> {
  const res = await api(server, 'POST', `/api/recordings/${rec.id}/parts`, {
    token: rec.uploadToken,
    body: { partNumbers },
  });
  if (res.status !== 200) throw new Error(`presign failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as PresignPartsResponse;
}

/** PUTs bytes to a presigned URL like the extension does; returns the ETag header. */
export async function putPart(url: string, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: bytes });
  if (!res.ok) throw new Error(`PUT part failed: ${res.status} ${await res.text()}`);
  const etag = res.headers.get('etag');
  if (!etag) throw new Error('no ETag on the part upload response');
  return etag;
}

/** Uploads the given parts (number → bytes) through presigned URLs. */
export async function uploadParts(
  server: ReelayServer,
  rec: CreateRecordingResponse,
  parts: Map<number, Uint8Array<ArrayBuffer>>,
): Promise<CompletedPart[]> {
  const { urls } = await presign(server, rec, [...parts.keys()]);
  const done: CompletedPart[] = [];
  for (const [partNumber, bytes] of parts) {
    done.push({ partNumber, etag: await putPart(urls[String(partNumber)]!, bytes) });
  }
  return done.sort((a, b) => a.partNumber - b.partNumber);
}

/** A video-sized payload split like the extension splits it: 5 MiB parts, shorter last. */
export function makeVideo(totalBytes: number): { bytes: Uint8Array<ArrayBuffer>; parts: Map<number, Uint8Array<ArrayBuffer>> } {
  const bytes = new Uint8Array(randomBytes(totalBytes));
  const parts = new Map<number, Uint8Array<ArrayBuffer>>();
  for (let offset = 0, n = 1; offset < totalBytes; offset += PART_SIZE, n++) {
    parts.set(n, bytes.subarray(offset, Math.min(offset + PART_SIZE, totalBytes)));
  }
  return { bytes, parts };
}

export async function complete(
  server: ReelayServer,
  rec: CreateRecordingResponse,
  parts: CompletedPart[],
  extra: Record<string, unknown> = { durationMs: 12_345 },
) {
  return api(server, 'POST', `/api/recordings/${rec.id}/complete`, { token: rec.uploadToken, body: { parts, ...extra } });
}

/** Uploads `parts` through presigned URLs, then completes the recording with them. */
export async function uploadAndComplete(
  server: ReelayServer,
  rec: CreateRecordingResponse,
  parts: Map<number, Uint8Array<ArrayBuffer>>,
  extra?: Record<string, unknown>,
) {
  return complete(server, rec, await uploadParts(server, rec, parts), extra);
}

/** A finished recording of `size` random bytes (throws if any step fails). */
export async function createFinishedRecording(
  server: ReelayServer,
  body: { title?: string; mimeType: string } = { title: 'Finished', mimeType: 'video/webm' },
  size = 2048,
): Promise<CreateRecordingResponse> {
  const rec = await createRecording(server, body);
  const done = await uploadAndComplete(server, rec, makeVideo(size).parts);
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.json)}`);
  return rec;
}

/**
 * Every object key under recordings/<id>/ (straight from the store), once the work the server
 * started after its answers has ended (complete removes upload.json and the head after answering).
 */
export async function objectKeys(server: ReelayServer, id: string): Promise<string[]> {
  await server.recordings.settled();
  const res = await server.s3.api.send(
    new ListObjectsV2Command({ Bucket: server.config.s3.bucket, Prefix: `recordings/${id}/` }),
  );
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

/** Multipart uploads in progress for recordings/<id>/video (straight from the store). */
export async function uploadsOf(server: ReelayServer, id: string): Promise<string[]> {
  const res = await server.s3.api.send(
    new ListMultipartUploadsCommand({ Bucket: server.config.s3.bucket, Prefix: `recordings/${id}/` }),
  );
  return (res.Uploads ?? []).map((u) => u.UploadId!);
}

/**
 * Asks for a thumbnail upload URL now; returns a function that PUTs `bytes` there with the signed
 * headers (now or later, e.g. after the recording was deleted) and resolves to the PUT status.
 */
export async function signThumbnailPut(
  server: ReelayServer,
  rec: CreateRecordingResponse,
  bytes: Uint8Array<ArrayBuffer>,
  contentType = 'image/jpeg',
  withSize = true,
): Promise<() => Promise<number>> {
  const res = await api(server, 'POST', `/api/recordings/${rec.id}/thumbnail`, {
    token: rec.uploadToken,
    body: { contentType, ...(withSize ? { size: bytes.byteLength } : {}) },
  });
  if (res.status !== 200) throw new Error(`thumbnail presign failed: ${res.status} ${JSON.stringify(res.json)}`);
  const { url, headers } = res.json as ThumbnailUploadResponse;
  return async () => {
    const put = await fetch(url, { method: 'PUT', headers, body: bytes });
    await put.arrayBuffer();
    return put.status;
  };
}

/** Asks for a thumbnail upload URL and PUTs the image there at once; returns the PUT status. */
export async function uploadThumbnail(...args: Parameters<typeof signThumbnailPut>): Promise<number> {
  return (await signThumbnailPut(...args))();
}

/**
 * Aborts the recording's multipart upload straight against the store, the way a bucket
 * lifecycle rule or an operator would: the backend is not told (its upload.json stays).
 */
export async function abortUploadOutOfBand(server: ReelayServer, rec: CreateRecordingResponse): Promise<void> {
  await server.s3.api.send(
    new AbortMultipartUploadCommand({ Bucket: server.config.s3.bucket, Key: `recordings/${rec.id}/video`, UploadId: rec.uploadId }),
  );
}
