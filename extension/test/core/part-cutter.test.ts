import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import {
  PartPlanner,
  cuttablePartCount,
  droppableChunks,
  partRange,
  partSizeOf,
  readyParts,
  totalPartCount,
  type AcknowledgedPart,
  type ChunkInfo,
} from '../../src/core/part-cutter';
import { partSlices } from './part-slices';

/** Lay chunk sizes out as a stream. */
function layout(sizes: readonly number[]): ChunkInfo[] {
  let offset = 0;
  return sizes.map((size, seq) => {
    const chunk = { seq, offset, size };
    offset += size;
    return chunk;
  });
}

/** Deterministic content so misplaced bytes are visible. */
function chunkBytes(chunks: readonly ChunkInfo[]): Map<number, Uint8Array> {
  return new Map(
    chunks.map((c) => [c.seq, Uint8Array.from({ length: c.size }, (_, i) => (c.offset + i) * 7 + 3)]),
  );
}

function assemble(chunks: readonly ChunkInfo[], bytes: Map<number, Uint8Array>, n: number, total: number, p: number) {
  const parts = partSlices(chunks, n, total, p).map((s) => bytes.get(s.seq)!.subarray(s.start, s.end));
  return Uint8Array.from(parts.flatMap((a) => [...a]));
}

describe('part geometry with the real 5 MiB part size', () => {
  it('is exactly 5,242,880 bytes', () => {
    expect(PART_SIZE).toBe(5_242_880);
  });

  it('a recording shorter than one part is one short part', () => {
    expect(totalPartCount(1000)).toBe(1);
    expect(partSizeOf(1, 1000)).toBe(1000);
    expect(cuttablePartCount({ bytesRecorded: 1000, finalized: false })).toBe(0);
    expect(readyParts({ bytesRecorded: 1000, finalized: true })).toEqual([1]);
  });

  it('an exact multiple of the part size has no empty last part', () => {
    const total = 3 * PART_SIZE;
    expect(totalPartCount(total)).toBe(3);
    expect(readyParts({ bytesRecorded: total, finalized: true })).toEqual([1, 2, 3]);
    expect(readyParts({ bytesRecorded: total, finalized: false })).toEqual([1, 2, 3]);
    expect(partSizeOf(3, total)).toBe(PART_SIZE);
    expect(() => partRange(4, total)).toThrow(RangeError);
  });

  it('a zero-byte recording has no parts', () => {
    expect(totalPartCount(0)).toBe(0);
    expect(readyParts({ bytesRecorded: 0, finalized: true })).toEqual([]);
  });

  it('one byte past a boundary makes a 1-byte last part only after finalizing', () => {
    const total = 2 * PART_SIZE + 1;
    expect(readyParts({ bytesRecorded: total, finalized: false })).toEqual([1, 2]);
    expect(readyParts({ bytesRecorded: total, finalized: true })).toEqual([1, 2, 3]);
    expect(partSizeOf(3, total)).toBe(1);
  });

  it('held and taken parts are excluded from ready parts', () => {
    const state = { bytesRecorded: 4 * PART_SIZE, finalized: false };
    expect(readyParts(state, { held: new Set([1]), taken: new Set([3]) })).toEqual([2, 4]);
  });

  it('a chunk larger than a part is split over three parts', () => {
    const chunks = layout([100, 2 * PART_SIZE + 50, 10]);
    const total = 2 * PART_SIZE + 160;
    expect(partSlices(chunks, 1, total)).toEqual([
      { seq: 0, start: 0, end: 100 },
      { seq: 1, start: 0, end: PART_SIZE - 100 },
    ]);
    expect(partSlices(chunks, 2, total)).toEqual([{ seq: 1, start: PART_SIZE - 100, end: 2 * PART_SIZE - 100 }]);
    expect(partSlices(chunks, 3, total)).toEqual([
      { seq: 1, start: 2 * PART_SIZE - 100, end: 2 * PART_SIZE + 50 },
      { seq: 2, start: 0, end: 10 },
    ]);
  });

  it('refuses to assemble a part over a gap in the chunks', () => {
    const chunks = layout([PART_SIZE / 2, PART_SIZE / 2, 100]).filter((c) => c.seq !== 1);
    expect(() => partSlices(chunks, 1, PART_SIZE + 100)).toThrow(/do not cover/);
  });
});

