/**
 * The embedded store enforces Reelay's part size (issue 15): an UploadPart body larger than
 * PART_SIZE is refused with 400 EntityTooLarge before anything is written; a full part and a
 * shorter last part are taken. Real presigned URLs over HTTP, from the backend's own signer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../api/limits';
import { createRecording, presign, startTestServer, type TestServer } from '../../backend/test/helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

describe('part size in the embedded store', () => {
  it('refuses a part of PART_SIZE + 1 bytes (400 EntityTooLarge); takes PART_SIZE and a shorter one', async () => {
    const rec = await createRecording(t.reelay);
    const { urls } = await presign(t.reelay, rec, [1, 2]);
    const tooBig = await fetch(urls['1']!, { method: 'PUT', body: new Uint8Array(PART_SIZE + 1) });
    expect(tooBig.status).toBe(400);
    const xml = await tooBig.text();
    expect(xml).toContain('<Code>EntityTooLarge</Code>');
    expect(xml).toContain(`<MaxSizeAllowed>${PART_SIZE}</MaxSizeAllowed>`);
    expect((await fetch(urls['1']!, { method: 'PUT', body: new Uint8Array(PART_SIZE) })).status).toBe(200);
    expect((await fetch(urls['2']!, { method: 'PUT', body: new Uint8Array(1234) })).status).toBe(200);
  });
});
