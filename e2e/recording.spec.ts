/**
 * Recording end to end: the built extension in Chromium records a real page (tab capture or
 * getDisplayMedia auto-selected by title), uploads 5 MiB parts to the real backend's embedded
 * S3 store WHILE recording, and completes; the tests then look into the store and IndexedDB.
 *
 * Durations are only compared with each other (packets vs. what the extension measured),
 * never with a stopwatch budget: the machine is shared and slow.
 */
import {
  CAPTURE_FLAGS,
  captureRawRecorderOutput,
  checkStoredRecording,
  chooseSource,
  describeCheck,
  expect,
  expectObjectMatchesRawOutput,
  fetchRecordingMetadata,
  forwardOffscreenLogs,
  listObjectKeys,
  listPendingUploads,
  listStoredParts,
  loopback,
  mib,
  openBusyTarget,
  openCaptureTarget,
  popupForTab,
  readLocalChunks,
  readLocalRecordings,
  recorderStatus,
  seedConnection,
  setMicrophonePermission,
  setRecorderBitrate,
  startRecordingFromPopup,
  stopAndGetShareLink,
  stopServiceWorker,
  test,
  videoKeyOf,
  waitForLocalRecording,
  waitForPartsUploaded,
  waitForRecorderState,
  FAST_PARTS_BITRATE,
  type LaunchedExtension,
} from './fixtures';
import type { Page } from '@playwright/test';
import type { TestBackend } from './support/backend';
import type { StaticServer } from './support/static-server';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

/** Connected extension, raised bitrate, the noise page, and the popup aimed at it. */
async function prepare(
  ext: LaunchedExtension,
  backend: TestBackend,
  pages: StaticServer,
  openPopup: () => Promise<Page>,
  source: 'tab' | 'screen',
): Promise<{ target: Page; popup: Page }> {
  await seedConnection(ext, backend);
  await setRecorderBitrate(ext, FAST_PARTS_BITRATE);
  const target = await openBusyTarget(ext, pages);
  const popup = source === 'tab' ? await popupForTab(ext, target) : await openPopup();
  await chooseSource(popup, source);
  return { target, popup };
}

/** The recording's local record, once the server created it (fresh profile: the only one). */
async function currentRecord(popup: Page) {
  return waitForLocalRecording(popup, (r) => r.serverId !== undefined && r.uploadId !== undefined, {
    message: 'local record with a server recording',
  });
}

test('records the screen, uploads ≥ 3 parts while recording, and shares exactly what MediaRecorder produced, decodable', async ({
  ext,
  backend,
  testPages,
  openPopup,
}) => {
  const { popup } = await prepare(ext, backend, testPages, openPopup, 'screen');
  const rawOutput = await captureRawRecorderOutput(ext, popup);
  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);

  const beforeStop = await waitForPartsUploaded(popup, 3);
  const record = await currentRecord(popup);
  const serverId = record.serverId!;
  // The store itself holds the parts before Stop is pressed.
  const storedBeforeStop = await listStoredParts(backend, videoKeyOf(serverId), record.uploadId!);
  expect(storedBeforeStop.length).toBeGreaterThanOrEqual(3);
  for (const p of storedBeforeStop) expect(p.size).toBe(5 * 1024 * 1024);

  const { shareUrl, recordingId } = await stopAndGetShareLink(popup);
  expect(recordingId).toBe(serverId);

  const check = await checkStoredRecording(backend, popup, serverId);
  const { local, metadata, span } = check;
  // Byte for byte what MediaRecorder produced (captured independently in the offscreen page).
  const raw = await rawOutput();
  expectObjectMatchesRawOutput(check, raw);

  // Parts went up while recording: the upload timeline (ackedAt vs. stoppedAt) says so too.
  expect(local.stoppedAt).toBeDefined();
  const timeline = local.timeline?.parts ?? [];
  const duringRecording = timeline.filter((p) => p.ackedAt < local.stoppedAt!);
  const afterStop = timeline.filter((p) => p.ackedAt >= local.stoppedAt!);
  expect(duringRecording.length).toBeGreaterThanOrEqual(3);
  expect(timeline.map((p) => p.partNumber)).toEqual(local.acknowledgedParts.map((p) => p.partNumber));
  expect(local.acknowledgedParts.length).toBe(Math.ceil(check.objectBytes / (5 * 1024 * 1024)));

  // Length: packets vs. what the extension measured and sent with complete (metadata).
  expect(metadata.durationMs).toBe(local.durationMs);
  expect(Math.abs(span.duration * 1000 - metadata.durationMs)).toBeLessThanOrEqual(500);
  expect(check.streams.some((s) => s.codecType === 'video')).toBe(true);

  // Nothing left behind: the multipart upload is completed, the local chunks are gone.
  expect(await listPendingUploads(backend, `recordings/${serverId}/`)).toEqual([]);
  expect(await readLocalChunks(popup, local.localId)).toEqual([]);

  // The share link works.
  const page = await fetch(loopback(shareUrl));
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');

  console.log(
    describeCheck('record+upload', check, {
      partsAckedBeforeStop: duringRecording.length,
      partsAckedAfterStop: afterStop.length,
      storedPartsBeforeStop: storedBeforeStop.length,
      bytesUploadedBeforeStop: mib(beforeStop.upload.bytesUploaded),
      msFromStop: timeline.map((p) => p.msFromStop),
      sha256: check.objectSha256.slice(0, 16),
      recorderChunks: raw.chunks,
      recorderBytes: raw.bytes,
    }),
  );
});

