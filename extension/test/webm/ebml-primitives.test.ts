import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readChildren, readUint } from '../../src/core/webm/ebml-reader';
import { readFloat } from './ebml-float';
import { ID } from '../../src/core/webm/ebml-ids';
import {
  EbmlError,
  encodeId,
  encodeVint,
  maxVintValue,
  minVintWidth,
  readId,
  readVint,
  UNKNOWN_SIZE_8,
} from '../../src/core/webm/ebml-vint';
import { concatBytes, element, floatElement, masterElement, uintElement, voidElement } from '../../src/core/webm/ebml-writer';
import { base64ToBytes, bytesToBase64 } from '../../src/core/webm/base64';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('EBML vints (element data sizes)', () => {
  it('reads sizes of every width, with the length marker removed', () => {
    expect(readVint(bytes(0x81), 0)).toEqual({ length: 1, value: 1, unknown: false });
    expect(readVint(bytes(0x40, 0x02), 0)).toEqual({ length: 2, value: 2, unknown: false });
    expect(readVint(bytes(0x21, 0x00, 0x00), 0)).toEqual({ length: 3, value: 0x10000, unknown: false });
    expect(readVint(bytes(0x01, 0, 0, 0, 1, 0, 0, 0), 0)).toEqual({ length: 8, value: 2 ** 24, unknown: false });
  });

  it('recognises the unknown size at every width (all data bits set)', () => {
    expect(readVint(bytes(0xff), 0)?.unknown).toBe(true);
    expect(readVint(bytes(0x7f, 0xff), 0)?.unknown).toBe(true);
    expect(readVint(UNKNOWN_SIZE_8, 0)).toMatchObject({ length: 8, unknown: true });
    // One bit short of all-ones is a real size.
    expect(readVint(bytes(0x7f, 0xfe), 0)).toEqual({ length: 2, value: 0x3ffe, unknown: false });
    // A real size beyond 2^53 cannot be held exactly in a JS number: refused rather than rounded.
    expect(() => readVint(bytes(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), 0)).toThrow(/too large/);
  });

  it('returns null when the vint is cut by the end of the bytes, and rejects 0x00', () => {
    expect(readVint(bytes(), 0)).toBeNull();
    expect(readVint(bytes(0x10, 0x00), 0)).toBeNull(); // 4-byte vint, 2 bytes present
    expect(() => readVint(bytes(0x00, 0x01), 0)).toThrow(EbmlError);
  });

  it('round-trips any size through encode/read, minimal and padded widths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 7 }), (value, extra) => {
        const width = Math.min(8, minVintWidth(value) + extra);
        const encoded = encodeVint(value, width);
        expect(encoded.length).toBe(width);
        expect(readVint(encoded, 0)).toEqual({ length: width, value, unknown: false });
      }),
    );
  });

  it('never encodes the reserved all-ones value as a size', () => {
    expect(minVintWidth(126)).toBe(1);
    expect(minVintWidth(127)).toBe(2); // 0xFF would mean "unknown"
    expect(() => encodeVint(127, 1)).toThrow(EbmlError);
    expect(encodeVint(maxVintValue(2), 2)).toEqual(bytes(0x7f, 0xfe));
  });
});

describe('EBML IDs', () => {
  it('reads IDs of 1 to 4 bytes with their marker bits', () => {
    expect(readId(bytes(0xa3), 0)).toEqual({ length: 1, id: ID.SimpleBlock });
    expect(readId(bytes(0x44, 0x89), 0)).toEqual({ length: 2, id: ID.Duration });
    expect(readId(bytes(0x2a, 0xd7, 0xb1), 0)).toEqual({ length: 3, id: ID.TimecodeScale });
    expect(readId(bytes(0x1f, 0x43, 0xb6, 0x75), 0)).toEqual({ length: 4, id: ID.Cluster });
  });

  it('returns null for a cut ID and rejects IDs longer than 4 bytes', () => {
    expect(readId(bytes(0x1f, 0x43), 0)).toBeNull();
    expect(() => readId(bytes(0x08, 0, 0, 0, 0), 0)).toThrow(EbmlError);
  });

  it('encodes IDs back to their bytes', () => {
    for (const id of Object.values(ID)) {
      const encoded = encodeId(id);
      expect(readId(encoded, 0)).toEqual({ length: encoded.length, id });
    }
  });
});

describe('EBML writer and reader', () => {
  it('writes and reads floats (Duration) as 8-byte big-endian IEEE', () => {
    const el = floatElement(ID.Duration, 39999.5);
    expect(Array.from(el.subarray(0, 3))).toEqual([0x44, 0x89, 0x88]);
    const [span] = readChildren(el);
    expect(readFloat(el, span!)).toBe(39999.5);
  });

  it('reads 4-byte floats too (other muxers write them)', () => {
    const data = new Uint8Array(4);
    new DataView(data.buffer).setFloat32(0, 1234.5, false);
    const el = element(ID.Duration, data);
    expect(readFloat(el, readChildren(el)[0]!)).toBe(1234.5);
  });

  it('writes unsigned integers minimally or at a fixed width', () => {
    expect(Array.from(uintElement(ID.CueTime, 0))).toEqual([0xb3, 0x81, 0x00]);
    expect(Array.from(uintElement(ID.CueTime, 0x1234))).toEqual([0xb3, 0x82, 0x12, 0x34]);
    const fixed = uintElement(ID.SeekPosition, 300, 8);
    expect(fixed.length).toBe(2 + 1 + 8);
    expect(readUint(fixed, readChildren(fixed)[0]!)).toBe(300);
  });

  it('nests masters and reads their children back', () => {
    const info = masterElement(ID.Info, [uintElement(ID.TimecodeScale, 1_000_000), floatElement(ID.Duration, 5)]);
    const [span] = readChildren(info);
    const children = readChildren(info, span!.dataStart, span!.end);
    expect(children.map((c) => c.id)).toEqual([ID.TimecodeScale, ID.Duration]);
    expect(readUint(info, children[0]!)).toBe(1_000_000);
  });

  it('makes Void elements of any exact length from 2 bytes, parsable as one element', () => {
    for (const length of [2, 3, 127, 128, 129, 130, 16_384, 16_385, 16_386, 70_000]) {
      const v = voidElement(length);
      expect(v.length).toBe(length);
      const spans = readChildren(v);
      expect(spans).toHaveLength(1);
      expect(spans[0]).toMatchObject({ id: ID.Void, start: 0, end: length });
    }
    expect(() => voidElement(1)).toThrow(EbmlError);
  });

  it('rejects truncated and overrunning elements', () => {
    const el = uintElement(ID.CueTime, 5);
    expect(() => readChildren(el.subarray(0, el.length - 1))).toThrow(EbmlError);
    expect(() => readChildren(concatBytes([bytes(0xec, 0xff)]))).toThrow(/unknown size/);
  });

  it('round-trips bytes through base64 (how held bytes sit in the JSON index)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (data) => {
        expect(base64ToBytes(bytesToBase64(data))).toEqual(data);
      }),
      { numRuns: 30 },
    );
  });
});
