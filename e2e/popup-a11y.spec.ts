/**
 * The popup and the options page for people on a keyboard or a screen reader, in light and dark:
 * axe-core (WCAG 2.1 A/AA: names of controls, contrast, structure) finds nothing; the popup with
 * five Recent rows stays within Chrome's 600 px popup height; Escape closes an inline confirm and
 * gives focus back; a failed Save keeps focus in the form.
 *
 * The five Recent rows are SEEDED: records written into the recorder's IndexedDB (as finished
 * recordings on the test backend's address) instead of five real recordings.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RecordingRecord } from '../extension/src/core/chunk-spool';
import { connect, expect, RECORDER_DB, seedConnection, test, type TestBackend } from './fixtures';
import { pollFor } from './support/poll';

const TITLES = ['Quarterly planning – Google Docs', 'Bug 4411: login loops', 'Screen recording', 'Camera recording', 'Design review (Figma)'];

/** Five finished recordings in the recorder's database (it must have created it: open the popup first). */
async function seedRecentRecordings(popup: Page, backend: TestBackend): Promise<void> {
  await pollFor(() => popup.evaluate(async (name) => (await indexedDB.databases()).some((d) => d.name === name) || undefined, RECORDER_DB), {
    message: 'the recorder created its database',
  });
  const now = Date.now();
  const records: RecordingRecord[] = TITLES.map((title, i) => ({
    localId: `seeded-${i}`,
    serverId: `seeded${i}`,
    uploadId: `upload-${i}`,
    uploadToken: 'not-a-real-token',
    serverUrl: backend.url,
    shareUrl: `${backend.url}/v/seeded${i}`,
    mimeType: 'video/webm;codecs=vp9,opus',
    title,
    source: 'tab',
    status: 'done',
    createdAt: now - i * 3 * 3600_000 - 60_000,
    updatedAt: now,
    bytesSpooled: (i + 1) * 3_100_000,
    chunkCount: 0,
    finalized: true,
    acknowledgedParts: [],
    durationMs: (i + 1) * 42_000,
    pausedSpans: [],
    heldParts: [],
  }));
  await popup.evaluate(
    ({ name, records }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('recordings', 'readwrite');
          for (const r of records) tx.objectStore('recordings').put(r);
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: RECORDER_DB, records },
  );
}

/** The popup as Chrome shows it: 340 px wide (body.popup), in a viewport of the popup's maximum height. */
async function popupWithRecent(openPopup: () => Promise<Page>, backend: TestBackend): Promise<Page> {
  const popup = await openPopup();
  await popup.setViewportSize({ width: 340, height: 600 });
  await seedRecentRecordings(popup, backend);
  await popup.reload();
  await expect(recentRows(popup)).toHaveCount(5);
  return popup;
}

/** The rows of the Recent list (the shortcuts are a list too). */
const recentRows = (popup: Page) => popup.getByRole('region', { name: 'Recent' }).getByRole('listitem');

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the popup with five Recent rows fits in 600 px, tells the rows apart, and axe finds no WCAG AA problem in light or dark (seeded Recent list)', async ({ ext, backend, openPopup }) => {
  await seedConnection(ext, backend);
  const popup = await popupWithRecent(() => openPopup(), backend);
  await expect(popup.getByRole('button', { name: 'Start recording' })).toBeEnabled();

  // Chrome cuts popups at 600 px: the whole page fits.
  // The body's own height (the document is at least as tall as the viewport, so its scrollHeight can't tell).
  const height = await popup.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  console.log(`[popup-a11y] popup height with 5 Recent rows: ${height} px`);
  expect(height).toBeLessThanOrEqual(600);
  expect(await popup.evaluate(() => document.documentElement.scrollWidth), 'nothing wider than the popup').toBeLessThanOrEqual(340);

  // Each row: its title, and a details line with when, how long and how big.
  const first = recentRows(popup).first();
  await expect(first).toContainText(TITLES[0]!);
  await expect(first).toContainText(/\d+ min ago · 0:42 · 3\.0 MB/);

  // The shortcuts and where to change them.
  await expect(popup.getByText('Alt+Shift+G')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Change shortcuts' })).toBeVisible();

  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    expect(await axeViolations(popup), `axe, popup, ${colorScheme}`).toEqual([]);
  }
});

test('"Change shortcuts" opens chrome://extensions/shortcuts', async ({ ext, backend, openPopup }) => {
  await seedConnection(ext, backend);
  const popup = await openPopup();
  const opened = ext.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Change shortcuts' }).click();
  await expect.poll(async () => (await opened).url()).toBe('chrome://extensions/shortcuts');
});

test('keyboard: Escape closes an inline confirm and gives focus back; a failed Save keeps focus in the title field (seeded Recent list)', async ({ ext, backend, openPopup }) => {
  await seedConnection(ext, backend);
  const popup = await popupWithRecent(() => openPopup(), backend);

  // Delete asks inline, focus on the safe choice; Escape closes it and focus returns to Delete.
  const remove = popup.getByRole('button', { name: `Delete ${TITLES[1]}` });
  await remove.focus();
  await popup.keyboard.press('Enter');
  const question = popup.getByRole('group', { name: 'Delete the video for everyone with the link?' });
  await expect(question).toBeVisible();
  await expect(question.getByRole('button', { name: 'Keep' })).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(remove).toBeFocused();
  await expect(recentRows(popup)).toHaveCount(5);

  // Rename: the server does not know this (seeded) recording, so Save fails; focus stays in the form.
  await popup.getByRole('button', { name: `Rename ${TITLES[1]}` }).click();
  const field = popup.getByRole('textbox', { name: 'Title' });
  await expect(field).toBeFocused();
  await field.fill('A better title');
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('alert')).toBeVisible();
  await expect(field).toBeFocused();
  expect(await popup.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
  // Escape leaves the form; focus goes back to Rename.
  await popup.keyboard.press('Escape');
  await expect(popup.getByRole('button', { name: `Rename ${TITLES[1]}` })).toBeFocused();
});

test('the options page: labelled settings, saved on change, and axe finds no WCAG AA problem in light or dark', async ({ ext, backend, openOptions }) => {
  const options = await openOptions();
  await connect(options, backend.url, backend.apiToken);
  await expect(options.getByText(/Connected to/)).toBeVisible();
  await expect(options.getByRole('group', { name: 'Quality' }).getByRole('radio', { name: /^1080p/ })).toBeChecked();
  await expect(options.getByRole('group', { name: 'Countdown' }).getByRole('radio', { name: '3 seconds' })).toBeChecked();
  await expect(options.getByLabel('Maximum length')).toHaveValue('');
  await options.getByRole('group', { name: 'Quality' }).getByRole('radio', { name: /^Source size/ }).check();
  await expect(options.getByText('Quality saved.')).toBeVisible();
  expect(await ext.serviceWorker.evaluate(async () => (await chrome.storage.local.get('preferences')).preferences)).toMatchObject({ quality: 'source' });
  for (const colorScheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme });
    expect(await axeViolations(options), `axe, options, ${colorScheme}`).toEqual([]);
  }
});
