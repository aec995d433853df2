/**
 * Link privacy in a real Chromium (issue 14; plain web pages, no extension needed), against a real
 * backend with its embedded store and a real VP8 WebM the browser plays. The owner sets the
 * privacy over the API; a viewer meets it as people do:
 * - a password link refuses the video URL and the metadata before the password, and plays after
 *   it is typed in the field labelled "Password" (a wrong one is said in plain words);
 * - an expired link is refused;
 * - team only: refused signed out (a "Sign in" link), allowed once signed in on /sign-in;
 * - downloads turned off make /download refuse, while the video still plays;
 * - the refusal pages pass axe (WCAG 2.1 AA) in light and dark, and the form works from the keyboard.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { CreateRecordingResponse } from '../api';
import { startTestBackend, type ControllableBackend } from './support/backend';
import { addPerson, personalToken, type Person } from './support/library-seed';
import { makePlayableWebm, setPrivacy, uploadPlayable } from './support/playable-recording';

const OWNER: Person = { email: 'olga@example.com', name: 'Olga Owner', role: 'member', password: 'olga-password-1' };
const TEAMMATE: Person = { email: 'tim@example.com', name: 'Tim Mate', role: 'member', password: 'tim-password-1' };

let backend: ControllableBackend;
let ownerToken: string;
let video: Uint8Array<ArrayBuffer>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  backend = await startTestBackend();
  await addPerson(backend, OWNER);
  await addPerson(backend, TEAMMATE);
  ownerToken = await personalToken(backend, OWNER);
  video = await makePlayableWebm();
});

test.afterAll(async () => {
  await backend?.close();
});

async function recording(title: string): Promise<CreateRecordingResponse> {
  return uploadPlayable(backend, ownerToken, title, video);
}

/** The page's <video> plays: muted play(), then its clock moves past 0.5 s. */
async function expectPlays(page: Page): Promise<void> {
  const player = page.locator('video');
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
}

/** The video and metadata URLs, fetched with the page's cookies, without following redirects. */
async function reach(page: Page, id: string) {
  const video = await page.request.get(`${backend.url}/v/${id}/video`, { maxRedirects: 0 });
  const meta = await page.request.get(`${backend.url}/api/recordings/${id}`);
  const download = await page.request.get(`${backend.url}/v/${id}/download`, { maxRedirects: 0 });
  return {
    video: { status: video.status(), location: video.headers()['location'], text: await video.text() },
    meta: { status: meta.status(), text: await meta.text() },
    download: { status: download.status(), location: download.headers()['location'], text: await download.text() },
  };
}

test('a password link refuses the video URL and the metadata before the password, and plays after it', async ({ page }) => {
  const rec = await recording('Salary review');
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'password', password: 'correct horse', downloads: true });

  await page.goto(`${backend.url}/v/${rec.id}`);
  await expect(page.getByRole('heading', { name: 'This recording needs a password' })).toBeVisible();
  await expect(page.locator('video')).toHaveCount(0);
  expect(await page.content()).not.toContain('Salary review');
  const before = await reach(page, rec.id);
  expect([before.video.status, before.video.location]).toEqual([403, undefined]);
  expect(before.video.text).not.toContain('Salary review');
  expect(before.meta.status).toBe(403);
  expect(before.meta.text).not.toContain('Salary review');
  expect(JSON.parse(before.meta.text).error.code).toBe('password_required');

  // A wrong password: said in plain words, still locked.
  await page.getByLabel('Password').fill('wrong horse');
  await page.getByRole('button', { name: 'Watch' }).click();
  await expect(page.getByRole('alert')).toContainText("That password isn't right");
  await expect(page.getByLabel('Password')).toBeFocused();
  expect((await reach(page, rec.id)).video.status).toBe(403);

  // The right one: the page itself, playing.
  await page.getByLabel('Password').fill('correct horse');
  await page.getByRole('button', { name: 'Watch' }).click();
  await page.waitForURL(`${backend.url}/v/${rec.id}`);
  await expect(page.getByRole('heading', { name: 'Salary review' })).toBeVisible();
  await expectPlays(page);
  const after = await reach(page, rec.id);
  expect(after.video.status).toBe(302);
  expect(after.video.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//); // the store, presigned
  expect(after.meta.status).toBe(200);
  expect(JSON.parse(after.meta.text).title).toBe('Salary review');
});

test('an expired link is refused', async ({ page }) => {
  const rec = await recording('Last quarter');
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'public', downloads: true, expiresAt: new Date(Date.now() - 60_000).toISOString() });
  const res = await page.goto(`${backend.url}/v/${rec.id}`);
  expect(res!.status()).toBe(410);
  await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await expect(page.locator('video')).toHaveCount(0);
  expect(await page.content()).not.toContain('Last quarter');
  const r = await reach(page, rec.id);
  expect([r.video.status, r.video.location]).toEqual([410, undefined]);
  expect(r.meta.status).toBe(410);
});

test('team only: refused when signed out, allowed when signed in', async ({ page }) => {
  const rec = await recording('Roadmap, team only');
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'team', downloads: true });

  await page.goto(`${backend.url}/v/${rec.id}`);
  await expect(page.getByRole('heading', { name: 'Sign in to watch' })).toBeVisible();
  await expect(page.locator('video')).toHaveCount(0);
  expect(await page.content()).not.toContain('Roadmap');
  const out = await reach(page, rec.id);
  expect([out.video.status, out.video.location]).toEqual([401, undefined]);
  expect(out.meta.status).toBe(401);

  // "Sign in" goes to the sign-in page and back here.
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(TEAMMATE.email);
  await page.getByLabel('Password').fill(TEAMMATE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${backend.url}/v/${rec.id}`);
  await expect(page.getByRole('heading', { name: 'Roadmap, team only' })).toBeVisible();
  await expectPlays(page);
  expect((await reach(page, rec.id)).video.status).toBe(302);
});

test('downloads turned off make /download refuse; the video still plays', async ({ page }) => {
  const rec = await recording('Keep it here');
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'public', downloads: false });
  await page.goto(`${backend.url}/v/${rec.id}`);
  await expect(page.getByRole('heading', { name: 'Keep it here' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Download/ })).toHaveCount(0);
  await expectPlays(page);
  const r = await reach(page, rec.id);
  expect([r.download.status, r.download.location]).toEqual([403, undefined]);
  await page.goto(`${backend.url}/v/${rec.id}/download`);
  await expect(page.getByRole('heading', { name: 'Download turned off' })).toBeVisible();
});

test('the refusal pages pass axe (WCAG 2.1 AA) in light and dark; the password form works from the keyboard', async ({ page }) => {
  const rec = await recording('Accessible secret');
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'password', password: 'correct horse', downloads: true });
  const axe = async () => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${backend.url}/v/${rec.id}`);
    // Keyboard only: the field has focus; type, Enter submits.
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type('not it');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText("That password isn't right");
    expect({ colorScheme, page: 'password', violations: await axe() }).toEqual({ colorScheme, page: 'password', violations: [] });
  }
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'team', downloads: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${backend.url}/v/${rec.id}`);
    expect({ colorScheme, page: 'team', violations: await axe() }).toEqual({ colorScheme, page: 'team', violations: [] });
  }
  await setPrivacy(backend, ownerToken, rec.id, { visibility: 'public', downloads: true, expiresAt: new Date(Date.now() - 1000).toISOString() });
  await page.goto(`${backend.url}/v/${rec.id}`);
  expect({ page: 'expired', violations: await axe() }).toEqual({ page: 'expired', violations: [] });
});
