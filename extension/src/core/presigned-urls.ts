/**
 * The upload queue's presigned UploadPart URLs: a cache (a URL is reused until shortly before it
 * expires) filled in batches — one request signs the part that needs a URL together with the parts
 * about to be sent next — optionally ahead of need, so no PUT waits for a presign.
 */
import { MAX_PART_NUMBER } from '../../../api';
import { describeError } from './upload-errors';
import type { Clock, Presigner } from './upload-ports';

interface CachedUrl {
  url: string;
  expiresAt: number;
}

/** Wraps presigner errors so they are classified (and reported) as presign failures. */
export class PresignFailure extends Error {
  constructor(
    readonly partNumbers: number[],
    override readonly cause: unknown,
  ) {
    super(describeError(cause));
  }
}

/** The queue's parts, in the order they will be sent (what a batch is filled with). */
export interface QueueOrder {
  inFlight: () => number[];
  queued: () => number[];
  /** The highest part number ever enqueued (presigning ahead continues after it). */
  highest: () => number;
}

export interface PresignedUrlsOptions {
  presigner: Presigner;
  clock: Clock;
  order: QueueOrder;
  batchSize: number;
  /** Keep URLs ready for this many part numbers after the ones in flight (0: only when a part starts). */
  ahead: number;
  /** A cached URL is reused until this long before it expires. */
  expiryMarginMs: number;
}

export class PresignedUrls {
  private readonly urls = new Map<number, CachedUrl>();
  private readonly presigning = new Map<number, Promise<Map<number, CachedUrl>>>();

  constructor(private readonly options: PresignedUrlsOptions) {}

  /** The part's URL failed with 403: never hand it out again. */
  forget(partNumber: number): void {
    this.urls.delete(partNumber);
  }

  /** A usable URL for part n: cached, joined from a batch in progress, or from a new batch. */
  async urlFor(partNumber: number, signal: AbortSignal): Promise<string> {
    const cached = this.urls.get(partNumber);
    if (this.isFresh(cached)) return cached.url;
    const batch = this.presigning.get(partNumber) ?? this.presignBatch(partNumber, signal);
    // A freshly signed URL is used even if the local clock calls it stale (clock skew); a 403 re-signs.
    const fresh = (await batch).get(partNumber) ?? (await this.presignBatch(partNumber, signal, { alone: true })).get(partNumber);
    if (!fresh) throw new PresignFailure([partNumber], new Error(`the presigner returned no URL for part ${partNumber}`));
    return fresh.url;
  }

  /** With `ahead`: start a batch in the background when an upcoming part has no usable URL. */
  presignUpcoming(signal: AbortSignal): void {
    if (this.options.ahead === 0 || signal.aborted) return;
    const missing = this.upcoming().find((n) => !this.presigning.has(n) && !this.isFresh(this.urls.get(n)));
    // A failure here costs nothing: the part presigns (and retries) for itself when it starts.
    if (missing !== undefined) this.presignBatch(missing, signal).catch(() => {});
  }

  private isFresh(cached: CachedUrl | undefined): cached is CachedUrl {
    return cached !== undefined && this.options.clock.now() < cached.expiresAt - this.options.expiryMarginMs;
  }

  /** The part numbers to sign after the ones in flight: queued first, then those after the highest seen. */
  private upcoming(): number[] {
    const { ahead, order } = this.options;
    const numbers = order.queued().slice(0, ahead);
    for (let n = order.highest() + 1; numbers.length < ahead && n <= MAX_PART_NUMBER; n++) numbers.push(n);
    return numbers;
  }

  /**
   * Presign part n together with the parts about to be sent next (in flight first, then queued, then
   * upcoming), or `alone`: a server may leave parts out of a batch (those past the account's limits),
   * and then part n asks for itself, to get the server's own answer (its URL, or why not).
   */
  private presignBatch(partNumber: number, signal: AbortSignal, { alone = false } = {}): Promise<Map<number, CachedUrl>> {
    const numbers = [partNumber];
    const { order, batchSize } = this.options;
    const candidates = alone ? [] : [...order.inFlight().sort((a, b) => a - b), ...order.queued(), ...this.upcoming()];
    for (const n of candidates) {
      if (numbers.length >= batchSize) break;
      if (n === partNumber || this.presigning.has(n) || this.isFresh(this.urls.get(n))) continue;
      numbers.push(n);
    }
    const promise = (async () => {
      try {
        const { urls, expiresAt } = await this.options.presigner.presign(numbers, signal);
        const result = new Map<number, CachedUrl>();
        for (const n of numbers) {
          const url = urls[String(n)];
          if (url === undefined) continue;
          const entry = { url, expiresAt };
          result.set(n, entry);
          this.urls.set(n, entry);
        }
        return result;
      } catch (error) {
        throw new PresignFailure(numbers, error);
      } finally {
        for (const n of numbers) this.presigning.delete(n);
      }
    })();
    for (const n of numbers) this.presigning.set(n, promise);
    // Parts that join this batch later handle its rejection themselves; avoid an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }
}
