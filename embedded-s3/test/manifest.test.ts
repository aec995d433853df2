/**
 * The embedded store's manifest format and range arithmetic (pure logic of
 * embedded-s3/src/manifest.ts), checked against concatenated buffers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MANIFEST_MAGIC,
  decodeManifest,
  encodeManifest,
  segmentsFor,
  startsWithMagic,
  type Manifest,
} from '../src/manifest';

const DATA_ID = '0123456789abcdef0123456789abcdef';

function manifestOf(sizes: number[]): Manifest {
  return {
    dataId: DATA_ID,
    size: sizes.reduce((a, b) => a + b, 0),
    etag: `${'a'.repeat(32)}-${sizes.length}`,
    metadata: { 'content-type': 'video/webm', 'x-amz-meta-title': 'hello' },
    parts: sizes.map((size, i) => ({ file: String(i + 1), size })),
  };
}

/** Reads bytes start..end through segmentsFor from fake part contents. */
function readThroughSegments(parts: Buffer[], manifest: Manifest, start: number, end: number): Buffer {
  return Buffer.concat(
    segmentsFor(manifest, start, end).map((s) => parts[Number(s.file) - 1]!.subarray(s.start, s.end + 1)),
  );
}

describe('embedded store manifests', () => {
  it('encode → decode round-trips, and the file starts with the magic line', () => {
    const manifest = manifestOf([5, 5, 3]);
    const encoded = encodeManifest(manifest);
    expect(encoded.subarray(0, MANIFEST_MAGIC.length).toString()).toBe(MANIFEST_MAGIC);
    expect(startsWithMagic(encoded)).toBe(true);
    expect(decodeManifest(encoded)).toEqual(manifest);
  });

  it('refuses damaged manifests instead of serving wrong bytes', () => {
    const good = manifestOf([5, 3]);
    const damaged: Array<[string, unknown]> = [
      ['size not the sum of the parts', { ...good, size: 9 }],
      ['data id that could leave the data folder', { ...good, dataId: '../../etc' }],
      ['part file that is a path', { ...good, parts: [{ file: '../1', size: 5 }, { file: '2', size: 3 }] }],
      ['negative part size', { ...good, size: 2, parts: [{ file: '1', size: 5 }, { file: '2', size: -3 }] }],
      ['metadata value not a string', { ...good, metadata: { 'content-type': 5 } }],
      ['etag that is not an MD5', { ...good, etag: 'nope' }],
    ];
    for (const [what, value] of damaged) {
      const bytes = Buffer.concat([Buffer.from(MANIFEST_MAGIC), Buffer.from(JSON.stringify(value))]);
      expect(() => decodeManifest(bytes), what).toThrow(/damaged manifest/);
    }
    expect(() => decodeManifest(Buffer.from(`${MANIFEST_MAGIC}{"dataId":`))).toThrow(/invalid JSON/);
    expect(startsWithMagic(Buffer.from(MANIFEST_MAGIC.slice(0, -1)))).toBe(false);
  });

  it('a range starts in the right part at the right offset and spans boundaries', () => {
    const manifest = manifestOf([10, 10, 4]);
    expect(segmentsFor(manifest, 0, 23)).toEqual([
      { file: '1', start: 0, end: 9 },
      { file: '2', start: 0, end: 9 },
      { file: '3', start: 0, end: 3 },
    ]);
    expect(segmentsFor(manifest, 9, 10)).toEqual([
      { file: '1', start: 9, end: 9 },
      { file: '2', start: 0, end: 0 },
    ]);
    expect(segmentsFor(manifest, 10, 10)).toEqual([{ file: '2', start: 0, end: 0 }]);
    expect(segmentsFor(manifest, 22, 23)).toEqual([{ file: '3', start: 2, end: 3 }]);
    expect(() => segmentsFor(manifest, 5, 24)).toThrow(RangeError);
    expect(() => segmentsFor(manifest, 6, 5)).toThrow(RangeError);
  });

  it('any range read through the segments equals the same slice of the concatenated parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }).filter((s) => s.some((n) => n > 0)),
        fc.nat(),
        fc.nat(),
        (sizes, a, b) => {
          const parts = sizes.map((size, i) => Buffer.from(Array.from({ length: size }, (_, j) => (i * 41 + j) & 0xff)));
          const whole = Buffer.concat(parts);
          const manifest = manifestOf(sizes);
          const start = a % whole.length;
          const end = start + (b % (whole.length - start));
          expect(readThroughSegments(parts, manifest, start, end).equals(whole.subarray(start, end + 1))).toBe(true);
        },
      ),
    );
  });
});
