/**
 * Checks for "share links that play and seek instantly": the stored file as media tools see it
 * (ffprobe's container duration, mkvinfo's SeekHead + Cues), and the share
 * page in Chromium (video.duration, a seek to 80 %, the bytes the page fetched from the store,
 * counted through CDP Network events, and the poster / og:image).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, type CDPSession, type Page } from '@playwright/test';
import { tempFile, type PacketSpan } from './media-check';
import { loopback } from './store-inspect';
import type { StoredRecordingCheck } from './stored-recording';

const run = promisify(execFile);
const BIG = { maxBuffer: 256 * 1024 * 1024 };

export interface FileFacts {
  /** ffprobe -show_entries format=duration (seconds), NaN when it says N/A. */
  containerDuration: number;
  /** Seconds from packet timestamps (the real length). */
  span: PacketSpan;
  hasSeekHead: boolean;
  hasCues: boolean;
  cuePoints: number;
}

/**
 * Asks ffprobe and mkvinfo about the stored object's container. The full decode and the packet
 * timestamps come from checkStoredRecording (it fails the test if ffmpeg cannot decode every frame).
 */
export async function inspectStoredFile(check: StoredRecordingCheck): Promise<FileFacts> {
  const file = await tempFile(check.object);
  try {
    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file.path], BIG);
    // Plain mkvinfo stops at the first Cluster; --all reads the whole file (Cues sit at the end).
    const info = await run('mkvinfo', ['--all', '-v', file.path], BIG);
    const lines = info.stdout.split('\n');
    return {
      containerDuration: Number(probe.stdout.trim()),
      span: check.span,
      hasSeekHead: lines.some((l) => /^\|\+ Seek head/.test(l)),
      hasCues: lines.some((l) => /^\|\+ Cues/.test(l)),
      cuePoints: lines.filter((l) => /^\| \+ Cue point/.test(l)).length,
    };
  } finally {
    await file.cleanup();
  }
}

