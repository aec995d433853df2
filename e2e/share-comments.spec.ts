/**
 * Comments and reactions on the share page, in a real Chromium against a real backend (no
 * extension), on a real 30 s WebM: a viewer who is not signed in gives a name once and leaves a
 * comment at 0:05: it shows on the timeline and in the list (as text, never HTML), and its marker
 * seeks there; a reaction (React 👍) makes a marker and a list entry and is in GET /comments; the
 * name is remembered; the signed-in owner comments under their own name and deletes a comment;
 * past the rate limit the page says so in plain words. axe on the owner's page, light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { CommentsResponse } from '../api';
import { openWatchPage, pauseAt, sharedWatchRecording, signInContext, videoTime } from './support/watch-seed';

const shared = sharedWatchRecording({ seconds: 30, title: 'Comment check' });

const comments = async (): Promise<CommentsResponse['comments']> =>
  ((await (await fetch(`${shared.backend.url}/api/recordings/${shared.seed.recording.id}/comments`)).json()) as CommentsResponse).comments;
const said = (page: Page) => page.locator('.social').getByRole('status');

test('a comment left at 0:05 shows on the timeline, in the list as text, and its marker seeks to 0:05', async ({ page }) => {
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await pauseAt(page, 5);
  await page.getByLabel('Your name').fill('Vic Viewer');
  await page.getByLabel('Add a comment at 0:05').fill('The <b>cut</b> here is too early');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(said(page)).toHaveText('Comment added at 0:05.');
  const marker = page.getByRole('button', { name: 'Comment by Vic Viewer at 0:05', exact: true });
  await expect(marker).toBeVisible();
  const item = page.getByRole('list', { name: 'Comments and reactions' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Vic Viewer');
  await expect(item).toContainText('The <b>cut</b> here is too early'); // text, not markup
  expect(await item.locator('b').count()).toBe(0);
  const stored = await comments();
  expect(stored).toEqual([expect.objectContaining({ atMs: 5000, author: 'Vic Viewer', text: 'The <b>cut</b> here is too early' })]);

  await pauseAt(page, 20);
  await marker.click();
  await expect.poll(() => videoTime(page)).toBeCloseTo(5, 1);
  await pauseAt(page, 25);
  await item.getByRole('button', { name: 'Go to 0:05' }).click();
  await expect.poll(() => videoTime(page)).toBeCloseTo(5, 1);
});

test('a reaction: React 👍 at 0:12 makes a marker and a list entry, and GET /comments has it; the name is remembered', async ({ page }) => {
  await openWatchPage(page, shared.seed.recording.shareUrl);
  // A fresh context: no name yet. A reaction without one asks for it first.
  await pauseAt(page, 12);
  await page.getByRole('button', { name: 'React 👍' }).click();
  await expect(said(page)).toContainText('Tell us your name first');
  await expect(page.getByLabel('Your name')).toBeFocused();
  await page.getByLabel('Your name').fill('Rae');
  await page.getByRole('button', { name: 'React 👍' }).click();
  await expect(page.getByRole('button', { name: 'Reaction 👍 by Rae at 0:12', exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Comments and reactions' }).getByRole('listitem').filter({ hasText: 'Rae' })).toContainText('👍');
  expect(await comments()).toContainEqual(expect.objectContaining({ atMs: 12000, author: 'Rae', emoji: '👍' }));
  expect((await comments()).find((c) => c.author === 'Rae')).not.toHaveProperty('text');

  await page.reload();
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await expect(page.getByText('Commenting as Rae')).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveCount(0);
});

test('the signed-in owner comments under their own name and deletes a comment; axe light and dark on the owner’s page', async ({ page, context }) => {
  await signInContext(context, shared.backend, shared.seed.owner);
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await expect(page.getByLabel('Your name')).toHaveCount(0);
  await pauseAt(page, 3);
  await page.getByLabel('Add a comment at 0:03').fill('Owner here');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(page.getByRole('button', { name: `Comment by ${shared.seed.owner.name} at 0:03`, exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Delete comment by Vic Viewer at 0:05' }).click();
  await expect(said(page)).toHaveText('Deleted the comment by Vic Viewer.');
  await expect(page.getByRole('button', { name: 'Comment by Vic Viewer at 0:05', exact: true })).toHaveCount(0);
  expect((await comments()).map((c) => c.author).sort()).toEqual([shared.seed.owner.name, 'Rae'].sort());

  await page.getByText('Trim and privacy').click();
  await expect(page.getByLabel('Start')).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(found, `axe, owner's share page, ${colorScheme}`).toEqual([]);
  }
});

test('past the comment rate limit the page says so in plain words', async ({ page }) => {
  // Fill this browser's allowance (20 a minute per address) from the page itself, then comment with the form.
  await openWatchPage(page, shared.seed.recording.shareUrl);
  const statuses = await page.evaluate(async (path) => {
    const out: number[] = [];
    for (let i = 0; i < 25 && !out.includes(429); i++) {
      const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ atMs: 1000, author: 'Flood', emoji: '🔥' }) });
      out.push(res.status);
    }
    return out;
  }, `/api/recordings/${shared.seed.recording.id}/comments`);
  expect(statuses).toContain(429);
  await page.getByLabel('Your name').fill('Late');
  await page.getByLabel(/^Add a comment at/).fill('One more');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(said(page)).toHaveText('You’re commenting too fast — wait a minute and try again.');
});