describe('drop safety (examples)', () => {
  const P = 10;
  const chunks = layout([4, 4, 4, 4, 4]); // 20 bytes: parts [0,10) [10,20)
  const ack = (partNumber: number, size = P): AcknowledgedPart => ({ partNumber, etag: `"e${partNumber}"`, size });

  it('drops nothing without acknowledgements', () => {
    expect(droppableChunks(chunks, [], P)).toEqual([]);
  });

  it('keeps the chunk that straddles into an unacknowledged part', () => {
    // chunk 2 = [8,12) spans parts 1 and 2
    expect(droppableChunks(chunks, [ack(1)], P)).toEqual([0, 1]);
    expect(droppableChunks(chunks, [ack(2)], P)).toEqual([3, 4]);
    expect(droppableChunks(chunks, [ack(2), ack(1)], P)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a short acknowledged part covers only its own size', () => {
    // stream grew after a (bogus) short ack of part 2: bytes beyond 15 are not covered
    expect(droppableChunks(chunks, [ack(1), ack(2, 5)], P)).toEqual([0, 1, 2]);
  });
});

describe('PartPlanner', () => {
  it('hands each part out once, defers held parts until released', () => {
    const planner = new PartPlanner({ partSize: 10, hold: [1] });
    expect(planner.take(25, false)).toEqual([{ partNumber: 2, size: 10 }]);
    expect(planner.take(25, false)).toEqual([]);
    expect(planner.take(27, true)).toEqual([{ partNumber: 3, size: 7 }]);
    expect(planner.isHeld(1)).toBe(true);
    planner.release(1);
    expect(planner.take(27, true)).toEqual([{ partNumber: 1, size: 10 }]);
  });

  it('skips parts already taken before a restart', () => {
    const planner = new PartPlanner({ partSize: 10, alreadyTaken: [1, 2] });
    expect(planner.take(30, true).map((p) => p.partNumber)).toEqual([3]);
  });
});

describe('cutter invariants (fast-check, small part sizes)', () => {
  const arbStream = fc.record({
    partSize: fc.integer({ min: 1, max: 40 }),
    sizes: fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 30 }),
  });

  it('concatenating all parts gives back the stream; all parts but the last are full', () => {
    fc.assert(
      fc.property(arbStream, ({ partSize, sizes }) => {
        const chunks = layout(sizes);
        const bytes = chunkBytes(chunks);
        const total = sizes.reduce((a, b) => a + b, 0);
        const parts = readyParts({ bytesRecorded: total, finalized: true, partSize });
        expect(parts.length).toBe(Math.ceil(total / partSize));
        const assembled = parts.map((n) => assemble(chunks, bytes, n, total, partSize));
        assembled.forEach((part, i) => {
          if (i < assembled.length - 1) expect(part.length).toBe(partSize);
          else expect(part.length).toBeGreaterThan(0);
          expect(part.length).toBeLessThanOrEqual(partSize);
        });
        const stream = Uint8Array.from(chunks.flatMap((c) => [...bytes.get(c.seq)!]));
        expect(Uint8Array.from(assembled.flatMap((a) => [...a]))).toEqual(stream);
      }),
    );
  });

  it('before finalizing only full parts are ready, and finalizing adds at most the short tail', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2000 }), (partSize, bytes) => {
        const live = readyParts({ bytesRecorded: bytes, finalized: false, partSize });
        const done = readyParts({ bytesRecorded: bytes, finalized: true, partSize });
        for (const n of live) expect(n * partSize).toBeLessThanOrEqual(bytes);
        expect(done.slice(0, live.length)).toEqual(live);
        expect(done.length - live.length).toBe(bytes % partSize === 0 ? 0 : 1);
      }),
    );
  });

  it('dropped chunks are fully covered by acks, kept chunks are not, and every unacknowledged part can still be assembled', () => {
    fc.assert(
      fc.property(
        arbStream.chain(({ partSize, sizes }) => {
          const total = sizes.reduce((a, b) => a + b, 0);
          const count = Math.ceil(total / partSize);
          return fc.record({
            partSize: fc.constant(partSize),
            sizes: fc.constant(sizes),
            // acks in arbitrary order
            acked: fc.shuffledSubarray(Array.from({ length: count }, (_, i) => i + 1)),
          });
        }),
        ({ partSize, sizes, acked }) => {
          const chunks = layout(sizes);
          const bytes = chunkBytes(chunks);
          const total = sizes.reduce((a, b) => a + b, 0);
          const acks = acked.map((n) => ({ partNumber: n, etag: 'x', size: partSizeOf(n, total, partSize) }));
          const dropped = new Set(droppableChunks(chunks, acks, partSize));
          const ackedSet = new Set(acked);
          const byteIsAcked = (b: number) => ackedSet.has(Math.floor(b / partSize) + 1);
          for (const c of chunks) {
            const everyByteAcked = Array.from({ length: c.size }, (_, i) => c.offset + i).every(byteIsAcked);
            expect(dropped.has(c.seq)).toBe(everyByteAcked);
          }
          const kept = chunks.filter((c) => !dropped.has(c.seq));
          for (let n = 1; n <= Math.ceil(total / partSize); n++) {
            if (ackedSet.has(n)) continue;
            expect(assemble(kept, bytes, n, total, partSize)).toEqual(assemble(chunks, bytes, n, total, partSize));
          }
        },
      ),
    );
  });
});
