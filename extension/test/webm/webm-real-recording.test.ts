/**
 * The fixer on REAL Chromium MediaRecorder output (fixtures made by scripts/make-webm-fixture.ts),
 * replayed chunk by chunk as dataavailable delivered it, judged by the real tools: ffprobe, ffmpeg and
 * mkvinfo (mkvtoolnix).
 */
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebmStreamFixer,
  finalizeWebm,
  restoreWebmStreamFixer,
  type WebmFinalization,
  type WebmIndex,
} from '../../src/core/webm';
import {
  bytesReadToSeek,
  concat,
  ffmpegDecode,
  ffmpegWebm,
  fixedFile,
  formatDuration,
  loadFixture,
  mkvinfo,
  packetEnd,
  packets,
  runFixer,
  splitAt,
  tempDir,
  type Fixture,
  type FixerRun,
  type MkvLayout,
  type TempDir,
} from './webm-test-kit';

const DURATION_TOLERANCE_S = 0.2;
const SEEK_TARGETS: Record<string, string> = { KaxInfo: 'Segment information', KaxTracks: 'Tracks', KaxCues: 'Cues' };

/** Every SeekHead entry and every CueClusterPosition points at the element mkvinfo finds there. */
function expectPositionsResolve(layout: MkvLayout): void {
  const dataStart = layout.segment.at + 12; // Segment ID (4) + the 8-byte size field
  const nameAt = new Map(layout.elements.map((e) => [e.at, e.name]));
  expect(layout.seeks.map((s) => s.target).sort()).toEqual(['KaxCues', 'KaxInfo', 'KaxTracks']);
  for (const seek of layout.seeks) expect(nameAt.get(dataStart + seek.position)).toBe(SEEK_TARGETS[seek.target]);
  expect(layout.cues.length).toBeGreaterThan(0);
  for (const cue of layout.cues) expect(nameAt.get(dataStart + cue.clusterPosition)).toBe('Cluster');
}

function expectSameResult(actual: { stream: Uint8Array; fix: unknown }, expected: FixerRun): void {
  expect(actual.stream.length).toBe(expected.stream.length);
  expect(Buffer.compare(actual.stream, expected.stream)).toBe(0);
  expect(actual.fix).toEqual(expected.fix);
}

/**
 * Runs the real chunks, stopping at stream offset `cut`: returns the index there, the output so far,
 * and the pieces (the real chunks, one of them split at `cut`).
 */
function runUntil(fixture: Fixture, cut: number): { outputs: Uint8Array[]; index: WebmIndex; rest: Uint8Array[]; pieces: Uint8Array[] } {
  const fixer = createWebmStreamFixer();
  const pieces = splitAt(fixture.bytes, [...new Set([...fixture.boundaries, cut])].sort((a, b) => a - b));
  const outputs: Uint8Array[] = [];
  let at = 0;
  let k = 0;
  for (; k < pieces.length && at < cut; k++) {
    outputs.push(fixer.push(pieces[k]!));
    at += pieces[k]!.length;
  }
  return { outputs, index: JSON.parse(JSON.stringify(fixer.index())) as WebmIndex, rest: pieces.slice(k), pieces };
}

for (const name of ['screen', 'alpha'] as const) {
  describe(`real MediaRecorder recording "${name}" (VP9 + Opus, chunk by chunk)`, () => {
    let fixture: Fixture;
    let baseline: FixerRun;
    let tmp: TempDir;
    let rawPath: string;
    let fixedPath: string;
    let realEnd: number;

    beforeAll(async () => {
      fixture = await loadFixture(name);
      baseline = runFixer(fixture.chunks);
      tmp = await tempDir();
      rawPath = await tmp.write('raw.webm', fixture.bytes);
      fixedPath = await tmp.write('fixed.webm', fixedFile(baseline));
      realEnd = await packetEnd(rawPath);
    });
    afterAll(() => tmp.remove());

    it('starts without a duration (the problem) and ends with the real one, within 0.2 s', async () => {
      expect(await formatDuration(rawPath)).toBeNull();
      expect(baseline.fix.problem).toBeNull();
      const duration = await formatDuration(fixedPath);
      expect(duration).not.toBeNull();
      expect(Math.abs(duration! - realEnd)).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
      expect(Math.abs(baseline.fix.durationMs! / 1000 - realEnd)).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
    });

    it('mkvinfo sees a SeekHead and Cues whose positions land on Info, Tracks, Cues and Clusters', async () => {
      const layout = await mkvinfo(fixedPath);
      expect(layout.raw).toContain('Seek head');
      expect(layout.raw).toContain('Cues');
      expectPositionsResolve(layout);
      expect(Math.abs(layout.durationSeconds! - realEnd)).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
      // Every Cluster is written with its size, so the Segment's is known too (segment-size.test.ts).
      expect(layout.segment.size).toBe(fixedFile(baseline).length - (layout.segment.at + 12));
    });

    it('cues exactly the video keyframes', async () => {
      const layout = await mkvinfo(fixedPath);
      const keyframes = (await packets(rawPath)).filter((p) => p.stream === 0 && p.keyframe).map((p) => p.pts);
      expect(layout.cues.map((c) => c.time)).toEqual(keyframes);
    });

    it('ffmpeg decodes it without an error, and every packet keeps its timestamp', async () => {
      const { code, stderr } = await ffmpegDecode(fixedPath);
      expect(code).toBe(0);
      expect(stderr).not.toMatch(/finite size|invalid|error/i);
      expect(await packets(fixedPath)).toEqual(await packets(rawPath));
    });

    // Other chunkings of the same bytes: segment-size.test.ts (Clusters are cut where chunks end, so
    // the bytes differ; the media, cues and Duration do not).

    it('restored from its JSON index at any byte gives the same result as the uninterrupted run', () => {
      const check = (cut: number): void => {
        const { outputs, index, rest, pieces } = runUntil(fixture, cut);
        const fixer = restoreWebmStreamFixer(index);
        for (const piece of rest) outputs.push(fixer.push(piece));
        outputs.push(fixer.end());
        // The uninterrupted run of the same pieces (Clusters are cut where pieces end).
        const uninterrupted = cut === fixture.bytes.length || fixture.boundaries.includes(cut) ? baseline : runFixer(pieces);
        expectSameResult({ stream: concat(outputs), fix: finalizeWebm(fixer.index()) }, uninterrupted);
      };
      for (const boundary of fixture.boundaries) check(boundary);
      fc.assert(fc.property(fc.integer({ min: 1, max: fixture.bytes.length - 1 }), check), { numRuns: 25 });
    });
  });
}