test('Cancel recording after a part is uploaded leaves nothing in the store nor in IndexedDB', async ({
  ext,
  backend,
  testPages,
  openPopup,
}) => {
  const { popup } = await prepare(ext, backend, testPages, openPopup, 'screen');
  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);
  await waitForPartsUploaded(popup, 1);
  const record = await currentRecord(popup);
  const serverId = record.serverId!;
  const prefix = `recordings/${serverId}/`;
  const partsBefore = await listStoredParts(backend, videoKeyOf(serverId), record.uploadId!);
  expect(partsBefore.length).toBeGreaterThanOrEqual(1);
  expect(await listPendingUploads(backend, prefix)).toHaveLength(1);

  // The confirmation can be declined: still recording.
  await popup.getByRole('button', { name: 'Cancel recording' }).click();
  const confirm = popup.getByRole('group', { name: /Discard this recording/ });
  await confirm.getByRole('button', { name: 'Keep recording' }).click();
  await expect(confirm).toBeHidden();
  expect((await recorderStatus(popup)).state).toBe('recording');

  await popup.getByRole('button', { name: 'Cancel recording' }).click();
  await popup.getByRole('group', { name: /Discard this recording/ }).getByRole('button', { name: 'Discard' }).click();
  await waitForRecorderState(popup, 'cancelled');
  await expect(popup.getByRole('status').filter({ hasText: 'Recording discarded.' })).toBeVisible();

  // The store: no multipart upload, no object under the recording's prefix, no metadata.
  await expect.poll(() => listPendingUploads(backend, prefix), { message: 'multipart upload aborted' }).toEqual([]);
  expect(await listObjectKeys(backend, prefix)).toEqual([]);
  expect(await fetchRecordingMetadata(backend, serverId)).toBeNull();
  // IndexedDB: no record and no chunk at all (fresh profile: nothing else was recorded).
  expect(await readLocalRecordings(popup)).toEqual([]);
  expect(await readLocalChunks(popup)).toEqual([]);
  console.log(`[cancel] ${JSON.stringify({ partsUploadedBeforeCancel: partsBefore.length, serverId })}`);
});

