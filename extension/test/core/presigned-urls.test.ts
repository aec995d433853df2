import { describe, expect, it } from 'vitest';
import { PresignedUrls, PresignFailure } from '../../src/core/presigned-urls';
import { HttpError } from '../../src/core/upload-errors';
import type { Presigner } from '../../src/core/upload-ports';
import { FakeInstantClock } from './upload-fakes';

/**
 * A server that signs only parts 1..`lastThatFits` (the account's limits, as limits/account-limits.ts
 * does): a batch reaching past it gets the URLs that fit, and a request where none fits is refused.
 */
class LimitedPresigner implements Presigner {
  readonly requests: number[][] = [];
  constructor(private readonly lastThatFits: number) {}
  async presign(partNumbers: number[]) {
    this.requests.push([...partNumbers]);
    const fit = partNumbers.filter((n) => n <= this.lastThatFits);
    if (fit.length === 0) throw new HttpError(403, 'quota_exceeded', undefined, 'Your storage is full');
    return { urls: Object.fromEntries(fit.map((n) => [String(n), `fake://part/${n}`])), expiresAt: Date.now() + 900_000 };
  }
}

function urls(presigner: Presigner) {
  return new PresignedUrls({
    presigner,
    clock: new FakeInstantClock(),
    order: { inFlight: () => [], queued: () => [], highest: () => 2 },
    batchSize: 6,
    ahead: 4,
    expiryMarginMs: 60_000,
  });
}

describe('PresignedUrls with a server that leaves parts out of a batch', () => {
  it('uses the URLs it got; a part left out of the batch it joined asks for itself and gets the server’s refusal', async () => {
    const presigner = new LimitedPresigner(4);
    const cache = urls(presigner);
    const signal = new AbortController().signal;
    cache.presignUpcoming(signal); // parts 3–6 signed ahead, in the background
    const [three, six] = await Promise.all([cache.urlFor(3, signal), cache.urlFor(6, signal).catch((e: unknown) => e)]);
    expect(three).toBe('fake://part/3');
    expect(presigner.requests).toEqual([[3, 4, 5, 6], [6]]); // 6 joined the batch, was left out, asked alone
    expect(six).toBeInstanceOf(PresignFailure);
    expect(((six as PresignFailure).cause as HttpError).code).toBe('quota_exceeded');
    expect(await cache.urlFor(4, signal)).toBe('fake://part/4'); // signed in that batch
    expect(presigner.requests).toHaveLength(2);
  });

  it('its own batch signs the parts that fit; the part that does not asks alone and is refused', async () => {
    const presigner = new LimitedPresigner(4);
    const cache = urls(presigner);
    const signal = new AbortController().signal;
    const refused = await cache.urlFor(5, signal).catch((e: unknown) => e);
    expect(presigner.requests).toEqual([[5, 3, 4, 6], [5]]);
    expect(((refused as PresignFailure).cause as HttpError).status).toBe(403);
    expect(await cache.urlFor(3, signal)).toBe('fake://part/3'); // kept from the batch
    expect(presigner.requests).toHaveLength(2);
  });

  it('a request where nothing fits is refused at once', async () => {
    const presigner = new LimitedPresigner(0);
    const refused = await urls(presigner).urlFor(1, new AbortController().signal).catch((e: unknown) => e);
    expect(presigner.requests).toEqual([[1, 3, 4, 5, 6]]);
    expect(((refused as PresignFailure).cause as HttpError).code).toBe('quota_exceeded');
  });
});
