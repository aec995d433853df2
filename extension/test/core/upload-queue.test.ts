import { describe, expect, it, vi } from 'vitest';
import {
  AckPersistError,
  HttpError,
  MissingEtagError,
  NetworkError,
  PartRejectedError,
  PartSizeMismatchError,
  UploadAbortedError,
  UploadStalledError,
} from '../../src/core/upload-errors';
import { counted, P, parts, setup } from './queue-harness';

describe('UploadQueue with fake ports', () => {
  it('uploads every part once and reports each acknowledgement with ETag and size', async () => {
    const { queue, persisted, transport } = setup();
    queue.enqueue([...parts(1, 2, 3, 4), { partNumber: 5, size: 10 }]);
    await queue.idle();
    expect(persisted.map((a) => a.partNumber).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(counted(persisted)).toEqual([
      ...[1, 2, 3, 4].map((n) => ({ partNumber: n, etag: `"etag-${n}-${P}"`, size: P })),
      { partNumber: 5, etag: '"etag-5-10"', size: 10 },
    ]);
    expect(transport.puts.map((p) => p.partNumber).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(queue.progress()).toMatchObject({ partsUploaded: 5, partsQueued: 0, bytesUploaded: 4 * P + 10 });
  });

  it('counts a part as uploaded only after onAcknowledged resolved', async () => {
    const seenDuringAck: number[] = [];
    const { queue } = setup({
      onAcknowledged: async () => {
        seenDuringAck.push(queue.progress().partsUploaded);
      },
    });
    queue.enqueue(parts(1));
    await queue.idle();
    expect(seenDuringAck).toEqual([0]);
    expect(queue.progress().partsUploaded).toBe(1);
  });

  it('keeps at most 3 parts in flight and uses all 3 slots', async () => {
    const { queue, transport } = setup();
    transport.gated = true;
    queue.enqueue(parts(1, 2, 3, 4, 5, 6, 7));
    for (let done = 0; done < 7; ) {
      await vi.waitFor(() => expect(transport.waiting).toBe(Math.min(3, 7 - done)));
      transport.release(1);
      done++;
    }
    await queue.idle();
    expect(transport.maxInFlight).toBe(3);
  });

  it('frees the PUT slot once the store answered, while the acknowledgement is still being persisted', async () => {
    let releaseAck = () => {};
    const ackGate = new Promise<void>((r) => (releaseAck = r));
    const persistedNow: number[] = [];
    const { queue, transport } = setup({
      maxInFlight: 1,
      onAcknowledged: async (ack) => {
        if (ack.partNumber === 1) await ackGate;
        persistedNow.push(ack.partNumber);
      },
    });
    queue.enqueue(parts(1, 2));
    let idle = false;
    void queue.idle().then(() => (idle = true));
    // Part 2 goes up while part 1's acknowledgement is still being written.
    await vi.waitFor(() => expect(transport.puts.map((p) => p.partNumber)).toEqual([1, 2]));
    await vi.waitFor(() => expect(persistedNow).toEqual([2]));
    expect(queue.progress()).toMatchObject({ partsUploaded: 1, partsQueued: 1 });
    expect(idle).toBe(false);
    releaseAck();
    await queue.idle();
    expect(persistedNow).toEqual([2, 1]);
    expect(queue.progress()).toMatchObject({ partsUploaded: 2, partsQueued: 0 });
  });

  it('a failed acknowledgement fails the queue even after its slot was freed', async () => {
    const { queue } = setup({
      maxInFlight: 1,
      onAcknowledged: async (ack) => {
        if (ack.partNumber === 1) throw new Error('disk full');
      },
    });
    queue.enqueue(parts(1, 2));
    await expect(queue.idle()).rejects.toBeInstanceOf(AckPersistError);
    expect(queue.progress().partsUploaded, 'part 1 is not counted as uploaded').toBe(0);
  });

  it('retries network errors, 5xx, 408 and 429 with exponential backoff and still succeeds', async () => {
    const { queue, transport, clock, persisted } = setup({ retry: { baseDelayMs: 100, maxDelayMs: 10_000 } });
    transport.fail(1, new NetworkError(), new HttpError(500), new HttpError(408), new HttpError(429), new HttpError(502));
    queue.enqueue(parts(1));
    await queue.idle();
    expect(persisted.map((a) => a.partNumber)).toEqual([1]);
    // random() = 0 → half of 100·2^k
    expect(clock.sleeps).toEqual([50, 100, 200, 400, 800]);
  });

  it('waits at least Retry-After', async () => {
    const { queue, transport, clock } = setup();
    transport.fail(1, new HttpError(429, 'store_error', 7000));
    queue.enqueue(parts(1));
    await queue.idle();
    expect(clock.sleeps).toEqual([7000]);
  });

  it('a failing part does not fail the others while it has retries left', async () => {
    const { queue, transport, persisted, progress } = setup();
    transport.fail(2, new HttpError(503), new HttpError(503), new HttpError(503));
    queue.enqueue(parts(1, 2, 3, 4));
    await queue.idle();
    expect(persisted.map((a) => a.partNumber).sort()).toEqual([1, 2, 3, 4]);
    expect(progress.some((p) => p.retrying?.parts === 1 && p.waitingForServer)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ waitingForServer: false, partsUploaded: 4 });
    expect(progress.at(-1)?.retrying).toBeUndefined();
  });

  it('gives up on a permanent 4xx (upload_gone) after maxPermanentAttempts', async () => {
    const { queue, transport } = setup({ retry: { maxPermanentAttempts: 2 } });
    transport.fail(1, new HttpError(404, 'upload_gone'), new HttpError(404, 'upload_gone'), 'ok');
    queue.enqueue(parts(1));
    const error = await queue.idle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartRejectedError);
    expect(((error as PartRejectedError).cause as HttpError).code).toBe('upload_gone');
    expect(transport.puts).toHaveLength(2);
  });

  it('surfaces UploadStalledError after the transient budget and aborts the other in-flight PUTs', async () => {
    const { queue, transport } = setup({ retry: { maxTransientAttempts: 3 } });
    transport.fail(1, new HttpError(500), new HttpError(500), new HttpError(500));
    transport.fail(2, ...Array.from({ length: 10 }, () => new HttpError(503)));
    queue.enqueue(parts(1, 2));
    const error = await queue.idle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadStalledError);
    expect(queue.error).toBe(error);
    // every PUT that was still running got its signal aborted
    expect(transport.puts.every((p) => p.signal.aborted)).toBe(true);
    expect(() => queue.enqueue(parts(3))).toThrow(UploadStalledError);
  });

  it('offline: waits for connectivity without sending and without spending retries', async () => {
    const { queue, transport, connectivity, persisted, progress } = setup({ retry: { maxTransientAttempts: 2 } });
    connectivity.set(false);
    queue.enqueue(parts(1));
    await vi.waitFor(() => expect(connectivity.waitCalls).toBeGreaterThan(0));
    expect(transport.puts).toHaveLength(0);
    expect(queue.progress().offline).toBe(true);

    // Network errors that happen because the connection dropped do not count.
    transport.fail(1, new NetworkError(), new NetworkError(), new NetworkError());
    transport.onFailure = () => {
      connectivity.set(false);
      setImmediate(() => connectivity.set(true));
    };
    connectivity.set(true);
    await queue.idle();
    expect(persisted.map((a) => a.partNumber)).toEqual([1]);
    expect(transport.puts).toHaveLength(4);
    expect(progress.at(-1)?.offline).toBe(false);
  });

  it('cancels through the AbortSignal: in-flight PUTs abort, idle() rejects with UploadAbortedError', async () => {
    const controller = new AbortController();
    const { queue, transport, persisted } = setup({ signal: controller.signal });
    transport.gated = true;
    queue.enqueue(parts(1, 2, 3, 4));
    await vi.waitFor(() => expect(transport.waiting).toBe(3));
    const idle = queue.idle();
    controller.abort();
    await expect(idle).rejects.toBeInstanceOf(UploadAbortedError);
    expect(transport.puts.map((p) => p.signal.aborted)).toEqual([true, true, true]);
    expect(persisted).toEqual([]);
  });

  it('fails with AckPersistError when the acknowledgement cannot be persisted', async () => {
    const { queue } = setup({
      onAcknowledged: async () => {
        throw new Error('QuotaExceededError');
      },
    });
    queue.enqueue(parts(1));
    await expect(queue.idle()).rejects.toBeInstanceOf(AckPersistError);
    expect(queue.progress()).toMatchObject({ partsUploaded: 0, bytesUploaded: 0 });
  });

  it('refuses to upload a part whose bytes have the wrong size', async () => {
    const { queue, source, transport } = setup();
    source.sizeOverride.set(1, P - 1);
    queue.enqueue(parts(1));
    await expect(queue.idle()).rejects.toBeInstanceOf(PartSizeMismatchError);
    expect(transport.puts).toHaveLength(0);
  });

  it('fails at once when the ETag is not readable (CORS), without retrying', async () => {
    const { queue, transport } = setup();
    transport.fail(1, new MissingEtagError());
    queue.enqueue(parts(1));
    const error = await queue.idle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartRejectedError);
    expect(transport.puts).toHaveLength(1);
  });

  it('resumes: previously acknowledged parts count as uploaded and are not sent again', async () => {
    const resumed = [{ partNumber: 1, etag: '"old"', size: P }];
    const { queue, transport, persisted } = setup({ acknowledged: resumed });
    queue.enqueue(parts(1, 2));
    await queue.idle();
    expect(transport.puts.map((p) => p.partNumber)).toEqual([2]);
    expect(counted(persisted, resumed).map((a) => a.etag)).toEqual(['"old"', `"etag-2-${P}"`]);
    expect(queue.progress()).toMatchObject({ partsUploaded: 2, bytesUploaded: 2 * P });
  });

  it('idle() resolves at once when nothing is queued, and again after later enqueues', async () => {
    const { queue, persisted } = setup();
    await queue.idle();
    queue.enqueue(parts(1));
    await queue.idle();
    queue.enqueue(parts(2));
    await queue.idle();
    expect(persisted.map((a) => a.partNumber)).toEqual([1, 2]);
  });
});
