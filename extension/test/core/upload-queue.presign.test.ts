/** The upload queue's presigned URLs: signed while the part is read, in batches, ahead of need, re-signed after a 403 or near expiry; refusals surface. */
import { describe, expect, it, vi } from 'vitest';
import { HttpError, NetworkError, PartRejectedError, PresignRejectedError } from '../../src/core/upload-errors';
import { parts, setup } from './queue-harness';

describe('UploadQueue presigning', () => {
  it('reads the part from the source while its URL is being presigned', async () => {
    const order: string[] = [];
    let releasePresign = () => {};
    const presignGate = new Promise<void>((r) => (releasePresign = r));
    const { queue, source } = setup({
      presigner: {
        presign: async (numbers) => {
          order.push('presign-start');
          await presignGate;
          order.push('presign-end');
          return { urls: Object.fromEntries(numbers.map((n) => [String(n), `fake://part/${n}`])), expiresAt: Date.now() + 600_000 };
        },
      },
    });
    queue.enqueue(parts(1));
    await vi.waitFor(() => expect(source.reads).toEqual([1]));
    expect(order).toEqual(['presign-start']);
    releasePresign();
    await queue.idle();
    expect(order).toEqual(['presign-start', 'presign-end']);
  });

  it('with presignAhead, signs the upcoming part numbers before they are enqueued, so they start without a presign', async () => {
    const { queue, presigner, persisted } = setup({ maxInFlight: 2, presignBatchSize: 6, presignAhead: 4 });
    queue.enqueue(parts(1));
    await queue.idle();
    // Part 1 plus the next four part numbers, in one request.
    const sorted = () => presigner.batches.map((b) => [...b].sort((x, y) => x - y));
    expect(sorted()).toEqual([[1, 2, 3, 4, 5]]);
    queue.enqueue(parts(2, 3));
    await queue.idle();
    queue.enqueue(parts(4));
    await queue.idle();
    expect(persisted.map((a) => a.partNumber).sort()).toEqual([1, 2, 3, 4]);
    // Parts 2–4 used the URLs signed ahead; the later batches only keep the window filled.
    expect(sorted()[0]).toEqual([1, 2, 3, 4, 5]);
    for (const batch of presigner.batches.slice(1)) expect(Math.min(...batch)).toBeGreaterThan(5);
  });

  it('without presignAhead, presigns nothing beyond the parts it was given', async () => {
    const { queue, presigner } = setup({ maxInFlight: 3 });
    queue.enqueue(parts(1, 2));
    await queue.idle();
    expect(presigner.batches.flat().sort()).toEqual([1, 2]);
  });

  it('presigns the parts about to be sent in one batch and ignores duplicate enqueues', async () => {
    const { queue, presigner } = setup({ maxInFlight: 3 });
    queue.enqueue(parts(1, 2, 3));
    queue.enqueue(parts(2, 3));
    await queue.idle();
    expect(presigner.batches).toEqual([[1, 2, 3]]);
  });

  it('reuses a URL for a retry while it is fresh, and presigns again once it is about to expire', async () => {
    const { queue, presigner, transport, clock } = setup({ urlExpiryMarginMs: 60_000 });
    presigner.ttlMs = 10 * 60_000;
    transport.fail(1, new HttpError(503));
    queue.enqueue(parts(1));
    await queue.idle();
    expect(presigner.batches).toEqual([[1]]);
    expect(transport.puts.map((p) => p.url)).toEqual(['fake://part/1?v=1', 'fake://part/1?v=1']);

    // Part 2 signed now, fails, and the backoff crosses into the expiry margin: sign again.
    presigner.ttlMs = 60_100; // fresh for 100 ms, then inside the 60 s margin
    transport.fail(2, new HttpError(503));
    queue.enqueue(parts(2));
    await queue.idle();
    expect(clock.sleeps.at(-1)).toBeGreaterThan(100);
    expect(presigner.batches).toEqual([[1], [2], [2]]);
  });

  it('signs again after 403 (expired/invalid URL) and retries without backoff', async () => {
    const { queue, transport, presigner, clock } = setup();
    transport.fail(1, new HttpError(403, 'access_denied'));
    queue.enqueue(parts(1));
    await queue.idle();
    expect(presigner.batches).toEqual([[1], [1]]);
    expect(transport.puts.map((p) => p.url)).toEqual(['fake://part/1?v=1', 'fake://part/1?v=2']);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up with PartRejectedError when 403 persists after re-signing', async () => {
    const { queue, transport } = setup({ retry: { maxResignAttempts: 2 } });
    transport.fail(1, ...Array.from({ length: 5 }, () => new HttpError(403)));
    queue.enqueue(parts(1));
    const error = await queue.idle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartRejectedError);
    expect((error as PartRejectedError).partNumber).toBe(1);
    expect(transport.puts).toHaveLength(3);
  });

  it('surfaces PresignRejectedError when the backend refuses to presign (401)', async () => {
    const { queue, presigner, transport } = setup({ retry: { maxPermanentAttempts: 1 } });
    presigner.failures.push(new HttpError(401, 'unauthorized'));
    queue.enqueue(parts(1, 2));
    const error = await queue.idle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PresignRejectedError);
    expect((error as PresignRejectedError).partNumbers).toEqual([1, 2]);
    expect(transport.puts).toHaveLength(0);
  });

  it('retries a presign that failed with a network error', async () => {
    const { queue, presigner, persisted } = setup();
    presigner.failures.push(new NetworkError());
    queue.enqueue(parts(1));
    await queue.idle();
    expect(persisted.map((a) => a.partNumber)).toEqual([1]);
    expect(presigner.batches).toEqual([[1], [1]]);
  });

});
