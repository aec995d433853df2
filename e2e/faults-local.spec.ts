/**
 * Local faults, end to end (real extension in Chromium, real backend):
 * - the tab being recorded is closed → the recording stops by itself and finishes normally
 *   ("Screen or window" showing that tab, and "This tab");
 * - two recordings in quick succession → each object holds exactly its own recorder's chunks;
 * - the disk under the browser profile runs full (a real, small tmpfs: needs root and mount,
 *   skipped otherwise) → the recording stops cleanly, what was recorded is uploaded, and the popup
 *   says why.
 */
import { execFile } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  chooseSource,
  describeCheck,
  distDir,
  expect,
  expectObjectMatchesRawOutput,
  forwardOffscreenLogs,
  launchWithExtension,
  listPendingUploads,
  mib,
  openBusyTarget,
  openCaptureTarget,
  popupForTab,
  readLocalChunks,
  seedConnection,
  setRecorderBitrate,
  startRecordingFromPopup,
  test,
  FAST_PARTS_BITRATE,
} from './fixtures';
import { captureRawOutputPerRecorder } from './support/fault-raw-output';
import { openPopupPage, stopAndWaitForLink, waitForLink, waitWhileRecording } from './support/fault-flow';

const run = promisify(execFile);

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

/** Closes the share-page tabs the extension opens when a recording is done (they play the video). */
async function closeSharePages(pages: Page[], shareOrigin: string): Promise<void> {
  for (const p of pages) if (p.url().startsWith(shareOrigin)) await p.close().catch(() => undefined);
}

test('the recorded tab is closed ("Screen or window" showing it): the recording stops by itself and finishes', async ({
  ext,
  backend,
  testPages,
}) => {
  await seedConnection(ext, backend);
  await setRecorderBitrate(ext, FAST_PARTS_BITRATE);
  const target = await openBusyTarget(ext, testPages);
  const popup = await openPopupPage(ext);
  await chooseSource(popup, 'screen');
  const rawOutput = await captureRawOutputPerRecorder(ext, popup);
  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);
  const before = await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= 1, { message: '1 part uploaded' });

  await target.close();
  // Nobody presses Stop.
  const { recordingId, shareUrl } = await waitForLink(popup, 180_000);
  const check = await checkStoredRecording(backend, popup, recordingId);
  const [raw] = await rawOutput();
  expectObjectMatchesRawOutput(check, raw!);
  expect(check.local.error).toBeUndefined();
  expect(check.local.acknowledgedParts.length).toBeGreaterThanOrEqual(2);
  expect(await listPendingUploads(backend, `recordings/${recordingId}/`)).toEqual([]);
  expect(await readLocalChunks(popup, check.local.localId)).toEqual([]);
  expect(shareUrl).toContain(recordingId);
  console.log(describeCheck('recorded tab closed (screen capture)', check, { partsBeforeClose: before.upload.partsUploaded }));
});

test('"This tab": the tab is closed while it is recorded: the recording stops by itself and finishes', async ({ ext, backend, testPages }) => {
  await seedConnection(ext, backend);
  const target = await openCaptureTarget(ext, testPages);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  const rawOutput = await captureRawOutputPerRecorder(ext, popup);
  const recording = await startRecordingFromPopup(popup);
  expect(recording.source).toBe('tab');
  await forwardOffscreenLogs(popup);
  await waitWhileRecording(popup, (s) => s.upload.bytesRecorded > 0 && s.elapsedMs >= 4000, { message: '4 s recorded' });

  await target.close();
  const { recordingId } = await waitForLink(popup, 180_000);
  const check = await checkStoredRecording(backend, popup, recordingId);
  const [raw] = await rawOutput();
  expectObjectMatchesRawOutput(check, raw!);
  expect(check.local.error).toBeUndefined();
  expect(check.span.videoDuration).toBeGreaterThan(2);
  console.log(describeCheck('recorded tab closed ("This tab")', check));
});

