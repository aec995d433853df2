/**
 * What the share page's viewer gets: the fixed recording in a <video> of the real Chromium
 * (/usr/bin/chromium, headless), compared with MediaRecorder's original output.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebmStreamFixer, finalizeWebm, restoreWebmStreamFixer } from '../../src/core/webm';
import { concat, fixedFile, loadFixture, packetEnd, runFixer, splitAt, tempDir, type Fixture, type TempDir } from './webm-test-kit';

interface Playback {
  duration: number;
  seekableEnd: number | null;
  /** After seeking to the target and playing on a little. */
  currentTime: number;
}

// Loads `file` in the page's <video>, seeks to `target`, plays until 0.3 s past it.
const PLAY = `async (src, target) => {
  const v = document.querySelector('video');
  const within = (p, what) => Promise.race([p, new Promise((_, ko) => setTimeout(() => ko(new Error(what + ' timed out')), 15000))]);
  v.src = src;
  await within(new Promise((ok, ko) => { v.onloadedmetadata = ok; v.onerror = () => ko(new Error('load: ' + (v.error && v.error.message))); }), 'metadata');
  const duration = v.duration;
  const seekableEnd = v.seekable.length ? v.seekable.end(v.seekable.length - 1) : null;
  v.currentTime = target;
  await within(new Promise((ok) => { v.onseeked = ok; }), 'seek');
  await v.play();
  await within(new Promise((ok) => { v.ontimeupdate = () => { if (v.currentTime > target + 0.3) ok(); }; }), 'play');
  v.pause();
  return { duration, seekableEnd, currentTime: v.currentTime };
}`;

describe('fixed recording in a real Chromium <video>', () => {
  let fixture: Fixture;
  let tmp: TempDir;
  let browser: Browser;
  let page: Page;
  let realEnd: number;

  async function play(name: string, bytes: Uint8Array, target: number): Promise<Playback> {
    const file = await tmp.write(name, bytes);
    return (await page.evaluate(`(${PLAY})(${JSON.stringify(pathToFileURL(file).href)}, ${target})`)) as Playback;
  }

  beforeAll(async () => {
    fixture = await loadFixture('screen');
    tmp = await tempDir();
    realEnd = await packetEnd(await tmp.write('raw-for-probe.webm', fixture.bytes));
    const pagePath = path.join(tmp.dir, 'player.html');
    await writeFile(pagePath, '<!doctype html><title>player</title><video muted></video>');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--autoplay-policy=no-user-gesture-required'] });
    page = await browser.newPage();
    await page.goto(pathToFileURL(pagePath).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await tmp?.remove();
  });

  it("MediaRecorder's own output has no duration (the problem this fixes)", async () => {
    const original = await play('original.webm', fixture.bytes, 1);
    expect(original.duration).toBe(Infinity);
  });

  it('the fixed file has its real duration, is seekable to the end, and plays from a seek near the end', async () => {
    const target = Math.floor(realEnd) - 3;
    const result = await play('fixed.webm', fixedFile(runFixer(fixture.chunks)), target);
    expect(Math.abs(result.duration - realEnd)).toBeLessThanOrEqual(0.2);
    expect(result.seekableEnd).toBeCloseTo(result.duration, 3);
    expect(result.currentTime).toBeGreaterThan(target + 0.3);
  });

  it('a recording finalized after a crash (cut mid-stream, restored from its index) plays and seeks too', async () => {
    const cut = fixture.boundaries[11]!;
    const cutEnd = await packetEnd(await tmp.write('cut-raw.webm', fixture.bytes.subarray(0, cut)));
    const before = createWebmStreamFixer();
    const outputs = splitAt(fixture.bytes.subarray(0, cut), fixture.boundaries.filter((b) => b < cut)).map((c) => before.push(c));
    const fixer = restoreWebmStreamFixer(JSON.parse(JSON.stringify(before.index())));
    outputs.push(fixer.end());
    const stream = concat(outputs);
    const result = await play('crash-fixed.webm', fixedFile({ stream, fix: finalizeWebm(fixer.index(), stream.length) }), 5);
    expect(Math.abs(result.duration - cutEnd)).toBeLessThanOrEqual(0.2);
    expect(result.currentTime).toBeGreaterThan(5.3);
  });
});