describe('real recording: seeking and the S3 part split', () => {
  let fixture: Fixture;
  let tmp: TempDir;

  beforeAll(async () => {
    fixture = await loadFixture('screen');
    tmp = await tempDir();
  });
  afterAll(() => tmp.remove());

  it('seeks near the end by reading a fraction of the file (Cues used), unlike the original', async () => {
    const run = runFixer(fixture.chunks);
    const fixed = fixedFile(run);
    const fixedPath = await tmp.write('seek-fixed.webm', fixed);
    const rawPath = await tmp.write('seek-raw.webm', fixture.bytes);
    const target = (await packetEnd(rawPath)) - 2;
    expect(await bytesReadToSeek(rawPath, target)).toBeGreaterThan(0.9 * fixture.bytes.length);
    expect(await bytesReadToSeek(fixedPath, target)).toBeLessThan(0.5 * fixed.length);
    expect((await ffmpegDecode(fixedPath, ['-ss', String(target)])).code).toBe(0);
  });

  // The real part size is 5 MiB; these small fake part sizes make the 0.5 MB recording span many parts.
  const FAKE_PART_SIZES = [4400, 8192, 65_536, 100_003];

  for (const fakePartSize of FAKE_PART_SIZES) {
    it(`with a fake part size of ${fakePartSize}: the patch stays in part 1, and the parts rebuild the fixed file`, () => {
      const run = runFixer(fixture.chunks, { partSize: fakePartSize });
      const { headerPatch, trailer } = run.fix;
      expect(headerPatch).not.toBeNull();
      expect(headerPatch!.offset + headerPatch!.bytes.length).toBeLessThanOrEqual(fakePartSize);

      // While recording: full parts are cut from the stream. At Stop: the trailer is the stream's
      // last bytes, so the remainder + trailer make the last part(s).
      const fullParts = Math.floor(run.stream.length / fakePartSize);
      const parts = splitAt(run.stream.subarray(0, fullParts * fakePartSize), Array.from({ length: fullParts }, (_, k) => k * fakePartSize).slice(1));
      const end = concat([run.stream.subarray(fullParts * fakePartSize), trailer]);
      for (let at = 0; at < end.length; at += fakePartSize) parts.push(end.subarray(at, at + fakePartSize));

      const part1 = parts[0]!;
      const patched1 = (parts[0] = createPatchedPart(part1, headerPatch!));
      expect(patched1.length).toBe(part1.length);
      parts.slice(0, -1).forEach((p) => expect(p.length).toBe(fakePartSize));
      expect(Buffer.compare(concat(parts), fixedFile(run))).toBe(0);
    });
  }

  it('a recording shorter than one part: part 1 is also the last part (patched + trailer)', async () => {
    const partSize = 5 * 1024 * 1024;
    const run = runFixer(fixture.chunks, { partSize });
    expect(run.stream.length).toBeLessThan(partSize);
    const onlyPart = concat([createPatchedPart(run.stream, run.fix.headerPatch!), run.fix.trailer]);
    const file = await tmp.write('single-part.webm', onlyPart);
    expect((await ffmpegDecode(file)).code).toBe(0);
    expect(Math.abs((await formatDuration(file))! - (await packetEnd(file)))).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
    expectPositionsResolve(await mkvinfo(file));
  });
});

function createPatchedPart(part: Uint8Array, patch: { offset: number; bytes: Uint8Array }): Uint8Array {
  const out = new Uint8Array(part);
  out.set(patch.bytes, patch.offset);
  return out;
}

