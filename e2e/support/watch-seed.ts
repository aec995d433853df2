/**
 * Support for the share page's player e2e tests (e2e/share-*.spec.ts): a real, playable WebM made
 * with ffmpeg (VP8, small: every frame a key frame, so seeks land exactly), uploaded by a member
 * through the "Upload a video" protocol (create with `file` → presigned part PUTs to the store →
 * complete), and that member signed in inside a browser context (the session cookie, as the
 * sign-in page gets it).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PART_SIZE, type CreateRecordingResponse } from '../../api';
import { startTestBackend, type ControllableBackend } from './backend';
import { addPerson, personalToken, type Person } from './library-seed';

const run = promisify(execFile);

/** A `seconds`-long 320×180 VP8 WebM (a moving test pattern and a tone), made once per call. */
export async function makeWatchVideo(seconds: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-e2e-watch-'));
  const path = join(dir, 'clip.webm');
  await run('ffmpeg', [
    '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-c:v', 'libvpx', '-b:v', '300k', '-g', '25', '-deadline', 'realtime', '-cpu-used', '8',
    '-c:a', 'libvorbis',
    path,
  ]);
  return readFile(path);
}

export interface WatchRecording {
  id: string;
  shareUrl: string;
}

async function json(res: Response, expected: number, what: string): Promise<any> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Uploads `bytes` as a video file owned by the token's person; a finished recording. */
export async function uploadWatchVideo(backend: ControllableBackend, token: string, title: string, bytes: Buffer, durationMs: number): Promise<WatchRecording> {
  const rec = (await json(
    await fetch(`${backend.url}/api/recordings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, mimeType: 'video/webm', file: { name: `${title}.webm`, size: bytes.byteLength } }),
    }),
    201,
    'create',
  )) as CreateRecordingResponse;
  const partNumbers = Array.from({ length: Math.ceil(bytes.byteLength / PART_SIZE) }, (_, i) => i + 1);
  const { urls } = await json(
    await fetch(`${backend.url}/api/recordings/${rec.id}/parts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rec.uploadToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partNumbers }),
    }),
    200,
    'presign',
  );
  const parts = [];
  for (const n of partNumbers) {
    const put = await fetch(urls[String(n)], { method: 'PUT', body: new Uint8Array(bytes.subarray((n - 1) * PART_SIZE, n * PART_SIZE)) });
    expect(put.status, `PUT part ${n}`).toBe(200);
    parts.push({ partNumber: n, etag: put.headers.get('etag')! });
  }
  await json(
    await fetch(`${backend.url}/api/recordings/${rec.id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rec.uploadToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ parts, durationMs, width: 320, height: 180 }),
    }),
    200,
    'complete',
  );
  return { id: rec.id, shareUrl: rec.shareUrl };
}

export interface WatchSeed {
  owner: Person;
  ownerToken: string;
  recording: WatchRecording;
}

/** An owner (a member) and one finished, playable recording of `seconds` seconds. */
export async function seedWatchRecording(backend: ControllableBackend, opts: { seconds?: number; title?: string; owner?: Person } = {}): Promise<WatchSeed> {
  const seconds = opts.seconds ?? 30;
  const owner: Person = opts.owner ?? { email: 'olga@example.com', name: 'Olga Owner', role: 'member', password: 'olga-password-1' };
  await addPerson(backend, owner);
  const [ownerToken, bytes] = await Promise.all([personalToken(backend, owner), makeWatchVideo(seconds)]);
  const recording = await uploadWatchVideo(backend, ownerToken, opts.title ?? 'Team demo', bytes, seconds * 1000);
  return { owner, ownerToken, recording };
}

/** Signs `person` in inside this context (its cookie jar), as the sign-in page does. */
export async function signInContext(context: BrowserContext, backend: ControllableBackend, person: Person): Promise<void> {
  const res = await context.request.post(`${backend.url}/api/auth/sign-in`, {
    headers: { origin: backend.url },
    data: { email: person.email, password: person.password },
  });
  expect(res.status()).toBe(200);
}

/** The share page with its player bundle running (the control bar is its work). */
export async function openWatchPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
}

/** The video's position in seconds. */
export const videoTime = (page: Page) => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);

/** Pauses and seeks the video directly (test set-up, not the behaviour under test). */
export async function pauseAt(page: Page, seconds: number): Promise<void> {
  await page.locator('video').evaluate(
    (v: HTMLVideoElement, t: number) =>
      new Promise<void>((resolve) => {
        v.pause();
        if (Math.abs(v.currentTime - t) < 0.001) return resolve();
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.currentTime = t;
      }),
    seconds,
  );
}

/**
 * One backend and one seeded recording for every test of a spec file: call it at the top of the
 * file, read `.backend` and `.seed` inside the tests. Serial by default (tests build on each other).
 */
export function sharedWatchRecording(opts: { seconds: number; title: string }, { serial = true } = {}): { backend: ControllableBackend; seed: WatchSeed } {
  const shared = {} as { backend: ControllableBackend; seed: WatchSeed };
  test.use({ launchOptions: { executablePath: '/usr/bin/chromium' } });
  if (serial) test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    shared.backend = await startTestBackend();
    shared.seed = await seedWatchRecording(shared.backend, opts);
  });
  test.afterAll(async () => {
    await shared.backend?.close();
  });
  return shared;
}
