/**
 * Why the fixer leaves Chrome's Segment size unknown (issue 11 asked to write the real size at
 * Stop): MediaRecorder writes every Cluster with an unknown size, and a known-size Segment around
 * unknown-size Clusters is not clean for ffmpeg, Chrome's demuxer for <video src>. This test writes
 * the size into the fixed real recording by hand and asks the real tools; if a future ffmpeg takes
 * it cleanly, it fails, and the fixer should then write the size (webm-finalize.ts, sizeKnowable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeVint } from '../../src/core/webm/ebml-vint';
import { ffmpegDecode, fixedFile, loadFixture, mkvinfo, packets, runFixer, tempDir, type FixerRun, type TempDir } from './webm-test-kit';

describe('a real Chrome recording with its Segment size written in', () => {
  let tmp: TempDir;
  let run: FixerRun;
  let unknownPath: string;
  let sizedPath: string;
  let segmentSize: number;

  beforeAll(async () => {
    run = runFixer((await loadFixture('screen')).chunks);
    const fixed = fixedFile(run);
    const { sizeFieldOffset, segmentDataStart } = run.index.header!;
    const sized = new Uint8Array(fixed);
    segmentSize = fixed.length - segmentDataStart;
    sized.set(encodeVint(segmentSize, 8), sizeFieldOffset);
    tmp = await tempDir();
    unknownPath = await tmp.write('unknown-size.webm', fixed);
    sizedPath = await tmp.write('sized.webm', sized);
  });
  afterAll(() => tmp.remove());

  it('the fixer keeps the size unknown because every Cluster has an unknown size', async () => {
    expect(run.index.unknownSizeClusters).toBe(true);
    expect((await mkvinfo(unknownPath)).segment.size).toBeNull();
    expect((await ffmpegDecode(unknownPath)).stderr).not.toMatch(/finite size|error/i);
  });

  it('mkvinfo reads the sized file, but ffmpeg reports an error on it (the packets it reads are the same)', async () => {
    const layout = await mkvinfo(sizedPath);
    expect(layout.segment.size).toBe(segmentSize);
    expect(layout.cues.length).toBeGreaterThan(0);
    const decoded = await ffmpegDecode(sizedPath);
    expect(decoded.stderr).toMatch(/Unknown-sized element at 0x[0-9a-f]+ inside parent with finite size/);
    expect(await packets(sizedPath)).toEqual(await packets(unknownPath));
  });
});
