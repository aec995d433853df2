/**
 * Local faults, end to end (real extension in Chromium, real backend):
 * - two recordings in quick succession → each object holds exactly its own recorder's chunks;
 * - the tab being recorded is closed → the recording stops by itself and finishes normally
 *   ("Screen or window" showing that tab: the second of those two recordings; and "This tab");
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
import {
  CAPTURE_FLAGS,
  captureRawRecorderOutput,
  checkStoredRecording,
  chooseSource,
  closeSharePages,
  describeCheck,
  distDir,
  expect,
  expectObjectMatchesRawOutput,
  launchWithExtension,
  mib,
  openCaptureTarget,
  popupForTab,
  prepareScreenRecording,
  readLocalChunks,
  seedConnection,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  test,
  waitForPartsUploaded,
  waitForRecordedTime,
  waitForShareLink,
  waitWhileRecording,
} from './fixtures';

const run = promisify(execFile);

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

test('two recordings in quick succession, the second stopped by closing its tab ("Screen or window" showing it): each object holds exactly its own recorder output', async ({
  ext,
  backend,
  testPages,
}) => {
  const { target, popup } = await prepareScreenRecording(ext, backend, testPages);
  const rawOutputs = await captureRawRecorderOutput(ext, popup);

  await startRecordingFromPopup(popup);
  await waitForPartsUploaded(popup, 1);
  const a = await stopAndWaitForShareLink(popup);
  // Start B at once, from the popup that just showed A's link.
  const gapStart = Date.now();
  await startRecordingFromPopup(popup);
  const gapMs = Date.now() - gapStart;
  const beforeClose = await waitForPartsUploaded(popup, 1);

  // B's tab goes away and nobody presses Stop: the recording stops by itself and finishes.
  await target.close();
  const b = await waitForShareLink(popup, 180_000);
  await closeSharePages(ext, a, b);

  expect(b.recordingId).not.toBe(a.recordingId);
  expect(b.shareUrl).toContain(b.recordingId);
  const checkA = await checkStoredRecording(backend, popup, a.recordingId);
  const checkB = await checkStoredRecording(backend, popup, b.recordingId);
  expect(checkB.local.localId).not.toBe(checkA.local.localId);
  expect(checkB.local.error).toBeUndefined();
  expect(checkB.local.acknowledgedParts.length).toBeGreaterThanOrEqual(2);
  const raws = await rawOutputs();
  expect(raws, 'one MediaRecorder per recording').toHaveLength(2);
  // Each object: exactly its own recorder's media, completely (so none of the other's chunks).
  expectObjectMatchesRawOutput(checkA, raws[0]);
  expectObjectMatchesRawOutput(checkB, raws[1]);
  expect(checkA.objectSha256).not.toBe(checkB.objectSha256);
  expect(await readLocalChunks(popup)).toEqual([]);
  console.log(describeCheck('quick succession A', checkA, { recorderChunks: raws[0]!.chunks }));
  console.log(
    describeCheck('quick succession B, tab closed', checkB, {
      recorderChunks: raws[1]!.chunks,
      msFromALinkToBRecording: gapMs,
      partsBeforeClose: beforeClose.upload.partsUploaded,
    }),
  );
});

test('"This tab": the tab is closed while it is recorded: the recording stops by itself and finishes', async ({ ext, backend, testPages }) => {
  await seedConnection(ext, backend);
  const target = await openCaptureTarget(ext, testPages);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  const rawOutputs = await captureRawRecorderOutput(ext, popup);
  const recording = await startRecordingFromPopup(popup);
  expect(recording.source).toBe('tab');
  await waitForRecordedTime(popup, 4000);

  await target.close();
  const { recordingId } = await waitForShareLink(popup, 180_000);
  const check = await checkStoredRecording(backend, popup, recordingId);
  const raws = await rawOutputs();
  expect(raws).toHaveLength(1);
  expectObjectMatchesRawOutput(check, raws[0]);
  expect(check.local.error).toBeUndefined();
  expect(check.span.videoDuration).toBeGreaterThan(2);
  expect(await readLocalChunks(popup, check.local.localId)).toEqual([]);
  console.log(describeCheck('recorded tab closed ("This tab")', check));
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

/** ≈ 1 MB/s with the noise page (the first chunk, spooled before the disk is filled, stays small). */
const DISK_FULL_BITRATE = 20_000_000;

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
    // Slower parts than elsewhere: the disk must fill before part 2 is complete (once uploaded, its
    // chunks would be deleted and free room again), so part 1 must hold little when the disk fills.
    const { popup } = await prepareScreenRecording(ext, backend, testPages, { bitrate: DISK_FULL_BITRATE });
    await startRecordingFromPopup(popup);
    await waitWhileRecording(popup, (s) => s.upload.bytesRecorded > 0, { message: 'first chunk spooled' });

    // Leave less room than part 1 (held until Stop) plus the part being recorded need.
    const leaveBytes = 8 * 1024 * 1024;
    await run('fallocate', ['-l', String(freeBytes(disk.dir) - leaveBytes), join(disk.dir, 'filler')]);
    const freeAtFill = freeBytes(disk.dir);

    // Nobody presses Stop: the recorder stops itself when a chunk cannot be written.
    const { recordingId } = await waitForShareLink(popup, 180_000);
    const status = await popup.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'get-status', data: {} }));
    expect(status.state).toBe('done');
    expect(status.warning?.code).toBe('storage_failed');
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