test('Pause/Resume: the paused span is not in the video', async ({ ext, backend, testPages, openPopup }) => {
  await seedConnection(ext, backend);
  await openCaptureTarget(ext, testPages); // calm page, default bitrate: no parts needed here
  const popup = await openPopup();
  await chooseSource(popup, 'screen');
  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);

  await popup.waitForTimeout(4000);
  await popup.getByRole('button', { name: 'Pause' }).click();
  await waitForRecorderState(popup, 'paused');
  await expect(popup.getByRole('button', { name: 'Resume' })).toBeVisible();
  await popup.waitForTimeout(4000);
  await popup.getByRole('button', { name: 'Resume' }).click();
  await waitForRecorderState(popup, 'recording');
  await popup.waitForTimeout(4000);

  const { recordingId } = await stopAndGetShareLink(popup);
  const check = await checkStoredRecording(backend, popup, recordingId);
  // The recorder's own clock: MediaRecorder start, the pause, Stop.
  const { startedAt, stoppedAt, pausedSpans } = check.local;
  expect(pausedSpans).toHaveLength(1);
  const pause = pausedSpans[0]!;
  const wallSeconds = (stoppedAt! - startedAt!) / 1000;
  const pausedSeconds = (pause.end! - pause.start) / 1000;
  const activeSeconds = wallSeconds - pausedSeconds;
  expect(pausedSeconds).toBeGreaterThanOrEqual(3.5);

  // The video is ≈ 8 s long (the recorded time), not ≈ 12 s (the wall time).
  expect(Math.abs(check.span.duration - activeSeconds)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(check.span.duration * 1000 - check.metadata.durationMs)).toBeLessThanOrEqual(500);
  console.log(
    describeCheck('pause/resume', check, {
      wallSeconds: Number(wallSeconds.toFixed(2)),
      pausedSeconds: Number(pausedSeconds.toFixed(2)),
    }),
  );
});

test('the service worker stopped mid-recording does not disturb the recording', async ({
  ext,
  backend,
  testPages,
  openPopup,
}) => {
  const { popup } = await prepare(ext, backend, testPages, openPopup, 'screen');
  const rawOutput = await captureRawRecorderOutput(ext, popup);
  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);
  const before = await waitForPartsUploaded(popup, 1);

  const worker = await stopServiceWorker(ext, popup);
  const stoppedWorkerAt = Date.now();
  // Recording and uploading go on without it.
  await waitForPartsUploaded(popup, before.upload.partsUploaded + 1);

  const { recordingId } = await stopAndGetShareLink(popup);
  const check = await checkStoredRecording(backend, popup, recordingId);
  expectObjectMatchesRawOutput(check, await rawOutput());
  const afterWorkerStop = (check.local.timeline?.parts ?? []).filter((p) => p.ackedAt > stoppedWorkerAt).length;
  expect(afterWorkerStop).toBeGreaterThanOrEqual(1);
  expect(Math.abs(check.span.duration * 1000 - check.metadata.durationMs)).toBeLessThanOrEqual(500);
  console.log(
    describeCheck('service worker stopped', check, {
      partsBeforeWorkerStop: before.upload.partsUploaded,
      partsAckedAfterWorkerStop: afterWorkerStop,
      workerRestarts: worker.restarts(),
    }),
  );
  await worker.detach();
});

test('"This tab" with the microphone on records a video and an audio stream', async ({ ext, backend, testPages }) => {
  await seedConnection(ext, backend);
  await setMicrophonePermission(ext, 'granted');
  const target = await openCaptureTarget(ext, testPages);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  const mic = popup.getByRole('switch', { name: /Microphone/ });
  await mic.check();
  await expect(mic).toBeChecked();

  const recording = await startRecordingFromPopup(popup);
  expect(recording.source).toBe('tab');
  expect(recording.microphone).toBe(true);
  await forwardOffscreenLogs(popup);
  await popup.waitForTimeout(5000);

  const { recordingId } = await stopAndGetShareLink(popup);
  const check = await checkStoredRecording(backend, popup, recordingId);
  const video = check.streams.find((s) => s.codecType === 'video');
  const audio = check.streams.find((s) => s.codecType === 'audio');
  expect(video?.codecName).toMatch(/^vp[89]$/);
  expect(audio?.codecName).toBe('opus');
  // Audio runs through the whole recording, not just a blip.
  const audioSpan = check.span.streams[audio!.index]!;
  expect(audioSpan.packets).toBeGreaterThan(50);
  expect(audioSpan.end - audioSpan.start).toBeGreaterThan(check.span.videoDuration - 1);
  expect(Math.abs(check.span.duration * 1000 - check.metadata.durationMs)).toBeLessThanOrEqual(500);
  console.log(describeCheck('this tab + microphone', check, { audioPackets: audioSpan.packets }));
});
