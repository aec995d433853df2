/** When complete can go ahead of the tail (issue 11, aheadOfTail): pure. */
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import type { AcknowledgedPart } from '../../src/core/part-cutter';
import { aheadOfTail, completeParts } from '../../src/core/recorder/complete-parts';

const ack = (partNumber: number, head = false): AcknowledgedPart => ({ partNumber, etag: `"e${partNumber}"`, size: PART_SIZE, ...(head ? { head } : {}) });
const acked = (...parts: AcknowledgedPart[]) => new Map(parts.map((p) => [p.partNumber, p]));

describe('aheadOfTail', () => {
  it('every part before the last acknowledged, the last cut: those parts, and its number and size', () => {
    expect(aheadOfTail(acked(ack(1), ack(2)), 3, 1234)).toEqual({ parts: [ack(1), ack(2)], tail: { partNumber: 3, size: 1234 } });
  });

  it('a one-part recording: no parts before it', () => {
    expect(aheadOfTail(acked(), 1, 99)).toEqual({ parts: [], tail: { partNumber: 1, size: 99 } });
  });

  it('not while a part before the last is still uploading, once the last is acknowledged, or before it is cut', () => {
    expect(aheadOfTail(acked(ack(1)), 3, 1234)).toBeUndefined();
    expect(aheadOfTail(acked(ack(2)), 3, 1234)).toBeUndefined();
    expect(aheadOfTail(acked(ack(1), ack(2), ack(3)), 3, 1234)).toBeUndefined();
    expect(aheadOfTail(acked(ack(1), ack(2)), 3, undefined)).toBeUndefined();
    expect(aheadOfTail(acked(), 0, undefined)).toBeUndefined();
  });

  it('with the head as part 1, complete then carries the patch and parts from 2', () => {
    const ahead = aheadOfTail(acked(ack(1, true), ack(2)), 3, 10)!;
    const request = completeParts(ahead.parts, { offset: 40, bytes: new Uint8Array([1, 2]) });
    expect(request).toEqual({ head: { patches: [{ offset: 40, data: 'AQI=' }] }, parts: [{ partNumber: 2, etag: '"e2"' }] });
  });
});
