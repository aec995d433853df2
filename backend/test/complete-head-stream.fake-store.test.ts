/**
 * complete with `head` opens the head's GET early (while upload.json is read): when complete ends
 * before part 1 is made from it, or fails, the GET stream is destroyed, not left holding a
 * connection. A fake store (what is asserted is the stream's fate, not S3's answers).
 */
import { PassThrough } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PART_SIZE, type CompleteRecordingRequest } from '../../api';
import { RecordingCompleter } from '../src/recordings/complete';
import { HeadObjects } from '../src/recordings/head';
import { PendingCache } from '../src/recordings/pending-cache';
import type { PendingUpload } from '../src/recordings/schemas';
import type { RecordingStore, SizedStream, UploadedPart } from '../src/recordings/store';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const upload: PendingUpload = { id: ID, uploadId: 'u1', createdAt: new Date(0).toISOString(), title: 't', mimeType: 'video/webm' };

function completer(state: { pending: boolean; listed: UploadedPart[] | undefined }) {
  const opened: PassThrough[] = [];
  const store = {
    getJson: async (key: string) => (state.pending && key.endsWith('/upload.json') ? upload : undefined),
    listParts: async () => state.listed,
    headSize: async () => undefined,
    getStream: async (): Promise<SizedStream> => {
      const body = new PassThrough();
      body.write(new Uint8Array(1000)); // the first bytes on their way, the rest still to come
      opened.push(body);
      return { body, size: PART_SIZE };
    },
  } as unknown as RecordingStore;
  const c = new RecordingCompleter({
    store,
    heads: new HeadObjects(store, 60, () => new Date()),
    pending: new PendingCache(),
    now: () => new Date(),
    shareUrl: (id) => `http://x/v/${id}`,
    gone: () => new Error('upload_gone'),
    afterwards: () => undefined,
  });
  return { c, opened };
}

const req = (extra: Partial<CompleteRecordingRequest> = {}): CompleteRecordingRequest =>
  ({ parts: [{ partNumber: 2, etag: '"e"' }], durationMs: 1, head: { patches: [] }, ...extra }) as CompleteRecordingRequest;

async function expectDestroyedAfter(run: Promise<unknown>, opened: PassThrough[], error: string | RegExp) {
  await expect(run).rejects.toThrow(error);
  await tick();
  expect(opened).toHaveLength(1);
  expect(opened[0]!.destroyed).toBe(true);
}

describe('complete with `head`: the early head GET is never leaked', () => {
  it('is destroyed when there is no upload.json (404)', async () => {
    const { c, opened } = completer({ pending: false, listed: [] });
    await expectDestroyedAfter(c.complete(ID, req()), opened, 'No such recording');
  });

  it('is destroyed when the upload is gone at ListParts', async () => {
    const { c, opened } = completer({ pending: true, listed: undefined });
    await expectDestroyedAfter(c.complete(ID, req()), opened, 'upload_gone');
  });

  it('is destroyed when the request lists part 1 besides the head (400)', async () => {
    const { c, opened } = completer({ pending: true, listed: [] });
    await expectDestroyedAfter(c.complete(ID, req({ parts: [{ partNumber: 1, etag: '"e"' }] })), opened, /start at 2/);
  });

  it('is destroyed when a patch lies outside the head (400 invalid_head_patch)', async () => {
    const { c, opened } = completer({ pending: true, listed: [] });
    const head = { patches: [{ offset: PART_SIZE - 1, data: Buffer.from([1, 2]).toString('base64') }] };
    await expectDestroyedAfter(c.complete(ID, req({ head })), opened, /ends after the head/);
  });

  it('is not opened without `head`', async () => {
    const { c, opened } = completer({ pending: false, listed: [] });
    await expect(c.complete(ID, req({ head: undefined }))).rejects.toThrow();
    expect(opened).toHaveLength(0);
  });
});
