/**
 * The library in a real Chromium, as people use it (plain web pages: no extension needed), against
 * a real backend with its embedded store. Recordings are made through the API with personal tokens
 * (create → presigned parts → complete, one with a real PNG thumbnail), people are added by the
 * admin over the API. Covered: signing in on /sign-in (a wrong password said in plain words, then
 * on to ?next=), My recordings and Team, paging, search, rename, copy link, delete (its link 404s
 * afterwards) with the mouse and with the keyboard only, no Rename/Delete on someone else's
 * recording (an admin may), a 360 px phone without horizontal scrolling, axe (WCAG 2.1 AA) in light
 * and dark, and /account: a personal token shown once, used and revoked; an admin adds and removes a person.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { CreateRecordingResponse } from '../api';
import { expect, test } from './fixtures';
import { startTestBackend, type ControllableBackend } from './support/backend';
import { addPerson, personalToken, uploadRecording, type Person } from './support/library-seed';

const MIA: Person = { email: 'mia@example.com', name: 'Mia Lopez', role: 'member', password: 'mia-password-1' };
const BEN: Person = { email: 'ben@example.com', name: 'Ben Okafor', role: 'member', password: 'ben-password-1' };
const CY: Person = { email: 'cy@example.com', name: 'Cy Tan', role: 'member', password: 'cy-password-1' };
/** The first admin has no password yet: a second admin with one. */
const ADA: Person = { email: 'ada@example.com', name: 'Ada Admin', role: 'admin', password: 'ada-password-1' };
/** Cy's recordings: with Mia's and Ben's, the Team view has more than one page (24). */
const CY_RECORDINGS = 22;

