import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, fromPatchRecord, patchTouches, toPatchRecord } from '../../../src/core/recorder/header-patch';

describe('header patch', () => {
  it('patching slices equals slicing the patched stream', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.nat(59),
        fc.uint8Array({ minLength: 1, maxLength: 10 }),
        fc.nat(59),
        (stream, rawOffset, patchBytes, rawCut) => {
          const offset = rawOffset % stream.length;
          const bytes = patchBytes.subarray(0, stream.length - offset);
          const patch = { offset, bytes };
          const whole = new Uint8Array(stream);
          whole.set(bytes, offset);
          const cut = rawCut % stream.length;
          const left = applyPatch(stream.subarray(0, cut), 0, patch);
          const right = applyPatch(stream.subarray(cut), cut, patch);
          expect([...left, ...right]).toEqual([...whole]);
        },
      ),
    );
  });

  it('does not touch the input and knows when a range is unaffected', () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    const patch = { offset: 10, bytes: new Uint8Array([9]) };
    expect(patchTouches(patch, 0, 4)).toBe(false);
    expect(patchTouches(patch, 8, 3)).toBe(true);
    expect([...applyPatch(data, 8, patch)]).toEqual([1, 2, 9, 4]);
    expect([...data]).toEqual([1, 2, 3, 4]);
  });

  it('round-trips through the record form and checks lengths', () => {
    const rec = toPatchRecord({ offset: 3, bytes: new Uint8Array([250, 1]) }, new Uint8Array([7, 8]));
    expect(rec).toEqual({ offset: 3, bytes: Buffer.from([250, 1]).toString('base64'), original: Buffer.from([7, 8]).toString('base64') });
    expect([...fromPatchRecord(rec).bytes]).toEqual([250, 1]);
    expect(() => toPatchRecord({ offset: 0, bytes: new Uint8Array(2) }, new Uint8Array(3))).toThrow(RangeError);
  });
});