describe('real recording cut by a crash, finalized from the restored index', () => {
  let fixture: Fixture;
  let tmp: TempDir;

  beforeAll(async () => {
    fixture = await loadFixture('screen');
    tmp = await tempDir();
  });
  afterAll(() => tmp.remove());

  /** Stored stream = outputs up to the cut; the recorder restarts, restores, ends and finalizes. */
  function finalizeAfterCrash(cut: number): { stream: Uint8Array; fix: WebmFinalization } {
    const { outputs, index } = runUntil(fixture, cut);
    const fixer = restoreWebmStreamFixer(index);
    outputs.push(fixer.end());
    const stream = concat(outputs);
    return { stream, fix: finalizeWebm(fixer.index(), stream.length) };
  }

  async function crashAt(cut: number): Promise<{ file: string; rawFile: string; problem: string | null }> {
    const { stream, fix } = finalizeAfterCrash(cut);
    return {
      file: await tmp.write(`crash-${cut}.webm`, fixedFile({ stream, fix })),
      rawFile: await tmp.write(`crash-${cut}-raw.webm`, fixture.bytes.subarray(0, cut)),
      problem: fix.problem,
    };
  }

  it("Chrome ends its chunks one byte into the next element: that byte is held back, so no padding is needed", () => {
    const full = runFixer(fixture.chunks);
    for (const cut of fixture.boundaries) {
      const { outputs, index } = runUntil(fixture, cut);
      expect(Buffer.from(index.unemitted, 'base64').length).toBe(1); // e.g. 0x1F of a Cluster, 0xA3 of a SimpleBlock
      const { stream, fix } = finalizeAfterCrash(cut);
      expect(Buffer.compare(stream, concat(outputs))).toBe(0); // end() added nothing: the held byte is dropped
      expect(Buffer.compare(stream, full.stream.subarray(0, stream.length))).toBe(0);
      expect(fix.problem).toBeNull();
      expect(Array.from(fix.trailer.subarray(0, 4))).toEqual([0x1c, 0x53, 0xbb, 0x6b]); // Cues right away
    }
  });

  it('at real chunk boundaries: seekable, right duration, decodable', async () => {
    const cuts = [fixture.boundaries[2]!, fixture.boundaries[9]!, fixture.boundaries.at(-1)!];
    for (const cut of cuts) {
      const { file, rawFile, problem } = await crashAt(cut);
      expect(problem).toBeNull();
      const decoded = await ffmpegDecode(file);
      expect(decoded.code).toBe(0);
      expect(decoded.stderr).not.toMatch(/finite size/);
      expect(Math.abs((await formatDuration(file))! - (await packetEnd(rawFile)))).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
      expectPositionsResolve(await mkvinfo(file));
    }
  });

  it('inside a frame: the cut frame is padded, the file stays seekable with the right duration', async () => {
    for (const cut of [fixture.boundaries[4]! + 5000, fixture.boundaries[12]! + 777]) {
      const { file, rawFile, problem } = await crashAt(cut);
      expect(problem).toBeNull();
      expect((await ffmpegDecode(file)).code).toBe(0);
      expect(Math.abs((await formatDuration(file))! - (await packetEnd(rawFile)))).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
      expectPositionsResolve(await mkvinfo(file));
    }
  });
});

describe('WebM made by ffmpeg (a second real muxer: known-size Clusters)', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.remove());

  it('live mode (no Cues): the Segment gets its real size and the file is clean for ffmpeg and mkvinfo', async () => {
    const source = `${tmp.dir}/ffmpeg-live.webm`;
    await ffmpegWebm(source, 4, true);
    const bytes = new Uint8Array(await readFile(source));
    const run = runFixer(splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 4096) }, (_, k) => (k + 1) * 4096)));
    expect(run.index.unknownSizeClusters).toBe(false);
    const fixed = fixedFile(run);
    const file = await tmp.write('ffmpeg-live-fixed.webm', fixed);
    const layout = await mkvinfo(file);
    expect(layout.segment.size).toBe(fixed.length - (layout.segment.at + 12));
    expectPositionsResolve(layout);
    const decoded = await ffmpegDecode(file);
    expect(decoded).toEqual({ code: 0, stderr: '' });
    expect(Math.abs((await formatDuration(file))! - (await packetEnd(source)))).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
  });

  it('a finished file (own SeekHead, Void, Duration, Cues): still decodes, with our SeekHead and Duration', async () => {
    const source = `${tmp.dir}/ffmpeg-file.webm`;
    await ffmpegWebm(source, 4, false);
    const bytes = new Uint8Array(await readFile(source));
    const run = runFixer([bytes]);
    expect(run.fix.problem).toBeNull();
    const file = await tmp.write('ffmpeg-file-fixed.webm', fixedFile(run));
    const layout = await mkvinfo(file);
    const cuesAt = layout.segment.at + 12 + layout.seeks.find((s) => s.target === 'KaxCues')!.position;
    expect(layout.elements.filter((e) => e.name === 'Cues').at(-1)!.at).toBe(cuesAt); // ours, after theirs
    expect((await ffmpegDecode(file)).code).toBe(0);
    expect(Math.abs((await formatDuration(file))! - (await packetEnd(source)))).toBeLessThanOrEqual(DURATION_TOLERANCE_S);
  });
});