let backend: ControllableBackend;
const mia: Record<string, CreateRecordingResponse> = {};
let ben: CreateRecordingResponse;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // One backend for the whole file: its many sign-ins (every test signs in, all from 127.0.0.1)
  // would pass the default 10 a minute per address, which backend/test/sign-in-limit.test.ts covers.
  backend = await startTestBackend({ env: { SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' } });
  const [, , , , miaToken, benToken, cyToken] = await Promise.all([
    addPerson(backend, MIA),
    addPerson(backend, BEN),
    addPerson(backend, CY),
    addPerson(backend, ADA),
  ]).then(async (ids) => [...ids, await personalToken(backend, MIA), await personalToken(backend, BEN), await personalToken(backend, CY)]);
  for (let i = 1; i <= CY_RECORDINGS; i++) await uploadRecording(backend, cyToken!, `Standup ${i}`, { durationMs: 30_000 });
  ben = await uploadRecording(backend, benToken!, 'Onboarding tour', { durationMs: 125_000 });
  mia.planning = await uploadRecording(backend, miaToken!, 'Quarterly planning', { durationMs: 3_725_000 });
  mia.bug = await uploadRecording(backend, miaToken!, 'Bug repro: login loops', { durationMs: 65_000, thumbnail: true });
  mia.review = await uploadRecording(backend, miaToken!, 'Design review', { durationMs: 42_000 });
  mia.keyboard = await uploadRecording(backend, miaToken!, 'Keyboard only', { durationMs: 9_000 });
});

test.afterAll(async () => {
  await backend?.close();
});

/** Signs in through the API from the page's context (its cookie jar), as the sign-in page does. */
async function signedIn(page: Page, person: Person): Promise<void> {
  const res = await page.request.post(`${backend.url}/api/auth/sign-in`, {
    headers: { origin: backend.url },
    data: { email: person.email, password: person.password },
  });
  expect(res.status()).toBe(200);
}

/** The page's own live status line (the upload control has a status of its own). */
const said = (page: Page) => page.getByRole('status').and(page.locator('.status-line'));
const cards = (page: Page) => page.getByRole('list', { name: /recordings/ }).getByRole('listitem');
const card = (page: Page, title: string) => cards(page).filter({ has: page.getByRole('heading', { name: title, exact: true }) });

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('sign in on /sign-in: a wrong password is said in plain words; the right one goes on to next (/library)', async ({ page }) => {
  await page.goto(`${backend.url}/library?view=team`);
  await expect(page).toHaveURL(`${backend.url}/sign-in?next=%2Flibrary%3Fview%3Dteam`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(MIA.email);
  await page.getByLabel('Password').fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/The email or the password is wrong/);
  await expect(page.getByLabel('Email')).toBeFocused();

  await page.getByLabel('Password').fill(MIA.password);
  await page.getByLabel('Password').press('Enter');
  await expect(page).toHaveURL(`${backend.url}/library?view=team`);
  await expect(page.getByRole('banner')).toContainText(MIA.name);
  await expect(page.getByRole('tab', { name: 'Team' })).toHaveAttribute('aria-selected', 'true');

  // Signed in, /sign-in goes straight on; an off-site next is ignored.
  await page.goto(`${backend.url}/sign-in?next=https%3A%2F%2Fevil.example%2F`);
  await expect(page).toHaveURL(`${backend.url}/library`);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${backend.url}/sign-in`);
  await page.goto(`${backend.url}/library`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Flibrary$/);
});

test('My recordings shows only hers, newest first, with thumbnail, length and date; Team shows everyone\'s with owners, in pages', async ({ page }) => {
  await signedIn(page, MIA);
  await page.goto(`${backend.url}/library`);
  await expect(cards(page).getByRole('heading')).toHaveText(['Keyboard only', 'Design review', 'Bug repro: login loops', 'Quarterly planning']);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

  const bug = card(page, 'Bug repro: login loops');
  await expect(bug.getByRole('link', { name: 'Bug repro: login loops' })).toHaveAttribute('href', mia.bug!.shareUrl);
  await expect(bug).toContainText('1:05');
  await expect(bug).toContainText('1 minute 5 seconds');
  await expect(card(page, 'Quarterly planning')).toContainText('1:02:05');
  // The thumbnail came through /v/<id>/thumbnail → the store, allowed by the page's CSP.
  await expect.poll(() => bug.locator('.thumb img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(128);
  // Without a thumbnail: the neutral placeholder.
  await expect(card(page, 'Design review').locator('.thumb .placeholder')).toBeVisible();
  const expectedDate = await page.evaluate(
    (iso) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    (await bug.locator('time').getAttribute('datetime')) ?? 'missing datetime',
  );
  await expect(bug.locator('time')).toHaveText(expectedDate);
  await expect(bug).not.toContainText('by ');

  // "Upload a video" sits above both views (an upload keeps its progress bar when the view changes).
  await expect(page.locator('[data-slot="upload-a-video"]').getByRole('button', { name: 'Upload a video' })).toBeVisible();
  await page.getByRole('tab', { name: 'Team' }).click();
  await expect(page).toHaveURL(`${backend.url}/library?view=team`);
  await expect(page.getByRole('button', { name: 'Upload a video' })).toHaveCount(1);
  await expect(cards(page)).toHaveCount(24);
  await expect(cards(page).first()).toContainText('Keyboard only');
  await expect(card(page, 'Onboarding tour')).toContainText('by Ben Okafor');
  // Someone else's recording: open and copy, but no Rename or Delete for a member.
  await expect(card(page, 'Onboarding tour').getByRole('button')).toHaveText(['Copy link']);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(cards(page)).toHaveCount(4 + 1 + CY_RECORDINGS);
  await expect(cards(page).last()).toContainText('Standup 1');
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});

test('search by title: results follow typing and Enter; no match is said in plain words', async ({ page }) => {
  await signedIn(page, MIA);
  await page.goto(`${backend.url}/library?view=team`);
  await expect(cards(page)).toHaveCount(24);
  const search = page.getByRole('searchbox', { name: 'Search by title' });
  await search.fill('tour');
  await expect(cards(page).getByRole('heading')).toHaveText(['Onboarding tour']);
  await expect(page).toHaveURL(`${backend.url}/library?view=team&q=tour`);

  await search.fill('standup 2');
  await search.press('Enter');
  await expect(cards(page).getByRole('heading')).toHaveText(['Standup 22', 'Standup 21', 'Standup 20', 'Standup 2']);

  await search.fill('no such thing');
  await search.press('Enter');
  await expect(page.getByText('No recordings have a title with “no such thing”. Try other words, or clear the search.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(search).toHaveValue('');
  await expect(cards(page)).toHaveCount(24);
});

test('rename inline (saved on the server) and copy link (the share URL on the clipboard)', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: backend.url });
  await signedIn(page, MIA);
  await page.goto(`${backend.url}/library`);
  const review = card(page, 'Design review');
  await review.getByRole('button', { name: 'Rename: Design review' }).click();
  const field = page.getByRole('textbox', { name: 'New title' });
  await expect(field).toBeFocused();
  await field.fill('Design review, take 2');
  await field.press('Enter');
  await expect(said(page)).toHaveText('Renamed to “Design review, take 2”.');
  const renamed = card(page, 'Design review, take 2');
  await expect(renamed.getByRole('button', { name: 'Rename: Design review, take 2' })).toBeFocused();
  const stored = await page.request.get(`${backend.url}/api/recordings/${mia.review!.id}`);
  expect((await stored.json()).title).toBe('Design review, take 2');

  // Escape leaves the title as it was.
  await renamed.getByRole('button', { name: /^Rename/ }).click();
  await page.getByRole('textbox', { name: 'New title' }).fill('Not this');
  await page.getByRole('textbox', { name: 'New title' }).press('Escape');
  await expect(renamed.getByRole('heading')).toHaveText('Design review, take 2');

  await renamed.getByRole('button', { name: 'Copy link: Design review, take 2' }).click();
  await expect(said(page)).toHaveText('Link to “Design review, take 2” copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(mia.review!.shareUrl);
});

test('delete asks first and says it is for everyone; afterwards the share link is 404', async ({ page }) => {
  await signedIn(page, MIA);
  await page.goto(`${backend.url}/library`);
  expect((await page.request.get(mia.planning!.shareUrl)).status()).toBe(200);
  const planning = card(page, 'Quarterly planning');
  await planning.getByRole('button', { name: 'Delete: Quarterly planning' }).click();
  const question = planning.getByRole('group');
  await expect(question).toContainText('Delete “Quarterly planning” for everyone? The video is removed from the server and its link stops working.');
  await expect(question.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await question.getByRole('button', { name: 'Keep it' }).click();
  await expect(planning.getByRole('button', { name: 'Delete: Quarterly planning' })).toBeFocused();

  await planning.getByRole('button', { name: 'Delete: Quarterly planning' }).click();
  await planning.getByRole('button', { name: 'Delete for everyone' }).click();
  await expect(said(page)).toHaveText('Deleted “Quarterly planning”. Its link no longer works.');
  await expect(card(page, 'Quarterly planning')).toHaveCount(0);
  expect((await page.request.get(mia.planning!.shareUrl)).status()).toBe(404);
  await page.reload();
  await expect(cards(page)).toHaveCount(3);
});

test('keyboard only: tab to Delete, confirm, and focus lands on what happened', async ({ page }) => {
  await signedIn(page, MIA);
  await page.goto(`${backend.url}/library`);
  await expect(cards(page).first()).toContainText('Keyboard only');
  const target = 'Delete: Keyboard only';
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((name) => document.activeElement?.getAttribute('aria-label') === name, target);
  }
  expect(reached, `Tab reaches "${target}"`).toBe(true);
  // The focused control shows a visible focus ring.
  expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Delete for everyone' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(said(page)).toHaveText('Deleted “Keyboard only”. Its link no longer works.');
  await expect(said(page)).toBeFocused();
  expect((await page.request.get(mia.keyboard!.shareUrl)).status()).toBe(404);
});

test('on a 360 px phone nothing scrolls sideways; axe finds no WCAG AA problem in light or dark (sign-in and library)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${backend.url}/sign-in`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `axe, sign-in, ${colorScheme}`).toEqual([]);
  }

  await signedIn(page, MIA);
  await page.goto(`${backend.url}/library?view=team`);
  await expect(cards(page)).toHaveCount(24);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBe(0);
  const box = await cards(page).first().boundingBox();
  expect(box!.width).toBeLessThanOrEqual(360);
  expect(box!.width).toBeGreaterThan(300); // one card per row on a phone
  // Open a delete question and a rename field: still nothing wider than the screen.
  await page.getByRole('tab', { name: 'My recordings' }).click();
  await expect(cards(page).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload a video' })).toBeVisible(); // loaded on its own: wait for it before axe
  await cards(page).first().getByRole('button', { name: /^Delete/ }).click();
  await cards(page).nth(1).getByRole('button', { name: /^Rename/ }).click();
  expect(await overflow()).toBe(0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `axe, library (phone), ${colorScheme}`).toEqual([]);
  }

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await page.getByRole('tab', { name: 'Team' }).click();
  await expect(cards(page)).toHaveCount(24);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `axe, library (desktop), ${colorScheme}`).toEqual([]);
  }
});

