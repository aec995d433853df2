/**
 * UploadPart when the connection breaks (a fake S3 client: a store that answers NoSuchUpload before
 * reading a large body and closes the connection can't be made to do so on cue). The part is
 * 'gone' if the upload no longer exists, and the transport error stands if it still does.
 */
import { ListPartsCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { RecordingStore } from '../src/recordings/store';
import type { S3Clients } from '../src/s3/client';

const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const noSuchUpload = () => Object.assign(new Error('The specified upload does not exist.'), { name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });

function storeWith(listParts: () => Promise<unknown>): { store: RecordingStore; sent: string[] } {
  const sent: string[] = [];
  const api = {
    config: { region: async () => 'us-east-1' },
    send: async (command: unknown) => {
      sent.push((command as object).constructor.name);
      if (command instanceof UploadPartCommand) throw reset();
      if (command instanceof ListPartsCommand) return listParts();
      throw new Error('unexpected command');
    },
  } as unknown as S3Client;
  const clients: S3Clients = { api, presign: api, presignEndpoint: 'http://127.0.0.1:1', forcePathStyle: true, bucket: 'b', destroy: () => {} };
  return { store: new RecordingStore(clients), sent };
}

describe('uploadPart on a broken connection (fake S3 client)', () => {
  it("is 'gone' when ListParts says the upload no longer exists", async () => {
    const { store, sent } = storeWith(async () => {
      throw noSuchUpload();
    });
    expect(await store.uploadPart('recordings/x/video.webm', 'u1', 1, new Uint8Array(10))).toBe('gone');
    expect(sent).toEqual(['UploadPartCommand', 'ListPartsCommand']);
  });

  it('keeps the transport error when the upload still exists (the caller retries or reports it)', async () => {
    const { store } = storeWith(async () => ({ Parts: [] }));
    await expect(store.uploadPart('recordings/x/video.webm', 'u1', 1, new Uint8Array(10))).rejects.toThrow('socket hang up');
  });
});
