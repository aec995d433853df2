/**
 * Part 1 from the head is a streamed UploadPart, which the SDK cannot replay: HeadObjects retries
 * it from a new GET of the head when the store fails for a moment (5xx, 429, a reset), and only
 * then. A fake store stands in for S3 (what is asserted is which failures are retried, how often,
 * and that every GET is consumed or destroyed); the real store's streamed part 1 is in head.test.ts.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../api';
import { HeadObjects, PART1_ATTEMPTS } from '../src/recordings/head';
import type { RecordingStore, SizedStream } from '../src/recordings/store';
import { isTransientStoreError } from '../src/s3/client';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const sdkError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** A store whose UploadPart fails with `failures` in turn, then answers "etag". */
function fakeStore(failures: Error[], headExists = () => true) {
  const opened: PassThrough[] = [];
  let uploads = 0;
  const store = {
    getStream: async (): Promise<SizedStream | undefined> => {
      if (!headExists()) return undefined;
      const body = new PassThrough();
      body.end(new Uint8Array(PART_SIZE));
      opened.push(body);
      return { body, size: PART_SIZE };
    },
    uploadPart: async (_key: string, _uploadId: string, _n: number, part: SizedStream) => {
      uploads++;
      const failure = failures.shift();
      if (failure) {
        part.body.destroy();
        throw failure;
      }
      for await (const _chunk of part.body) {
        // consumed, as the SDK would
      }
      return '"etag"';
    },
    listParts: async () => [],
  } as unknown as RecordingStore;
  return { heads: new HeadObjects(store, 60, () => new Date()), opened, uploads: () => uploads };
}

describe('part 1 from the head (fake store): transient store failures are retried from a new GET', () => {
  it('which failures are transient: 5xx, 429 and connection failures; not 4xx nor our own errors', () => {
    expect(isTransientStoreError(sdkError('InternalError', 500))).toBe(true);
    expect(isTransientStoreError(sdkError('SlowDown', 503))).toBe(true);
    expect(isTransientStoreError(sdkError('TooManyRequests', 429))).toBe(true);
    expect(isTransientStoreError(reset())).toBe(true);
    expect(isTransientStoreError(sdkError('AccessDenied', 403))).toBe(false);
    expect(isTransientStoreError(sdkError('InvalidPart', 400))).toBe(false);
    expect(isTransientStoreError(new Error('The stream ended after 10 of the 5242880 bytes expected'))).toBe(false);
  });

  it('a 503 then a reset: the third attempt makes part 1, each attempt from its own GET, none left open', async () => {
    const { heads, opened, uploads } = fakeStore([sdkError('SlowDown', 503), reset()]);
    const part1 = await heads.makePart1(ID, 'u1', { patches: [] }, []);
    expect(part1).toEqual({ partNumber: 1, etag: '"etag"' });
    expect(uploads()).toBe(3);
    expect(opened).toHaveLength(3);
    expect(opened.every((s) => s.destroyed || s.readableEnded)).toBe(true);
  });

  it(`gives up after ${PART1_ATTEMPTS} attempts with the store's error`, async () => {
    const { heads, uploads } = fakeStore(Array.from({ length: PART1_ATTEMPTS }, () => sdkError('InternalError', 500)));
    await expect(heads.makePart1(ID, 'u1', { patches: [] }, [])).rejects.toThrow('InternalError');
    expect(uploads()).toBe(PART1_ATTEMPTS);
  });

  it('a 4xx is not retried', async () => {
    const { heads, uploads } = fakeStore([sdkError('AccessDenied', 403)]);
    await expect(heads.makePart1(ID, 'u1', { patches: [] }, [])).rejects.toThrow('AccessDenied');
    expect(uploads()).toBe(1);
  });

  it('a head gone before the retry (part 1 made by another request): the store error is thrown, not retried blind', async () => {
    let exists = true;
    const { heads, uploads } = fakeStore([sdkError('InternalError', 500)], () => {
      const was = exists;
      exists = false;
      return was;
    });
    await expect(heads.makePart1(ID, 'u1', { patches: [] }, [])).rejects.toThrow('InternalError');
    expect(uploads()).toBe(1);
  });
});
