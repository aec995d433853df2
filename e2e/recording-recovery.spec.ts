/**
 * The browser dies mid-recording (SIGKILL: no unload, nothing flushed on purpose), and is
 * started again on the same profile against the same backend: the extension finishes the
 * upload by itself with everything spooled up to the crash.
 * This test launches its own browser twice instead of using the `ext` fixture, because the
 * profile must outlive the first browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acknowledgedBytes,
  CAPTURE_FLAGS,
  checkStoredRecording,
  describeCheck,
  distDir,
  expect,
  fetchRecordingMetadata,
  killBrowser,
  launchWithExtension,
  listPendingUploads,
  listStoredParts,
  mib,
  openExtensionPage,
  PAGES,
  prepareScreenRecording,
  readLocalChunks,
  startRecordingFromPopup,
  test,
  videoKeyOf,
  waitForLocalRecording,
  waitForPartsUploaded,
  type LaunchedExtension,
} from './fixtures';
import { installRecorderWitness } from './support/recorder-witness';

test.describe.configure({ timeout: 360_000 });

test('a recording interrupted by a browser crash is completed after the restart', async ({ backend, testPages }) => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-crash-profile-'));
  const launched: LaunchedExtension[] = [];
  try {
    // --- first run: record until parts are up, then kill the browser -------------------------------
    const first = await launchWithExtension({ distDir: distDir(), userDataDir, extraArgs: CAPTURE_FLAGS });
    launched.push(first);
    const { popup } = await prepareScreenRecording(first, backend, testPages);
    await installRecorderWitness(popup, { persist: true }); // the witness must outlive the crash
    await startRecordingFromPopup(popup, 'offscreen before crash');
    await waitForPartsUploaded(popup, 2);
    const before = await waitForLocalRecording(popup, (r) => r.serverId !== undefined && r.acknowledgedParts.length >= 2);
    const serverId = before.serverId!;
    const ackedBeforeCrash = acknowledgedBytes(before);
    const spooledBeforeCrash = before.bytesSpooled;

    await killBrowser(first, userDataDir);

    // The store holds an unfinished upload with those parts; no finished recording yet.
    const pending = await listPendingUploads(backend, `recordings/${serverId}/`);
    expect(pending).toHaveLength(1);
    const partsAfterCrash = await listStoredParts(backend, videoKeyOf(serverId), pending[0]!.uploadId);
    expect(partsAfterCrash.length).toBeGreaterThanOrEqual(before.acknowledgedParts.length);
    expect(await fetchRecordingMetadata(backend, serverId)).toBeNull();

    // --- second run: same profile, nothing clicked -----------------------------------------------
    const second = await launchWithExtension({ distDir: distDir(), userDataDir });
    launched.push(second);
    expect(second.extensionId).toBe(first.extensionId);
    // Recovery starts on its own (runtime.onStartup → recover); watch the server only, so that
    // opening an extension page cannot be what started it.
    await expect
      .poll(() => fetchRecordingMetadata(backend, serverId), { timeout: 180_000, intervals: [1000, 2000], message: 'recovered recording completed' })
      .not.toBeNull();

    const page = await openExtensionPage(second, PAGES.popup);
    await waitForLocalRecording(page, (r) => r.serverId === serverId && r.status === 'done', { message: 'local record done' });
    const check = await checkStoredRecording(backend, page, serverId);
    // Everything up to the crash is in the object (the WebM fixer may add a trailer).
    expect(check.objectBytes).toBeGreaterThanOrEqual(spooledBeforeCrash);
    expect(check.objectBytes).toBeGreaterThanOrEqual(ackedBeforeCrash);
    expect(check.span.videoDuration).toBeGreaterThan(1);
    expect(await readLocalChunks(page, check.local.localId)).toEqual([]);

    // The popup's recent list shows it done: a link to the share page, no "Interrupted" badge.
    await page.reload();
    const recent = page.getByRole('region', { name: 'Recent' });
    const link = recent.getByRole('link', { name: check.local.title });
    await expect(link).toHaveAttribute('href', check.local.shareUrl!);
    await expect(recent.getByText('Interrupted')).toHaveCount(0);

    console.log(
      describeCheck('crash recovery', check, {
        partsAckedBeforeCrash: before.acknowledgedParts.length,
        ackedBeforeCrash: mib(ackedBeforeCrash),
        spooledBeforeCrash: mib(spooledBeforeCrash),
        storedPartsAfterCrash: partsAfterCrash.length,
      }),
    );
  } finally {
    for (const ext of launched) await ext.context.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  }
});
