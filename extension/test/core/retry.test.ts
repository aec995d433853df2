/** The one retry rule (core/retry.ts): which failure is transient, and how long to wait before the next try. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyPutFailure, DEFAULT_RETRY_POLICY } from '../../src/core/retry';
import { HttpError, MissingEtagError, NetworkError } from '../../src/core/upload-errors';

describe('retry policy', () => {
  it('classifies failures', () => {
    expect(classifyPutFailure(new NetworkError())).toBe('transient');
    expect(classifyPutFailure(new HttpError(503))).toBe('transient');
    expect(classifyPutFailure(new HttpError(429))).toBe('transient');
    expect(classifyPutFailure(new HttpError(408))).toBe('transient');
    expect(classifyPutFailure(new HttpError(400, 'request_timeout'))).toBe('transient');
    expect(classifyPutFailure(new HttpError(403))).toBe('resign');
    expect(classifyPutFailure(new HttpError(404, 'upload_gone'))).toBe('permanent');
    expect(classifyPutFailure(new HttpError(400, 'part_too_small'))).toBe('permanent');
    expect(classifyPutFailure(new MissingEtagError())).toBe('fatal');
    expect(classifyPutFailure(new TypeError('bug'))).toBe('fatal');
  });

  it('backoff stays within [half, full] of the capped exponential delay (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, r) => {
          const d = backoffDelay(retry, DEFAULT_RETRY_POLICY, () => r);
          const full = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (retry - 1));
          expect(d).toBeGreaterThanOrEqual(Math.floor(full / 2));
          expect(d).toBeLessThanOrEqual(full);
        },
      ),
    );
  });
});
