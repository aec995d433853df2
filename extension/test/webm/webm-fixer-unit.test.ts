import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyHeaderPatch, createWebmStreamFixer, finalizeWebm, restoreWebmStreamFixer } from '../../src/core/webm';
import { ID } from '../../src/core/webm/ebml-ids';
import { readChildren, readUint } from '../../src/core/webm/ebml-reader';
import { readFloat } from './ebml-float';
import { encodeVint, readId, readVint } from '../../src/core/webm/ebml-vint';
import type { WebmIndex } from '../../src/core/webm';
import { mediaBytes, readWebmStructure } from './webm-structure';
import { buildFinalHeaderRegion, buildStreamHeader } from '../../src/core/webm/webm-header';
import { AUDIO, AUDIO_FRAME_NS, cluster, ebmlHeader, simpleBlock, typicalClusters, VIDEO, webm } from './synthetic-webm';
import { concat, fixedFile, runFixer, splitAt } from './webm-test-kit';

/** Length of the padding before the Cues in a trailer (the Cues element is the trailer's end). */
function trailerPaddingLength(trailer: Uint8Array): number {
  for (let at = 0; at < trailer.length; at++) {
    if (trailer[at] !== 0x1c) continue; // the Cues ID starts with 0x1C (padding is zeros or a Void)
    const id = readId(trailer, at);
    const size = id && readVint(trailer, at + id.length);
    if (id?.id === ID.Cues && size && at + id.length + size.length + size.value === trailer.length) return at;
  }
  throw new Error('no Cues at the end of the trailer');
}

/** Reads the finished file's Segment: its size field and top-level children. */
function segmentOf(file: Uint8Array, sizeFieldOffset: number) {
  const size = readVint(file, sizeFieldOffset)!;
  const dataStart = sizeFieldOffset + size.length;
  return { size, dataStart, children: readChildren(file, dataStart) };
}

