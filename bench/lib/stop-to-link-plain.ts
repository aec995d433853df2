/**
 * The plain approach, for comparison: nothing is uploaded while recording; at Stop the whole file
 * goes up as a multipart upload (same API, same presigned part PUTs, 3 parts in flight like the
 * extension), is completed, and then the share link is playable.
 */
import { PART_SIZE } from '../../api';
import { storePartTransport } from '../../extension/src/offscreen/store-put';
import { ApiClient } from '../../extension/src/shared/api-client';

export interface PlainRun {
  /** Stop → complete answered. */
  stopToDoneMs: number;
  /** Stop → GET /v/:id/video answered with the first bytes (206). */
  stopToPlayableMs: number;
  parts: number;
}

const IN_FLIGHT = 3;

export async function runPlainUpload(
  backend: { url: string; apiToken: string },
  file: Uint8Array<ArrayBuffer>,
  durationMs: number,
  beforeStop: () => void = () => {},
): Promise<PlainRun> {
  const client = new ApiClient({ serverUrl: backend.url });
  beforeStop();
  const partCount = Math.max(1, Math.ceil(file.length / PART_SIZE));
  const t0 = performance.now();
  const created = await client.createRecording(backend.apiToken, { title: 'bench plain', mimeType: 'video/webm;codecs=vp9,opus' });
  const partNumbers = Array.from({ length: partCount }, (_, i) => i + 1);
  const urls: Record<string, string> = {};
  for (let i = 0; i < partNumbers.length; i += 1000) {
    Object.assign(urls, (await client.presignParts(created.id, created.uploadToken, { partNumbers: partNumbers.slice(i, i + 1000) })).urls);
  }
  const transport = storePartTransport();
  const signal = new AbortController().signal;
  const etags: string[] = new Array(partCount);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, partCount) }, async () => {
      for (let n = next++; n < partCount; n = next++) {
        const body = file.subarray(n * PART_SIZE, Math.min(file.length, (n + 1) * PART_SIZE));
        etags[n] = await transport.put(urls[String(n + 1)]!, body, signal);
      }
    }),
  );
  await client.completeRecording(created.id, created.uploadToken, {
    parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })),
    durationMs,
  });
  const t1 = performance.now();
  const playable = await fetch(`${backend.url}/v/${created.id}/video`, { headers: { range: 'bytes=0-1023' } });
  await playable.arrayBuffer();
  const t2 = performance.now();
  if (playable.status !== 206) throw new Error(`plain: the video did not answer: HTTP ${playable.status}`);
  await client.deleteRecording(created.id, created.uploadToken).catch(() => undefined);
  return { stopToDoneMs: t1 - t0, stopToPlayableMs: t2 - t0, parts: partCount };
}
