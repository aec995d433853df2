/**
 * Many recordings uploading at once through ONE backend, the way the extension does it:
 * create → presign part 1 → PUT 5 MiB → presign part 2 → PUT the short last part →
 * list parts → complete; then every video is read back through /v/<id>/video and its
 * SHA-256 compared with what was sent. Used by backend/test/load.test.ts (correctness)
 * and bench/load.bench.ts (figures). Presign latency is measured client-side per request.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { PART_SIZE } from '../../api';

export interface ConcurrentUploadOptions {
  /** Backend base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  apiToken: string;
  recordings: number;
  /** Size of each recording's short last part (bytes, < 5 MiB). */
  lastPartBytes: number;
}

export interface ConcurrentUploadResult {
  recordings: number;
  /** Bytes uploaded (and read back) in total. */
  bytes: number;
  /** From the first create to the last complete. */
  uploadMs: number;
  /** Latency of every POST /api/recordings/:id/parts, in ms. */
  presignMs: number[];
  /** One line per recording that failed or came back different. */
  failures: string[];
}

/** "fetch failed" says little: add the cause (ECONNRESET, UND_ERR_SOCKET, ...). */
function describe(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  return e.cause ? `${e.message} (${e.cause.code ?? ''} ${e.cause.message})` : String(e?.message ?? err);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function call(url: string, init: RequestInit & { token: string; json?: unknown }): Promise<any> {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${init.token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  }).catch((err: unknown) => {
    throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname}: ${describe(err)}`);
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

async function putPart(url: string, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: bytes }).catch((err: unknown) => {
    throw new Error(`PUT part: ${describe(err)}`);
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`PUT part: HTTP ${res.status} ${text.slice(0, 200)}`);
  const etag = res.headers.get('etag');
  if (!etag) throw new Error('PUT part: no ETag');
  return etag;
}

export async function runConcurrentUploads(opts: ConcurrentUploadOptions): Promise<ConcurrentUploadResult> {
  const { url, apiToken } = opts;
  // Distinct random content per recording, so a mix-up between recordings cannot go unnoticed.
  const videos = Array.from({ length: opts.recordings }, () => randomFillSync(new Uint8Array(PART_SIZE + opts.lastPartBytes)));
  const presignMs: number[] = [];
  const failures: string[] = [];

  const presign = async (id: string, token: string, partNumber: number): Promise<string> => {
    const start = performance.now();
    const res = await call(`${url}/api/recordings/${id}/parts`, { method: 'POST', token, json: { partNumbers: [partNumber] } });
    presignMs.push(performance.now() - start);
    return res.urls[String(partNumber)];
  };

  const uploadOne = async (video: Uint8Array<ArrayBuffer>, i: number): Promise<string> => {
    const rec = await call(`${url}/api/recordings`, { method: 'POST', token: apiToken, json: { title: `load ${i}`, mimeType: 'video/webm' } });
    const token: string = rec.uploadToken;
    const parts = [video.subarray(0, PART_SIZE), video.subarray(PART_SIZE)];
    const etags: string[] = [];
    for (const [index, bytes] of parts.entries()) {
      etags.push(await putPart(await presign(rec.id, token, index + 1), bytes));
    }
    const listed = await call(`${url}/api/recordings/${rec.id}/parts`, { method: 'GET', token });
    if (listed.parts.length !== 2) throw new Error(`ListParts shows ${listed.parts.length} parts`);
    await call(`${url}/api/recordings/${rec.id}/complete`, {
      method: 'POST',
      token,
      json: { parts: etags.map((etag, n) => ({ partNumber: n + 1, etag })), durationMs: 1000 },
    });
    return rec.id as string;
  };

  const start = performance.now();
  const settled = await Promise.allSettled(videos.map(uploadOne));
  const uploadMs = performance.now() - start;

  // Read every finished recording back (a few at a time) and compare hashes.
  const ids = settled.map((s, i) => {
    if (s.status === 'rejected') failures.push(`recording ${i}: ${describe(s.reason)}`);
    return s.status === 'fulfilled' ? s.value : undefined;
  });
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map(async (id, k) => {
        if (!id) return;
        const n = i + k;
        try {
          const res = await fetch(`${url}/v/${id}/video`);
          const body = new Uint8Array(await res.arrayBuffer());
          if (res.status !== 200) failures.push(`recording ${n}: GET video HTTP ${res.status}`);
          else if (sha(body) !== sha(videos[n]!)) failures.push(`recording ${n}: video differs (${body.byteLength} bytes read, ${videos[n]!.byteLength} sent)`);
        } catch (err) {
          failures.push(`recording ${n}: GET video failed: ${describe(err)}`);
        }
      }),
    );
  }
  return {
    recordings: opts.recordings,
    bytes: videos.reduce((sum, v) => sum + v.byteLength, 0),
    uploadMs,
    presignMs,
    failures,
  };
}
