/**
 * For the upload-efficiency benchmark: the browser's own floor — the same number and sizes of
 * parts PUT by bare fetch() calls from the replay offscreen document (one in-memory Blob, same
 * concurrency, no spool or queue), through presigned URLs from the same backend to the same store.
 * It separates what the browser's network stack costs from what the extension's pipeline costs.
 */
import { PART_SIZE } from '../../api';
import { ApiClient } from '../../extension/src/shared/api-client';
import type { ReplayBrowser } from './bench-extension';
import type { FloorBodies } from '../extension-pages/fetch-floor';

export async function browserFetchFloor(
  b: ReplayBrowser,
  backend: { url: string; apiToken: string },
  totalBytes: number,
  inFlight: number,
  bodies: FloorBodies = 'memory',
  chunkBytes?: number,
): Promise<number> {
  const client = new ApiClient({ serverUrl: backend.url });
  const parts = Math.max(1, Math.ceil(totalBytes / PART_SIZE));
  const created = await client.createRecording(backend.apiToken, { title: 'bench fetch floor', mimeType: 'video/webm;codecs=vp9,opus' });
  try {
    const numbers = Array.from({ length: parts }, (_, i) => i + 1);
    const { urls } = await client.presignParts(created.id, created.uploadToken, { partNumbers: numbers });
    const lastPartBytes = totalBytes - (parts - 1) * PART_SIZE;
    return await b.call('fetchFloor', numbers.map((n) => urls[String(n)]!), PART_SIZE, lastPartBytes, inFlight, bodies, chunkBytes ?? null);
  } finally {
    await client.deleteRecording(created.id, created.uploadToken).catch(() => undefined);
  }
}
