/**
 * "Upload a video", end to end in real Chromium (no extension): a member signs in on /sign-in and
 * uploads a real MP4 of 4 parts from their computer, through the fault proxy between the browser
 * and the store (throttled, so the upload takes seconds):
 * - the connection to the store is cut mid-upload: the page says so, retries, and finishes; the
 *   stored object is byte-identical, typed video/mp4, in /library, and its share page plays and seeks;
 * - the page is reloaded mid-upload and the same file picked again: only the missing parts are sent;
 * - a file that is not a video gets a clear error and nothing is uploaded.
 * All of it on /library, the page people use.
 */
import { expect, test, type Page } from '@playwright/test';
import { PART_SIZE } from '../api';
import { withTestBackend, type ControllableBackend } from './support/backend';
import { makeMp4, makeTextFile, multipartUploads, pickFile, seekSharePlayer, signInAsNewMember, storedPartNumbers, storedVideo } from './support/file-upload-video';

test.describe.configure({ timeout: 300_000 });
test.use({ launchOptions: { executablePath: '/usr/bin/chromium' } });

let mp4: { path: string; bytes: Buffer };
test.beforeAll(async () => {
  mp4 = await makeMp4('Quarterly demo.mp4', 8);
  expect(mp4.bytes.byteLength).toBeGreaterThan(3 * PART_SIZE); // 4 parts
});

const progressValue = (page: Page) => page.getByRole('progressbar').evaluate((p: HTMLProgressElement) => p.value);

/** PUTs of parts the store answered with 200, by part number, as the page saw them. */
function partPuts(page: Page): number[] {
  const done: number[] = [];
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url());
    if (request.method() !== 'PUT' || !url.searchParams.has('partNumber')) return;
    if ((await request.response())?.status() === 200) done.push(Number(url.searchParams.get('partNumber')));
  });
  return done;
}

async function openUploadPage(page: Page, backend: ControllableBackend, email: string): Promise<void> {
  await signInAsNewMember(page, backend, email);
  await page.goto(`${backend.url}/library`);
  await expect(page.getByRole('button', { name: 'Upload a video' })).toBeEnabled();
}

/** The library's "Upload a video" control (its status line, its link to the uploaded video). */
const uploadControl = (page: Page) => page.locator('[data-slot="upload-a-video"]');

/** The id and share URL of the upload the control reports as done ("Open it"). */
async function uploadedRecording(page: Page): Promise<{ id: string; shareUrl: string }> {
  const link = uploadControl(page).getByRole('link', { name: 'Open it' });
  await expect(link).toBeVisible({ timeout: 120_000 });
  const shareUrl = (await link.getAttribute('href'))!;
  return { id: new URL(shareUrl).pathname.split('/').pop()!, shareUrl };
}

