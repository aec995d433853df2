/**
 * Part 1 made by the server (issue 11). The extension PUTs the recording's first PART_SIZE bytes
 * early, as the object recordings/<id>/head, while it still records; at complete it sends only the
 * bytes of them that changed (the WebM header: Duration, SeekHead). Here the head is read inside
 * the datacenter, patched and uploaded as part 1, so nothing but the tail leaves the user's
 * computer after Stop. The stored video is byte for byte what a client-side part 1 would give.
 * The extension asks for part 1 at Stop (POST part1, while its tail uploads), so complete itself
 * does not wait for this 5 MiB copy; complete with `head` still makes part 1 when that did not happen.
 * The copy is streamed: the head's GET body is patched as it passes into UploadPart
 * (head-patch-stream.ts), so the GET and the PUT overlap and the part is never held in memory.
 */
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_HEAD_PATCH_BYTES, PART_SIZE, type CompletedPart, type HeadPatch, type HeadUploadResponse } from '../../../api';
import { badRequest } from '../http/errors';
import { ServerTiming } from '../http/server-timing';
import { isTransientStoreError } from '../s3/client';
import { patchingStream, type BytePatch } from './head-patch-stream';
import { headKey, videoKey } from './keys';
import type { RecordingStore, SizedStream, UploadedPart } from './store';

/** Attempts at making part 1 from the head when the store fails for a moment (the SDK's own default). */
export const PART1_ATTEMPTS = 3;
const PART1_RETRY_DELAY_MS = 100;

/** The patches, decoded and checked against the head's bounds (400 invalid_head_patch otherwise). */
export function decodeHeadPatches(head: HeadPatch): BytePatch[] {
  let total = 0;
  return head.patches.map(({ offset, data }) => {
    const bytes = new Uint8Array(Buffer.from(data, 'base64'));
    total += bytes.byteLength;
    if (offset + bytes.byteLength > PART_SIZE) {
      throw badRequest('invalid_head_patch', `A patch of ${bytes.byteLength} bytes at offset ${offset} ends after the head's ${PART_SIZE} bytes`);
    }
    if (total > MAX_HEAD_PATCH_BYTES) {
      throw badRequest('invalid_head_patch', `The head patches hold more than ${MAX_HEAD_PATCH_BYTES} bytes in all`);
    }
    return { offset, bytes };
  });
}

/** ListParts' answer with part 1 replaced by the one just uploaded from the head. */
export function withPart1(uploaded: UploadedPart[], part1: CompletedPart): UploadedPart[] {
  const rest = uploaded.filter((p) => p.partNumber !== 1);
  return [{ partNumber: 1, etag: part1.etag, size: PART_SIZE, lastModified: undefined }, ...rest];
}

export class HeadObjects {
  constructor(
    private readonly store: RecordingStore,
    private readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {}

  /** A presigned PutObject of recordings/<id>/head whose signed Content-Length is PART_SIZE. */
  async presign(id: string): Promise<HeadUploadResponse> {
    const url = await this.store.urls.putObject(headKey(id), { 'Content-Length': String(PART_SIZE) }, this.ttlSeconds);
    return { url, expiresAt: new Date(this.now().getTime() + this.ttlSeconds * 1000).toISOString(), headers: {} };
  }

  /**
   * POST part1, at Stop: reads the head, patches it, uploads it as part 1 and deletes the head
   * (part 1 holds it now). Idempotent: once the head is gone, the part 1 it became is the answer.
   * 'gone' if the upload no longer exists (completed or aborted).
   */
  async writePart1(id: string, uploadId: string, head: HeadPatch, timing = new ServerTiming()): Promise<CompletedPart | 'gone'> {
    const patches = decodeHeadPatches(head);
    const opened = await timing.step('get', () => this.open(id));
    if (!opened) return this.madeEarlier(await this.store.listParts(videoKey(id), uploadId));
    const etag = await timing.step('upload', () => this.copyPatched(id, uploadId, patches, opened));
    if (etag === 'gone') return 'gone';
    await timing.step('delete', () => this.remove(id));
    return { partNumber: 1, etag };
  }

  /**
   * At complete with `head`: part 1 made from the head now (or earlier, by POST part1). 'gone' if
   * the upload no longer exists. The caller checks the whole part list (withPart1, part-check.ts).
   * `opened`: the head's GET if the caller opened it already (its body is consumed or destroyed here).
   */
  async makePart1(
    id: string,
    uploadId: string,
    head: HeadPatch,
    uploaded: UploadedPart[],
    opened?: Promise<SizedStream | undefined>,
  ): Promise<CompletedPart | 'gone'> {
    const patches = decodeHeadPatches(head); // a bad patch throws: the caller destroys `opened` (complete.ts)
    const source = await (opened ?? this.open(id));
    if (!source) return this.madeEarlier(uploaded);
    const etag = await this.copyPatched(id, uploadId, patches, source);
    return etag === 'gone' ? 'gone' : { partNumber: 1, etag };
  }

  /** The head's GET (body and size), or undefined if there is no head (any more). */
  open(id: string): Promise<SizedStream | undefined> {
    return this.store.getStream(headKey(id));
  }

  /**
   * UploadPart of part 1 from the head's GET body, patched on the way; 400 invalid_head_size
   * (before anything is sent) unless the head is exactly PART_SIZE bytes. The GET is always
   * consumed or destroyed.
   */
  private async copyPatched(id: string, uploadId: string, patches: BytePatch[], first: SizedStream): Promise<string | 'gone'> {
    // The SDK cannot replay a streamed body, so a store that fails for a moment (5xx, a reset)
    // is retried here, from a new GET of the head: as many attempts as the SDK makes itself.
    let head = first;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.copyOnce(id, uploadId, patches, head);
      } catch (err) {
        if (attempt >= PART1_ATTEMPTS || !isTransientStoreError(err)) throw err;
        await sleep(PART1_RETRY_DELAY_MS * attempt);
        const again = await this.open(id);
        if (!again) throw err; // made and removed by another request meanwhile: the caller's retry finds it
        head = again;
      }
    }
  }

  private async copyOnce(id: string, uploadId: string, patches: BytePatch[], head: SizedStream): Promise<string | 'gone'> {
    try {
      if (head.size !== PART_SIZE) {
        throw badRequest('invalid_head_size', `The head object is ${head.size} bytes; it must be exactly ${PART_SIZE} bytes (part 1)`);
      }
      const patched = pipeline(head.body, patchingStream(patches, PART_SIZE), () => undefined);
      return await this.store.uploadPart(videoKey(id), uploadId, 1, { body: patched, size: PART_SIZE });
    } finally {
      head.body.destroy(); // a no-op once the body was read to its end
    }
  }

  /**
   * No head object (`uploaded`: ListParts, undefined when the upload is gone): POST part1 made
   * part 1 from it and deleted it (only the server writes part 1 of an upload whose head went up
   * early), or no head was ever uploaded (400 head_missing).
   */
  private madeEarlier(uploaded: UploadedPart[] | undefined): CompletedPart | 'gone' {
    if (!uploaded) return 'gone';
    const part1 = uploaded.find((p) => p.partNumber === 1 && p.size === PART_SIZE);
    if (part1) return { partNumber: 1, etag: part1.etag };
    throw badRequest('head_missing', 'No head was uploaded for this recording (POST /head, then PUT part 1 there)');
  }

  /** Removes the head once the video holds it (a failure leaves it to the sweeper). */
  async remove(id: string): Promise<void> {
    await this.store.deleteObject(headKey(id)).catch(() => undefined);
  }
}
