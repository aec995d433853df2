/**
 * The Segment's real size, written at Stop (issue 11): MediaRecorder writes every Cluster with an
 * unknown size, and a known-size Segment around unknown-size Clusters is not clean for ffmpeg
 * (Chrome's demuxer for <video src>: "Unknown-sized element ... inside parent with finite size"). So
 * the fixer writes every Cluster with its size (cluster-framer.ts), and then the Segment's. These
 * tests read the finished files strictly (webm-structure.ts: every size must add up exactly) and ask
 * the real tools (ffmpeg, ffprobe, mkvinfo).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID } from '../../src/core/webm/ebml-ids';
import { encodeVint } from '../../src/core/webm/ebml-vint';
import { mediaBytes, readWebmStructure, type WebmStructure } from './webm-structure';
import {
  concat,
  ffmpegDecode,
  fixedFile,
  loadFixture,
  mkvinfo,
  packets,
  runFixer,
  splitAt,
  tempDir,
  type Fixture,
  type FixerRun,
  type TempDir,
} from './webm-test-kit';

/** Every Cluster and the Segment have known sizes, and the media is exactly the recorder's. */
function expectSizedWithSameMedia(file: Uint8Array, raw: WebmStructure): WebmStructure {
  const fixed = readWebmStructure(file); // throws unless every size adds up
  expect(fixed.segmentSize).toBe(file.length - fixed.segmentDataStart);
  expect(fixed.clusters.length).toBeGreaterThan(0);
  for (const c of fixed.clusters) {
    expect(c.size, `Cluster at ${c.at}`).not.toBeNull();
    expect(c.children[0], `Cluster at ${c.at} starts with its Timecode`).toBe(ID.Timecode);
    expect(c.children.filter((id) => id === ID.Timecode)).toHaveLength(1);
  }
  expect(Buffer.compare(mediaBytes(fixed), mediaBytes(raw))).toBe(0);
  return fixed;
}

for (const name of ['screen', 'alpha'] as const) {
  describe(`a real Chrome recording ("${name}") finalized with its Segment and Cluster sizes`, () => {
    let fixture: Fixture;
    let raw: WebmStructure;
    let run: FixerRun;
    let file: Uint8Array;
    let tmp: TempDir;
    let rawPath: string;
    let fixedPath: string;

    beforeAll(async () => {
      fixture = await loadFixture(name);
      raw = readWebmStructure(fixture.bytes);
      run = runFixer(fixture.chunks);
      file = fixedFile(run);
      tmp = await tempDir();
      rawPath = await tmp.write('raw.webm', fixture.bytes);
      fixedPath = await tmp.write('fixed.webm', file);
    });
    afterAll(() => tmp.remove());

    it('Chrome wrote every Cluster and the Segment with an unknown size (the starting point)', () => {
      expect(raw.segmentSize).toBeNull();
      expect(raw.clusters.every((c) => c.size === null)).toBe(true);
      expect(run.index.unknownSizeClusters).toBe(false);
    });

    it('the finished file: the Segment and every Cluster sized exactly, the blocks untouched', () => {
      const fixed = expectSizedWithSameMedia(file, raw);
      // Each of Chrome's Clusters became one or more pieces with the same Timecode, in order.
      const pieceTimecodes = [...new Set(fixed.clusters.map((c) => c.timecode))];
      expect(pieceTimecodes).toEqual(raw.clusters.map((c) => c.timecode));
      // A piece per chunk at most: 12 + Timecode bytes for each piece beyond Chrome's own Clusters.
      const extra = fixed.clusters.length - raw.clusters.length;
      expect(extra).toBeGreaterThan(0);
      expect(extra).toBeLessThanOrEqual(fixture.chunks.length);
      expect(fixed.segmentChildren.filter((id) => id === ID.Cues)).toHaveLength(1);
    });

    it('mkvinfo reads the sizes, and every cue lands on a Cluster', async () => {
      const layout = await mkvinfo(fixedPath);
      expect(layout.segment.size).toBe(file.length - (layout.segment.at + 12));
      expect(layout.raw).not.toMatch(/size unknown|unknown size/i);
      const clusterAt = new Set(layout.elements.filter((e) => e.name === 'Cluster').map((e) => e.at));
      expect(clusterAt.size).toBe(readWebmStructure(file).clusters.length);
      for (const cue of layout.cues) expect(clusterAt.has(layout.segment.at + 12 + cue.clusterPosition)).toBe(true);
    });

    it('ffmpeg decodes it with no message at all, and reads the very packets of the original', async () => {
      const decoded = await ffmpegDecode(fixedPath);
      expect(decoded).toEqual({ code: 0, stderr: '' });
      expect(await packets(fixedPath)).toEqual(await packets(rawPath));
    });

    it('for any chunking of the same bytes: sized throughout, same media, same cues and Duration', () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: fixture.bytes.length - 1 }), { maxLength: 60 }), (cuts) => {
          const other = runFixer(splitAt(fixture.bytes, cuts.sort((a, b) => a - b)));
          expectSizedWithSameMedia(fixedFile(other), raw);
          expect(other.fix.durationMs).toBe(run.fix.durationMs);
          expect(other.index.cues.filter((_, k) => k % 2 === 0)).toEqual(run.index.cues.filter((_, k) => k % 2 === 0));
        }),
        { numRuns: 30 },
      );
    });
  });
}

describe('why the Clusters must be sized too', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.remove());

  it("a sized Segment around Chrome's unknown-size Clusters makes ffmpeg report an error (the packets are the same)", async () => {
    // What a fixer that wrote only the Segment's size would store: Chrome's Clusters, verbatim.
    const fixture = await loadFixture('screen');
    const firstCluster = Buffer.from(fixture.bytes).indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
    const segmentAt = Buffer.from(fixture.bytes).indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]));
    const sized = new Uint8Array(fixture.bytes);
    expect(Array.from(sized.subarray(segmentAt + 4, segmentAt + 12))).toEqual([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    sized.set(encodeVint(sized.length - (segmentAt + 12), 8), segmentAt + 4);
    expect(firstCluster).toBeGreaterThan(segmentAt);
    const unknownPath = await tmp.write('unknown.webm', fixture.bytes);
    const sizedPath = await tmp.write('sized-segment-only.webm', concat([sized]));
    expect((await ffmpegDecode(unknownPath)).stderr).toBe('');
    expect((await ffmpegDecode(sizedPath)).stderr).toMatch(/Unknown-sized element at 0x[0-9a-f]+ inside parent with finite size/);
    expect(await packets(sizedPath)).toEqual(await packets(unknownPath));
  });
});

describe('the strict reader these tests rely on', () => {
  it('rejects a file whose Cluster or Segment size is off by one', async () => {
    const run = runFixer((await loadFixture('alpha')).chunks);
    const file = fixedFile(run);
    const { clusters, segmentDataStart } = readWebmStructure(file);
    for (const [sizeAt, size] of [
      [clusters[1]!.at + 4, clusters[1]!.size! + 1],
      [clusters[1]!.at + 4, clusters[1]!.size! - 1],
      [segmentDataStart - 8, file.length - segmentDataStart - 1],
    ] as const) {
      const broken = new Uint8Array(file);
      broken.set(encodeVint(size, 8), sizeAt);
      expect(() => readWebmStructure(broken)).toThrow();
    }
  });
});