test('two recordings in quick succession: each object holds exactly its own recorder output, nothing of the other', async ({
  ext,
  backend,
  testPages,
}) => {
  await seedConnection(ext, backend);
  await setRecorderBitrate(ext, FAST_PARTS_BITRATE);
  await openBusyTarget(ext, testPages);
  const popup = await openPopupPage(ext);
  await chooseSource(popup, 'screen');
  const rawOutput = await captureRawOutputPerRecorder(ext, popup);

  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);
  await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= 1, { message: 'A: 1 part uploaded' });
  const a = await stopAndWaitForLink(popup);
  // Start B at once, from the popup that just showed A's link.
  const gapStart = Date.now();
  await startRecordingFromPopup(popup);
  const gapMs = Date.now() - gapStart;
  await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= 1, { message: 'B: 1 part uploaded' });
  const b = await stopAndWaitForLink(popup);
  await closeSharePages(ext.context.pages(), new URL(a.shareUrl).origin);

  expect(b.recordingId).not.toBe(a.recordingId);
  const checkA = await checkStoredRecording(backend, popup, a.recordingId);
  const checkB = await checkStoredRecording(backend, popup, b.recordingId);
  expect(checkB.local.localId).not.toBe(checkA.local.localId);
  const raws = await rawOutput();
  expect(raws, 'one MediaRecorder per recording').toHaveLength(2);
  // Each object: exactly its own recorder's media, completely (so none of the other's chunks).
  expectObjectMatchesRawOutput(checkA, raws[0]!);
  expectObjectMatchesRawOutput(checkB, raws[1]!);
  expect(checkA.objectSha256).not.toBe(checkB.objectSha256);
  expect(await readLocalChunks(popup)).toEqual([]);
  console.log(describeCheck('quick succession A', checkA, { recorderChunks: raws[0]!.chunks }));
  console.log(describeCheck('quick succession B', checkB, { recorderChunks: raws[1]!.chunks, msFromALinkToBRecording: gapMs }));
});

/** A small tmpfs for the browser profile, or why there cannot be one here. */
async function mountSmallDisk(sizeMiB: number): Promise<{ dir: string; unmount: () => Promise<void> } | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a small tmpfs' };
  const dir = await mkdtemp(join(tmpdir(), 'reelay-e2e-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here: ${String((error as Error).message).split('\n')[0]}` };
  }
  return {
    dir,
    unmount: async () => {
      await run('umount', ['-l', dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

test('the disk runs full while recording (real: a nearly full tmpfs under the profile): it stops cleanly, uploads what it has, and says why', async ({
  backend,
  testPages,
}) => {
  const disk = await mountSmallDisk(160);
  test.skip('skip' in disk, 'skip' in disk ? disk.skip : '');
  if ('skip' in disk) return;
  const userDataDir = join(disk.dir, 'profile');
  await mkdir(userDataDir);
  const ext = await launchWithExtension({ distDir: distDir(), userDataDir, extraArgs: CAPTURE_FLAGS });
  try {
    await seedConnection(ext, backend);
    await setRecorderBitrate(ext, FAST_PARTS_BITRATE);
    await openBusyTarget(ext, testPages);
    const popup = await openPopupPage(ext);
    await chooseSource(popup, 'screen');
    await startRecordingFromPopup(popup);
    await forwardOffscreenLogs(popup);
    await waitWhileRecording(popup, (s) => s.upload.bytesRecorded > 0, { message: 'first chunk spooled' });

    // Leave less room than part 1 (held until Stop) plus the part being recorded need.
    const leaveBytes = 8 * 1024 * 1024;
    await run('fallocate', ['-l', String(freeBytes(disk.dir) - leaveBytes), join(disk.dir, 'filler')]);
    const freeAtFill = freeBytes(disk.dir);

    // Nobody presses Stop: the recorder stops itself when a chunk cannot be written.
    const { recordingId } = await waitForLink(popup, 180_000);
    const status = await popup.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'get-status', data: {} }));
    expect(status.state).toBe('done');
    expect(status.warning?.code).toBe('storage-failed');
    expect(status.warning?.message).toContain('disk');
    // The popup tells the user why (and that what was recorded is uploaded).
    const notice = popup.getByRole('alert').filter({ hasText: status.warning.message });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('uploaded');

    // What was spooled before the disk ran full is the stored object, byte for byte.
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(check.objectBytes).toBeGreaterThan(0);
    expect(check.objectBytes).toBeLessThan(leaveBytes + 11 * 1024 * 1024);
    expect(check.local.error).toBeUndefined();
    expect(await listPendingUploads(backend, `recordings/${recordingId}/`)).toEqual([]);
    // Every part is up, so its local chunks are gone (deleting works on a full disk too).
    expect(await readLocalChunks(popup, check.local.localId)).toEqual([]);
    console.log(
      describeCheck('disk full', check, {
        freeWhenFilled: mib(freeAtFill),
        freeAtEnd: mib(freeBytes(disk.dir)),
        warning: status.warning.message,
      }),
    );
  } finally {
    await ext.context.close().catch(() => undefined);
    await disk.unmount();
  }
});