describe('WebM stream fixer on synthetic streams', () => {
  it('inserts the reserved Void before the first Cluster; after it, only the Cluster sizes are written in', () => {
    const clusters = typicalClusters(true);
    const input = webm(clusters);
    const { stream, index } = runFixer([input], { reserveBytes: 1000 });
    const header = index.header!;
    // One chunk: each unknown-size Cluster becomes one Cluster whose 8-byte size field holds its size.
    const sized = concat(clusters.map((c) => concat([c.subarray(0, 4), encodeVint(c.length - 12, 8), c.subarray(12)])));
    expect(stream.length).toBe(input.length + 1000);
    expect(stream.subarray(header.regionEnd)).toEqual(sized);
    const children = readChildren(stream, header.segmentDataStart, header.regionEnd);
    expect(children.map((c) => c.id)).toEqual([ID.Info, ID.Tracks, ID.Void]);
    expect(children.at(-1)!.end - children.at(-1)!.start).toBe(1000);
  });

  it('widens a short Segment size field to 8 bytes (so the real size can be patched in later)', () => {
    const clusters = typicalClusters(true);
    const long = webm(clusters);
    const sizeAt = ebmlHeader().length + 4;
    const short = concat([long.subarray(0, sizeAt), Uint8Array.of(0xff), long.subarray(sizeAt + 8)]); // 1-byte "unknown"
    const fromShort = runFixer([short]);
    expect(fromShort.index.header!.delta).toBe(4096 + 7);
    expect(fromShort.stream).toEqual(runFixer([long]).stream);
    expect(fromShort.index.cues).toEqual(runFixer([long]).index.cues);
  });

  it('indexes one cue per cluster at its first video keyframe, with Segment-relative positions', () => {
    const clusters = typicalClusters(true);
    const { index } = runFixer([webm(clusters)]);
    const first = index.header!.regionEnd - index.header!.segmentDataStart;
    // Cluster 2 has no video keyframe; cluster 3's keyframe is a BlockGroup (time 2000 + 5).
    expect(index.cues).toEqual([0, first, 2005, first + clusters[0]!.length + clusters[1]!.length]);
    expect(index.header!.cueTrack).toBe(VIDEO);
  });

  it('takes the Duration from the last block end: BlockDuration, else DefaultDuration, else the frame gap', () => {
    const { fix, index } = runFixer([webm(typicalClusters(true))]);
    // Video ends at 2045 + 40 (BlockDuration); audio at 2000 + 20 (DefaultDuration 20 ms).
    expect(fix.durationMs).toBe(2085);
    expect(index.timings.find((t) => t.track === 2)!.durationAtMax).toBe(AUDIO_FRAME_NS / 1e6);
  });

  it('writes the real Segment size, and every Cluster with its size, whatever sizes the Clusters came with', () => {
    for (const unknownSize of [false, true]) {
      const input = webm(typicalClusters(unknownSize));
      // Chunks cut inside blocks and element headers: Clusters are cut where the chunks end.
      const run = runFixer(splitAt(input, [300, 301, 350, 420, 421, 422, 500]));
      const file = fixedFile(run);
      const size = readVint(file, run.index.header!.sizeFieldOffset)!;
      expect(size.unknown).toBe(false);
      expect(run.index.header!.sizeFieldOffset + size.length + size.value).toBe(file.length);
      const structure = readWebmStructure(file); // throws unless every size adds up
      expect(structure.clusters.every((c) => c.size !== null && c.children[0] === ID.Timecode)).toBe(true);
      expect(mediaBytes(structure)).toEqual(mediaBytes(readWebmStructure(input)));
      expect(run.index.unknownSizeClusters).toBe(false);
    }
  });

  it('cuts an unknown-size Cluster where a chunk ends: a new Cluster with the same Timecode, ~16 bytes', () => {
    const blocks = [simpleBlock(VIDEO, 0, true), simpleBlock(AUDIO, 5, true), simpleBlock(VIDEO, 33, false), simpleBlock(AUDIO, 25, true)];
    const input = webm([cluster(7000, blocks, true)]);
    const cut = input.length - blocks[3]!.length - blocks[2]!.length + 20; // 20 bytes into the third block
    const run = runFixer(splitAt(input, [cut]));
    const structure = readWebmStructure(fixedFile(run));
    expect(structure.clusters.map((c) => [c.timecode, c.children.length])).toEqual([
      [7000, 4], // Timecode + the first three blocks (the third one's size known from its header)
      [7000, 2], // a new Timecode + the fourth block
    ]);
    expect(run.stream.length - run.index.header!.regionEnd).toBe(input.length - (run.index.header!.regionEnd - run.index.header!.delta) + 12 + 4);
    expect(run.index.framing.shift).toBe(16);
  });

  it('holds a Cluster header until a child follows it, and a crash then drops it (it holds no media)', () => {
    const input = webm([cluster(0, [simpleBlock(VIDEO, 0, true)], true), cluster(1000, [simpleBlock(VIDEO, 0, true)], true)]);
    const second = input.length - cluster(1000, [simpleBlock(VIDEO, 0, true)], true).length;
    const fixer = createWebmStreamFixer();
    const out = fixer.push(input.subarray(0, second + 12 + 4)); // up to the second Cluster's Timecode
    expect(out.length).toBe(second + fixer.index().header!.delta); // its header and Timecode held
    const restored = restoreWebmStreamFixer(JSON.parse(JSON.stringify(fixer.index())));
    const stream = concat([out, restored.end()]);
    const fix = finalizeWebm(restored.index(), stream.length);
    const structure = readWebmStructure(fixedFile({ stream, fix }));
    expect(structure.clusters.map((c) => c.timecode)).toEqual([0]);
    expect(fix.cuePoints).toBe(1);
  });

  it('a recording spooled by the version-1 fixer continues, and keeps its Segment size unknown', () => {
    const input = webm(typicalClusters(true));
    const cut = input.length - typicalClusters(true)[2]!.length + 30; // inside the third Cluster
    const before = createWebmStreamFixer();
    const stored = before.push(input.subarray(0, cut));
    // What version 1 persisted: no framing, and the flag set by its first unknown-size Cluster.
    const { framing: _framing, ...rest } = before.index();
    const v1 = { ...rest, version: 1, unknownSizeClusters: true } as unknown as WebmIndex;
    const fixer = restoreWebmStreamFixer(v1);
    const stream = concat([stored, fixer.push(input.subarray(cut)), fixer.end()]);
    const fix = finalizeWebm(fixer.index(), stream.length);
    expect(fix.problem).toBeNull();
    expect(readVint(fixedFile({ stream, fix }), fixer.index().header!.sizeFieldOffset)!.unknown).toBe(true);
    expect(fixer.index().version).toBe(2);
    expect(() => restoreWebmStreamFixer({ ...v1, version: 7 } as unknown as WebmIndex)).toThrow(/version 7/);
  });

  it('rewrites the header region at its exact length: SeekHead -> Info (with Duration), Tracks, Cues', () => {
    const run = runFixer([webm(typicalClusters(false))]);
    const { headerPatch, trailer } = run.fix;
    const header = run.index.header!;
    expect(headerPatch!.offset).toBe(header.sizeFieldOffset);
    expect(headerPatch!.bytes.length).toBe(header.regionEnd - header.sizeFieldOffset);

    const file = fixedFile(run);
    const { dataStart, children } = segmentOf(file, header.sizeFieldOffset);
    expect(children.map((c) => c.id)).toEqual([ID.SeekHead, ID.Info, ID.Tracks, ID.Void, ID.Cluster, ID.Cluster, ID.Cluster, ID.Cues]);
    const at = (id: number) => children.find((c) => c.id === id)!.start - dataStart;
    const seeks = readChildren(file, children[0]!.dataStart, children[0]!.end).map((seek) => {
      const [id, pos] = readChildren(file, seek.dataStart, seek.end);
      return [readUint(file, id!), readUint(file, pos!)];
    });
    expect(seeks).toEqual([
      [ID.Info, at(ID.Info)],
      [ID.Tracks, at(ID.Tracks)],
      [ID.Cues, at(ID.Cues)],
    ]);
    const info = children[1]!;
    const duration = readChildren(file, info.dataStart, info.end).find((c) => c.id === ID.Duration)!;
    expect(readFloat(file, duration)).toBe(2085);
    expect(file.subarray(file.length - trailer.length)).toEqual(trailer);
  });

  it('keeps the region length for every reserve size, also when 1 byte would be left over', () => {
    const input = webm([]);
    for (let reserve = 256; reserve <= 420; reserve++) {
      const { layout } = buildStreamHeader(input, reserve);
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1e9, noNaN: true }),
          fc.option(fc.integer({ min: 0, max: 2 ** 50 })),
          fc.option(fc.integer({ min: 0, max: 2 ** 50 })),
          (durationTicks, cuesPosition, segmentSize) => {
            const region = buildFinalHeaderRegion(layout, { durationTicks, cuesPosition, segmentSize });
            expect(region.length).toBe(layout.regionEnd - layout.sizeFieldOffset);
            const ids = readChildren(region, 8).map((c) => c.id);
            expect(ids.slice(0, 3)).toEqual([ID.SeekHead, ID.Info, ID.Tracks]);
          },
        ),
        { numRuns: 5 },
      );
    }
  });

  it('emits the header at end() when no Cluster ever came (a stop before the first frame)', () => {
    const fixer = createWebmStreamFixer();
    expect(fixer.push(webm([]))).toHaveLength(0); // held: the header is not complete until a Cluster
    const tail = fixer.end();
    expect(tail.length).toBe(webm([]).length + 4096);
    const fix = finalizeWebm(fixer.index());
    expect(fix.headerPatch).not.toBeNull();
    expect(fix.cuePoints).toBe(0);
    expect(fix.problem).toBe('no keyframe to index');
    expect(() => fixer.push(new Uint8Array(1))).toThrow(/after end/);
  });

  it('passes a stream that is not WebM through untouched and offers no patch', () => {
    const junk = new TextEncoder().encode('this is not a webm stream at all, just text');
    const run = runFixer(splitAt(junk, [5, 9]));
    expect(run.stream).toEqual(junk);
    expect(run.fix.headerPatch).toBeNull();
    expect(run.fix.trailer).toHaveLength(0);
    expect(run.fix.problem).toMatch(/not a WebM stream/);
  });

  it('gives up (passing bytes through) when the header would not fit in the first part', () => {
    const input = webm(typicalClusters(true));
    const run = runFixer([input], { partSize: 300, reserveBytes: 256 });
    expect(run.stream).toEqual(input);
    expect(run.fix.headerPatch).toBeNull();
    expect(run.fix.problem).toMatch(/does not fit in the first part/);
  });

  it('stops fixing after a malformed element but keeps every byte', () => {
    const input = webm(typicalClusters(true));
    const broken = concat([input, Uint8Array.of(0x00, 0x01, 0x02)]);
    const run = runFixer([broken]);
    expect(run.stream.length).toBe(broken.length + run.index.header!.delta);
    expect(Array.from(run.stream.subarray(-3))).toEqual([0x00, 0x01, 0x02]);
    expect(mediaBytes(readWebmStructure(run.stream.subarray(0, -3)))).toEqual(mediaBytes(readWebmStructure(input)));
    expect(run.fix.headerPatch).toBeNull();
    expect(run.fix.problem).toMatch(/invalid/);
  });

  it('refuses to finalize a stream whose length differs from what the index saw', () => {
    const run = runFixer([webm(typicalClusters(true))]);
    expect(() => finalizeWebm(run.index, run.stream.length + 1)).toThrow(/index saw/);
    expect(finalizeWebm(run.index, run.stream.length)).toEqual(run.fix);
  });

  it('refuses to finalize while the header is still held (end() not called)', () => {
    const fixer = createWebmStreamFixer();
    fixer.push(webm([]));
    expect(() => finalizeWebm(fixer.index())).toThrow(/end\(\)/);
    // ...but a restored fixer can end it (a crash before the first Cluster).
    const restored = restoreWebmStreamFixer(JSON.parse(JSON.stringify(fixer.index())));
    expect(restored.end().length).toBe(webm([]).length + 4096);
  });

  it('after a cut at ANY byte past the header, the stored prefix + patch + trailer scan cleanly into the Cues', () => {
    for (const unknownSize of [true, false]) {
      const input = webm(typicalClusters(unknownSize));
      const full = runFixer([input]);
      const firstCluster = full.index.header!.regionEnd - full.index.header!.delta;
      const fullMedia = readWebmStructure(fixedFile(full)).media;
      for (let cut = firstCluster; cut < input.length; cut++) {
        const before = createWebmStreamFixer();
        const stored = before.push(input.subarray(0, cut));
        const fixer = restoreWebmStreamFixer(JSON.parse(JSON.stringify(before.index())));
        const stream = concat([stored, fixer.end()]);
        // Held back: at most a Cluster header (12 bytes) and its Timecode (4), then a block's header
        // (2) plus the 11 bytes of it the scanner reads.
        const held = cut + full.index.header!.delta + fixer.index().framing.shift - stream.length;
        expect(held, `cut at ${cut}`).toBeLessThanOrEqual(12 + 4 + 2 + 11);
        const fix = finalizeWebm(fixer.index(), stream.length);
        const file = fixedFile({ stream, fix });
        if (fix.cuePoints === 0) {
          // Cut before the first block's header was read: Cluster header 12 + Timecode 3 + block
          // header 2 + the 11 bytes the scanner waits for before reading a block.
          expect(fix.problem, `cut at ${cut}`).toBe('no keyframe to index');
          expect(cut).toBeLessThan(firstCluster + 12 + 3 + 2 + 11);
        } else {
          expect(fix.problem, `cut at ${cut}`).toBeNull();
          const cuesAt = file.length - (fix.trailer.length - trailerPaddingLength(fix.trailer));
          expect(readId(file, cuesAt)?.id, `cut at ${cut}`).toBe(ID.Cues);
        }
        // A fresh scan of the finished file reaches its end on an element boundary, without error.
        const rescan = runFixer([file]);
        expect(rescan.index.failed, `cut at ${cut}`).toBeNull();
        expect(rescan.index.scan.pending, `cut at ${cut}`).toBe('');
        expect(rescan.index.scan.skip, `cut at ${cut}`).toBe(0);
        // Every size adds up (the Segment's too), and the media is the uninterrupted run's, up to the
        // last block (which a cut may have padded, and followed by a Void filling a known-size Cluster).
        const structure = readWebmStructure(file);
        expect(structure.segmentSize, `cut at ${cut}`).toBe(file.length - structure.segmentDataStart);
        expect(structure.clusters.every((c) => c.size !== null), `cut at ${cut}`).toBe(true);
        const media = structure.media.filter((m) => m[0] !== ID.Void);
        expect(media.slice(0, -1), `cut at ${cut}`).toEqual(fullMedia.slice(0, Math.max(0, media.length - 1)));
      }
    }
  });

  it('validates options', () => {
    expect(() => createWebmStreamFixer({ reserveBytes: 100 })).toThrow(RangeError);
    expect(() => createWebmStreamFixer({ partSize: 0 })).toThrow(RangeError);
  });

  it('applies a patch only where it overlaps the given bytes, without touching them', () => {
    const part = new Uint8Array(10).fill(1);
    const patch = { offset: 8, bytes: Uint8Array.of(7, 7, 7, 7) };
    expect(Array.from(applyHeaderPatch(part, 0, patch))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 7, 7]);
    expect(Array.from(applyHeaderPatch(part, 10, patch))).toEqual([7, 7, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(applyHeaderPatch(part, 20, patch))).toEqual(Array(10).fill(1));
    expect(Array.from(part)).toEqual(Array(10).fill(1));
    const buffer = Buffer.alloc(10, 1); // a Node Buffer's slice() is a view: must still not be modified
    applyHeaderPatch(buffer, 0, patch);
    expect(Array.from(buffer)).toEqual(Array(10).fill(1));
  });
});
