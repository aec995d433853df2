/**
 * Views, in a real Chromium against a real backend (no extension), on a real 30 s WebM: two
 * viewers (two browser contexts, so two anonymous viewer cookies) each play about 4 s: one pauses
 * (the page reports its played time), the other closes the tab (navigator.sendBeacon on pagehide);
 * the signed-in owner plays too. GET /stats then says 2 views by 2 viewers, with the average
 * watched share of both reports, and the owner's page and library card show the same line.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { RecordingStats } from '../api';
import { openWatchPage, sharedWatchRecording, signInContext, videoTime } from './support/watch-seed';

const shared = sharedWatchRecording({ seconds: 30, title: 'Views check' }, { serial: false });

async function stats(): Promise<RecordingStats> {
  const res = await fetch(`${shared.backend.url}/api/recordings/${shared.seed.recording.id}/stats`, { headers: { authorization: `Bearer ${shared.seed.ownerToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as RecordingStats;
}

/** A new viewer (own context, own cookies) who plays to `seconds`, muted. */
async function watchTo(browser: Browser, seconds: number): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await page.getByRole('button', { name: 'Mute' }).click();
  const counted = page.waitForResponse((r) => r.url().endsWith(`/api/recordings/${shared.seed.recording.id}/views`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Play' }).click();
  await counted;
  await expect.poll(() => videoTime(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(seconds);
  return page;
}

test('two viewers make 2 views by 2 viewers (pause reports, closing the tab beacons); the owner’s own view does not count', async ({ browser }) => {
  const first = await watchTo(browser, 4);
  const reported = first.waitForResponse((r) => /\/views\/[^/]+$/.test(r.url()) && r.status() === 204);
  await first.getByRole('button', { name: 'Pause' }).click();
  await reported;

  const second = await watchTo(browser, 4);
  await second.close({ runBeforeUnload: true }); // pagehide → navigator.sendBeacon

  const ownerContext = await browser.newContext();
  await signInContext(ownerContext, shared.backend, shared.seed.owner);
  const owner = await ownerContext.newPage();
  await openWatchPage(owner, shared.seed.recording.shareUrl);
  await owner.getByRole('button', { name: 'Mute' }).click();
  const ownerView = owner.waitForResponse((r) => r.url().endsWith('/views') && r.request().method() === 'POST');
  await owner.getByRole('button', { name: 'Play' }).click();
  expect(await (await ownerView).json()).toEqual({ counted: false });

  // Both reports arrive (the beacon is sent as the tab goes; the server takes it a moment later).
  await expect.poll(async () => (await stats()).averageWatchedRatio, { timeout: 10_000 }).toBeGreaterThan(0.1);
  const figures = await stats();
  expect(figures.views).toBe(2);
  expect(figures.viewers).toBe(2);
  expect(figures.averageWatchedRatio).toBeLessThan(0.5);

  await owner.reload();
  const pct = Math.round(figures.averageWatchedRatio * 100);
  await expect(owner.locator('#watch-stats')).toHaveText(`2 views · 2 viewers · ${pct}% watched on average`);
  // …and their library, on the recording's card.
  await owner.goto(`${shared.backend.url}/library`);
  const card = owner.getByRole('listitem').filter({ has: owner.getByRole('heading', { name: 'Views check' }) });
  await expect(card.locator('.views')).toHaveText(`2 views · 2 viewers · ${pct}% watched on average`);
  await ownerContext.close();
  await first.context().close();
  await second.context().close();
});