test('an MP4 of 4 parts with the network cut mid-upload: says so, retries, finishes; in the library; its share page plays and seeks', async ({ page }) => {
  await withTestBackend({ proxy: true }, async (backend) => {
    const proxy = backend.proxy!;
    await openUploadPage(page, backend, 'uma@example.com');
    const cspViolations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
    proxy.beginThrottle(3 * 1024 * 1024, 120_000);

    await pickFile(page, mp4.path);
    const bar = page.getByRole('progressbar', { name: 'Uploading “Quarterly demo.mp4”' });
    await expect(bar).toBeVisible();
    await expect.poll(() => progressValue(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
    const megabytes = Math.round(mp4.bytes.byteLength / 1e6);
    await expect(bar).toHaveAttribute('aria-valuetext', new RegExp(`^\\d+% · [\\d.]+ MB of ${megabytes} MB$`));

    // The network between the browser and the store goes away mid-upload (connections reset).
    await proxy.beginOutage('reset');
    await expect(uploadControl(page).getByRole('status')).toHaveText('The connection was lost. Retrying…', { timeout: 30_000 });
    const during = await progressValue(page);
    expect(during).toBeLessThan(100);
    await page.waitForTimeout(3000);
    await proxy.endOutage();
    proxy.endThrottle();

    const { id, shareUrl } = await uploadedRecording(page);
    await expect(uploadControl(page).getByRole('status')).toHaveText('Uploaded “Quarterly demo.mp4”. Open it');
    expect(proxy.stats().outageConnections).toBeGreaterThan(0);

    // The poster frame the browser took from the file went up through the thumbnail route.
    expect((await page.request.get(`${backend.url}/v/${id}/thumbnail`, { maxRedirects: 0 })).status()).toBe(302);
    const stored = await storedVideo(backend, id);
    expect(stored.contentType).toBe('video/mp4');
    expect(stored.bytes.equals(mp4.bytes)).toBe(true);

    // In the library, titled after the file, with its duration (read by the browser from the file).
    const library = await page.request.get(`${backend.url}/api/recordings?scope=mine`);
    const listed = (await library.json()).recordings as { id: string; title: string; durationMs: number }[];
    expect(listed).toEqual([expect.objectContaining({ id, title: 'Quarterly demo' })]);
    expect(listed[0]!.durationMs).toBeGreaterThan(7500);
    expect(listed[0]!.durationMs).toBeLessThan(8500);
    // The library lists it without a reload.
    await expect(page.getByRole('link', { name: 'Quarterly demo', exact: true })).toHaveAttribute('href', shareUrl);

    // The share page plays the MP4 and seeks.
    await page.goto(shareUrl);
    const landed = await seekSharePlayer(page, 6);
    expect(landed.duration).toBeGreaterThan(7.5);
    expect(Math.abs(landed.currentTime - 6)).toBeLessThan(0.5);
    await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(2);
    const played = await page.locator('video').evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      const from = v.currentTime;
      await v.play();
      await new Promise((r) => setTimeout(r, 800));
      v.pause();
      return v.currentTime - from;
    });
    expect(played).toBeGreaterThan(0.2);
    expect(cspViolations).toEqual([]);
  });
});

test('a reload mid-upload, then the same file again: only the parts the store lacks are sent', async ({ page }) => {
  // 9 parts: the uploader sends a few at once and they finish together, so a reload after the
  // first of them leaves later parts unsent (with 4 parts, all 4 could be in by then).
  const long = await makeMp4('Long demo.mp4', 18);
  const total = Math.ceil(long.bytes.byteLength / PART_SIZE);
  expect(total).toBeGreaterThanOrEqual(7);
  await withTestBackend({ proxy: true }, async (backend) => {
    const proxy = backend.proxy!;
    await openUploadPage(page, backend, 'rui@example.com');
    const puts = partPuts(page);
    proxy.beginThrottle(2 * 1024 * 1024, 120_000);

    await pickFile(page, long.path);
    await expect.poll(() => puts.length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    await page.reload();
    puts.length = 0;
    // What the store holds once the proxy has let through what it had (a part whose answer the
    // reload cut off may be among them): the same twice, a second apart.
    proxy.endThrottle();
    let stored = await storedPartNumbers(backend);
    for (let previous: number[] = []; previous.join() !== stored.join(); ) {
      previous = stored;
      await page.waitForTimeout(1000);
      stored = await storedPartNumbers(backend);
    }
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(stored.length).toBeLessThan(total);

    await pickFile(page, long.path);
    await expect(uploadControl(page).getByRole('status')).toHaveText(`Resuming: ${stored.length} of ${total} parts were already uploaded.`);
    const { id } = await uploadedRecording(page);
    expect(puts.filter((n) => stored.includes(n))).toEqual([]); // nothing stored was sent again
    const all = Array.from({ length: total }, (_, i) => i + 1);
    expect(puts.sort((a, b) => a - b)).toEqual(all.filter((n) => !stored.includes(n)));
    expect((await storedVideo(backend, id)).bytes.equals(long.bytes)).toBe(true);
    expect(await multipartUploads(backend)).toBe(0);
  });
});

test('a file that is not a video: a clear error at once, nothing uploaded', async ({ page }) => {
  await withTestBackend({ proxy: true }, async (backend) => {
    await openUploadPage(page, backend, 'nia@example.com');
    await pickFile(page, await makeTextFile('notes.mp4'));
    await expect(uploadControl(page).getByRole('alert')).toHaveText('“notes.mp4” is not a video Reelay can play. Choose an MP4, WebM or MOV video file.');
    await expect(page.getByRole('button', { name: 'Upload a video' })).toBeEnabled();
    expect(await multipartUploads(backend)).toBe(0);
    const library = await page.request.get(`${backend.url}/api/recordings?scope=mine`);
    expect((await library.json()).recordings).toEqual([]);
  });
});