test('an admin may rename and delete anyone\'s recording', async ({ page }) => {
  await signedIn(page, ADA);
  await page.goto(`${backend.url}/library?view=team&q=tour`);
  const tour = card(page, 'Onboarding tour');
  await expect(tour.getByRole('button')).toHaveText(['Copy link', 'Rename', 'Delete']);
  await tour.getByRole('button', { name: 'Delete: Onboarding tour' }).click();
  await tour.getByRole('button', { name: 'Delete for everyone' }).click();
  await expect(page.getByText('No recordings have a title with “tour”.', { exact: false })).toBeVisible();
  expect((await page.request.get(ben.shareUrl)).status()).toBe(404);
});

test('account: a personal token is shown once, works, and stops working when revoked; an admin adds and removes a person; axe light and dark', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: backend.url });
  await signedIn(page, MIA);
  await page.goto(`${backend.url}/account`);
  await expect(page.getByRole('heading', { name: 'People' })).toHaveCount(0); // a member sees no People
  await page.getByLabel('Name of a new token').fill('CLI on my laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByLabel('The new token');
  await expect(secret).toHaveText(/^rly_/);
  const token = (await secret.textContent())!;
  await page.getByRole('button', { name: 'Copy token' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const session = () => fetch(`${backend.url}/api/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  expect(await session()).toBe(200);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('The new token')).toHaveCount(0); // shown only that once
  const row = page.getByRole('list', { name: 'Your tokens' }).getByRole('listitem').filter({ hasText: 'CLI on my laptop' });
  await expect(row).toContainText('never used');
  await row.getByRole('button', { name: 'Revoke: CLI on my laptop' }).click();
  await row.getByRole('button', { name: 'Revoke token' }).click();
  await expect(said(page)).toHaveText('Token “CLI on my laptop” revoked. Anything that used it must be given a new one.');
  expect(await session()).toBe(401);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `axe, account (member), ${colorScheme}`).toEqual([]);
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${backend.url}/sign-in`);
  await signedIn(page, ADA);
  await page.goto(`${backend.url}/account`);
  await page.getByLabel('Email').fill('dan@example.com');
  await page.getByLabel('Name (optional)').fill('Dan');
  await page.getByRole('button', { name: 'Add person' }).click();
  const invite = page.getByRole('group', { name: 'Invite link for dan@example.com' });
  await expect(invite).toContainText(`${backend.url}/invite/`);
  const inviteUrl = (await invite.locator('.secret').textContent())!;
  expect((await page.request.get(inviteUrl)).status()).toBe(200);
  const people = page.getByRole('list', { name: 'People on this server' }).getByRole('listitem');
  await expect(people.filter({ hasText: 'dan@example.com' })).toContainText('member');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `axe, account (admin), ${colorScheme}`).toEqual([]);
  }
  await people.filter({ hasText: 'dan@example.com' }).getByRole('button', { name: 'Remove: dan@example.com' }).click();
  await page.getByRole('button', { name: 'Remove person' }).click();
  await expect(said(page)).toHaveText('dan@example.com removed. Their recordings are yours now.');
  await expect(people.filter({ hasText: 'dan@example.com' })).toHaveCount(0);
  await expect(people.filter({ hasText: ADA.email })).toContainText('you');
});
