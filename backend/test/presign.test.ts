/**
 * Presigned part URLs: no checksum parameters (real S3/R2 would reject the upload),
 * short-lived, and each valid only for its own part number (checked against the real
 * store's SigV4 verification).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRecording, presign, putPart, startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  // MAX_RECORDING_BYTES at S3's ceiling (10,000 parts of 5 MiB), so part 10,000 may be signed.
  t = await startTestServer({ PART_URL_TTL_SECONDS: '120', S3_PUBLIC_ENDPOINT: '', MAX_RECORDING_BYTES: String(10_000 * 5 * 1024 * 1024) });
});
afterAll(async () => {
  await t?.stop();
});

describe('presigned part URLs', () => {
  it('carry no x-amz-checksum-* or x-amz-sdk-checksum-algorithm parameters', async () => {
    const rec = await createRecording(t.reelay);
    const { urls, expiresAt } = await presign(t.reelay, rec, [1, 2, 3, 10_000]);
    expect(Object.keys(urls).sort()).toEqual(['1', '10000', '2', '3']);
    for (const url of Object.values(urls)) {
      const params = [...new URL(url).searchParams.keys()].map((k) => k.toLowerCase());
      expect(params.filter((k) => k.startsWith('x-amz-checksum-'))).toEqual([]);
      expect(params).not.toContain('x-amz-sdk-checksum-algorithm');
      expect(url.toLowerCase()).not.toContain('checksum');
      // Signed, for this upload, short-lived (PART_URL_TTL_SECONDS).
      const q = new URL(url).searchParams;
      expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(q.get('uploadId')).toBe(rec.uploadId);
      expect(q.get('X-Amz-Expires')).toBe('120');
    }
    const ttl = Date.parse(expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(100_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  it('are made for the store address browsers use', async () => {
    const rec = await createRecording(t.reelay);
    const { urls } = await presign(t.reelay, rec, [1]);
    expect(new URL(urls['1']!).origin).toBe(new URL(t.reelay.config.s3.publicEndpoint).origin);
  });

  it('each is valid only for its own part number', async () => {
    const rec = await createRecording(t.reelay);
    const { urls } = await presign(t.reelay, rec, [1, 2]);
    const forged = new URL(urls['1']!);
    forged.searchParams.set('partNumber', '2');
    const res = await fetch(forged, { method: 'PUT', body: new Uint8Array(8) });
    expect(res.status).toBe(403);
    // The genuine URLs work.
    await putPart(urls['1']!, new Uint8Array(8));
    await putPart(urls['2']!, new Uint8Array(8));
    const listed = await api(t.reelay, 'GET', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken });
    expect(listed.json.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2]);
  });
});

describe('S3_PUBLIC_ENDPOINT', () => {
  it('presigns part URLs for the public address while the backend talks to the real one', async () => {
    const other = await startTestServer({ S3_PUBLIC_ENDPOINT: 'http://store.example.test:9000' });
    try {
      const rec = await createRecording(other.reelay);
      const { urls } = await presign(other.reelay, rec, [1]);
      expect(new URL(urls['1']!).origin).toBe('http://store.example.test:9000');
      // The backend itself still reaches the store (create worked; listing works).
      const listed = await api(other.reelay, 'GET', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken });
      expect(listed.status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