/** Bytes a page received, per origin, from CDP Network events (media range requests included). */
export class NetworkBytes {
  private readonly urls = new Map<string, string>();
  /** Per request: bytes from dataReceived, and the total from loadingFinished (when it finished). */
  private readonly received = new Map<string, number>();
  private readonly finished = new Map<string, number>();
  private readonly ranges: { url: string; status: number; range: string | undefined }[] = [];

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<NetworkBytes> {
    const cdp = await page.context().newCDPSession(page);
    const counter = new NetworkBytes(cdp);
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => counter.urls.set(e.requestId, e.request.url));
    cdp.on('Network.responseReceived', (e: { requestId: string; response: { url: string; status: number; headers: Record<string, string> } }) => {
      const h = e.response.headers;
      counter.ranges.push({ url: e.response.url, status: e.response.status, range: h['content-range'] ?? h['Content-Range'] });
    });
    cdp.on('Network.dataReceived', (e: { requestId: string; encodedDataLength: number }) =>
      counter.received.set(e.requestId, (counter.received.get(e.requestId) ?? 0) + e.encodedDataLength),
    );
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => counter.finished.set(e.requestId, e.encodedDataLength));
    await cdp.send('Network.enable');
    return counter;
  }

  /** Bytes received for URLs `matching` (headers included; the larger of the two CDP counts per request). */
  bytesFor(matching: (url: URL) => boolean): number {
    let total = 0;
    for (const [id, url] of this.urls) {
      if (!matching(new URL(url))) continue;
      total += Math.max(this.received.get(id) ?? 0, this.finished.get(id) ?? 0);
    }
    return total;
  }

  /** Responses for URLs `matching`: status and Content-Range (206 answers to range requests). */
  responsesFor(matching: (url: URL) => boolean): { status: number; range: string | undefined }[] {
    return this.ranges.filter((r) => matching(new URL(r.url))).map(({ status, range }) => ({ status, range }));
  }

  /** Waits until no more bytes arrive for URLs `matching` for `quietMs` (read-ahead settled). */
  async waitForQuiet(matching: (url: URL) => boolean, quietMs = 1000, timeout = 15_000): Promise<void> {
    let last = this.bytesFor(matching);
    let changedAt = Date.now();
    await expect
      .poll(
        () => {
          const now = this.bytesFor(matching);
          if (now !== last) [last, changedAt] = [now, Date.now()];
          return Date.now() - changedAt >= quietMs;
        },
        { timeout, intervals: [250], message: `no more bytes for ${quietMs} ms` },
      )
      .toBe(true);
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

export interface PlaybackFacts {
  /** video.duration once metadata loaded (seconds). */
  duration: number;
  seekTarget: number;
  /** ms from setting currentTime to the 'seeked' event, measured in the page. */
  seekMs: number;
  /** currentTime after the seek. */
  landedAt: number;
  /** Whether the video could render a frame at the new position (readyState ≥ HAVE_CURRENT_DATA). */
  readyStateAfterSeek: number;
}

/**
 * On the share page: waits for the video's metadata, then seeks to `fraction` of the duration and
 * measures until 'seeked' (bounded by `timeoutMs`; rejects when it never comes).
 */
export async function seekOnSharePage(page: Page, fraction: number, timeoutMs = 30_000): Promise<PlaybackFacts> {
  const video = page.locator('video');
  await video.waitFor({ state: 'attached' });
  return page.evaluate(
    async ({ fraction, timeoutMs }) => {
      const v = document.querySelector('video')!;
      const within = <T>(p: Promise<T>, what: string) =>
        Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no event within ${timeoutMs} ms`)), timeoutMs))]);
      if (v.readyState < HTMLMediaElement.HAVE_METADATA) {
        await within(new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true })), 'loadedmetadata');
      }
      const duration = v.duration;
      const seekTarget = duration * fraction;
      const seeked = new Promise<number>((resolve) => v.addEventListener('seeked', () => resolve(performance.now()), { once: true }));
      const t0 = performance.now();
      v.currentTime = seekTarget;
      const t1 = await within(seeked, 'seeked');
      if (v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
        await within(new Promise((r) => v.addEventListener('loadeddata', r, { once: true })).catch(() => undefined), 'loadeddata');
      }
      return {
        duration,
        seekTarget,
        seekMs: t1 - t0,
        landedAt: v.currentTime,
        readyStateAfterSeek: v.readyState,
      };
    },
    { fraction, timeoutMs },
  );
}

export interface SharePageMeta {
  ogImage: string | null;
  poster: string | null;
  title: string;
  h1: string | null;
}

export async function sharePageMeta(page: Page): Promise<SharePageMeta> {
  return page.evaluate(() => ({
    ogImage: document.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? null,
    poster: document.querySelector('video')?.getAttribute('poster') ?? null,
    title: document.title,
    h1: document.querySelector('h1')?.textContent ?? null,
  }));
}

/** Width × height of an image file, from ffprobe. */
export async function imageSize(bytes: Uint8Array): Promise<{ width: number; height: number; codec: string }> {
  const file = await tempFile(bytes, 'thumbnail.img');
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height,codec_name', '-of', 'json', file.path], BIG);
    const s = (JSON.parse(stdout) as { streams: { width: number; height: number; codec_name: string }[] }).streams[0]!;
    return { width: s.width, height: s.height, codec: s.codec_name };
  } finally {
    await file.cleanup();
  }
}

/**
 * The container says how long the video is, to within 0.2 s of its packets, or within the last frame's
 * gap when that is longer: MediaRecorder's last block has no duration, so the Duration we write counts
 * it as long as the gap before it, which ffprobe's packet span leaves out (a 203 ms gap was seen at
 * Stop on a busy machine). Cues and SeekHead are there.
 */
export function expectSeekableFile(facts: FileFacts): void {
  expect(Number.isFinite(facts.containerDuration), 'ffprobe format=duration is a number, not N/A').toBe(true);
  const lastGap = Math.max(...Object.values(facts.span.streams).map((s) => s.lastGap));
  expect(Math.abs(facts.containerDuration - facts.span.duration), `the last frame's gap: ${lastGap} s`).toBeLessThanOrEqual(
    Math.max(0.2, lastGap + 0.002),
  );
  expect(facts.hasSeekHead, 'mkvinfo --all shows a SeekHead').toBe(true);
  expect(facts.hasCues, 'mkvinfo --all shows Cues').toBe(true);
  expect(facts.cuePoints).toBeGreaterThanOrEqual(1);
}

/** GET /v/:id/thumbnail (following its redirect to the store): a JPEG no wider than 640 px. */
export async function expectPoster(shareUrl: string): Promise<{ bytes: number; width: number; height: number }> {
  const res = await fetch(loopback(`${shareUrl}/thumbnail`));
  expect(res.status, 'the share route serves a thumbnail').toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  const bytes = new Uint8Array(await res.arrayBuffer());
  const size = await imageSize(bytes);
  expect(size.codec).toBe('mjpeg');
  expect(size.width).toBeGreaterThan(0);
  expect(size.width).toBeLessThanOrEqual(640);
  expect(size.height).toBeLessThanOrEqual(640);
  return { bytes: bytes.length, ...size };
}

/** Where /v/:id/video redirects to: the store's origin (the page's range requests go there). */
export async function videoStoreOrigin(shareUrl: string): Promise<string> {
  const res = await fetch(loopback(`${shareUrl}/video`), { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!).origin;
}
