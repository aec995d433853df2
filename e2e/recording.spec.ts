/**
 * Recording end to end: the built extension in Chromium records a real page (getDisplayMedia
 * auto-selected by title), uploads 5 MiB parts to the real backend's embedded S3 store WHILE
 * recording, and completes; the tests then look into the store and IndexedDB, and play the
 * share link in Chromium (WebM fixer on: part 1 held until Stop, then patched with Duration +
 * SeekHead, Cues appended, so the link plays and seeks at once with no server-side processing).
 *
 * Durations are only compared with each other (packets vs. what the extension measured),
 * never with a stopwatch budget: the machine is shared and slow.
 */
import type { Page } from '@playwright/test';
import {
  CAPTURE_FLAGS,
  captureRawRecorderOutput,
  checkStoredRecording,
  describeCheck,
  expect,
  expectObjectMatchesRawOutput,
  fetchRecordingMetadata,
  listObjectKeys,
  listPendingUploads,
  listStoredParts,
  loopback,
  mib,
  PART_SIZE,
  partsAckedBetween,
  prepareScreenRecording,
  readLocalChunks,
  readLocalRecordings,
  recorderStatus,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  stopServiceWorker,
  test,
  videoKeyOf,
  waitForLocalRecording,
  waitForPartsUploaded,
  waitForRecorderState,
} from './fixtures';
import { expectPoster, expectSeekableFile, inspectStoredFile, NetworkBytes, seekOnSharePage, sharePageMeta, videoStoreOrigin } from './support/share-check';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

/** The recording's local record, once the server created it (fresh profile: the only one). */
async function currentRecord(popup: Page) {
  return waitForLocalRecording(popup, (r) => r.serverId !== undefined && r.uploadId !== undefined, {
    message: 'local record with a server recording',
  });
}

test('screen, ≥ 3 parts up while recording, the service worker stopped midway: the object is exactly what MediaRecorder produced, and its share link plays and seeks without fetching it all', async ({
  ext,
  backend,
  testPages,
}) => {
  const { popup } = await prepareScreenRecording(ext, backend, testPages);
  const rawOutputs = await captureRawRecorderOutput(ext, popup);
  await startRecordingFromPopup(popup);

  // Chrome stops an idle service worker whenever it likes: recording and uploading must not need it.
  const beforeWorkerStop = await waitForPartsUploaded(popup, 1);
  const worker = await stopServiceWorker(ext, popup);
  const workerStoppedAt = Date.now();

  const beforeStop = await waitForPartsUploaded(popup, Math.max(3, beforeWorkerStop.upload.partsUploaded + 1));
  const record = await currentRecord(popup);
  const serverId = record.serverId!;
  // The store itself holds the parts before Stop is pressed.
  const storedBeforeStop = await listStoredParts(backend, videoKeyOf(serverId), record.uploadId!);
  expect(storedBeforeStop.length).toBeGreaterThanOrEqual(3);
  for (const p of storedBeforeStop) expect(p.size).toBe(PART_SIZE);

  const { shareUrl, recordingId } = await stopAndWaitForShareLink(popup);
  expect(recordingId).toBe(serverId);

  const check = await checkStoredRecording(backend, popup, serverId);
  const { local, metadata, span } = check;
  // Byte for byte what MediaRecorder produced (captured independently in the offscreen page).
  const raws = await rawOutputs();
  expect(raws, 'one MediaRecorder').toHaveLength(1);
  expectObjectMatchesRawOutput(check, raws[0]);

  // Parts went up while recording: the witnessed upload timeline (ackedAt vs. stoppedAt) says so too.
  expect(local.stoppedAt).toBeDefined();
  const timeline = check.acks;
  const duringRecording = timeline.filter((p) => p.ackedAt < local.stoppedAt!);
  expect(duringRecording.length).toBeGreaterThanOrEqual(3);
  expect(timeline.map((p) => p.partNumber)).toEqual(local.acknowledgedParts.map((p) => p.partNumber));
  expect(local.acknowledgedParts.length).toBe(Math.ceil(check.objectBytes / PART_SIZE));
  const afterWorkerStop = partsAckedBetween(check, workerStoppedAt);
  expect(afterWorkerStop, 'parts acknowledged after the service worker stopped').toBeGreaterThanOrEqual(1);

  // Length: packets vs. what the extension measured and sent with complete (metadata).
  expect(metadata.durationMs).toBe(local.durationMs);
  expect(Math.abs(span.duration * 1000 - metadata.durationMs)).toBeLessThanOrEqual(500);
  expect(check.streams.some((s) => s.codecType === 'video')).toBe(true);

  // Nothing left behind locally (checkStoredRecording checked the store).
  expect(await readLocalChunks(popup, local.localId)).toEqual([]);

  // A seekable file as media tools see it.
  expect(local.transformName).toBe('webm-fix');
  expect(local.headerPatch, 'part 1 was patched (Duration, SeekHead)').toBeDefined();
  const facts = await inspectStoredFile(check);
  expectSeekableFile(facts);
  // A keyframe (and so a Cue) at least every ~2 s was asked for; allow for a slow encoder.
  expect(facts.cuePoints).toBeGreaterThanOrEqual(Math.floor(facts.span.videoDuration / 4));

  // The share link in Chromium: the share page's <video>, its store requests counted through CDP.
  const page = await fetch(loopback(shareUrl));
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const viewer = await ext.context.newPage();
  const network = await NetworkBytes.attach(viewer);
  await viewer.goto(shareUrl);
  const playback = await seekOnSharePage(viewer, 0.8);
  const storeOrigin = await videoStoreOrigin(shareUrl);
  expect(storeOrigin, 'the video comes from the store, not through the backend').not.toBe(new URL(shareUrl).origin);
  expect(Number.isFinite(playback.duration), 'video.duration is known from the header').toBe(true);
  expect(Math.abs(playback.duration - facts.span.duration)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(playback.landedAt - playback.seekTarget)).toBeLessThanOrEqual(0.5);
  expect(playback.readyStateAfterSeek).toBeGreaterThanOrEqual(2); // HAVE_CURRENT_DATA: a frame to show
  // How long the seek took is printed below, not asserted: timings belong in bench/.
  // The video object's presigned GETs (the poster comes from the store too: not counted), once
  // any read-ahead has settled.
  const isVideoObject = (url: URL) => url.origin === storeOrigin && url.pathname.endsWith(`/recordings/${recordingId}/video`);
  await network.waitForQuiet(isVideoObject);
  const fetched = network.bytesFor(isVideoObject);
  const responses = network.responsesFor(isVideoObject);
  expect(responses.length).toBeGreaterThanOrEqual(1);
  expect(responses.every((r) => r.status === 206), 'range requests only').toBe(true);
  expect(fetched).toBeGreaterThan(0);
  expect(fetched, `fetched ${mib(fetched)} of ${mib(check.objectBytes)}`).toBeLessThan(check.objectBytes * 0.6);

  // The poster: served, on the <video>, and the page's og:image.
  const poster = await expectPoster(shareUrl);
  const meta = await sharePageMeta(viewer);
  expect(meta.ogImage).toBe(`${shareUrl}/thumbnail`);
  expect(meta.poster).toBe(`${shareUrl}/thumbnail`);
  await network.detach();

  console.log(
    describeCheck('record+upload+share', check, {
      partsAckedBeforeStop: duringRecording.length,
      storedPartsBeforeStop: storedBeforeStop.length,
      bytesUploadedBeforeStop: mib(beforeStop.upload.bytesUploaded),
      msFromStop: timeline.map((p) => p.msFromStop),
      partsBeforeWorkerStop: beforeWorkerStop.upload.partsUploaded,
      partsAckedAfterWorkerStop: afterWorkerStop,
      workerRestarts: worker.restarts(),
      sha256: check.objectSha256.slice(0, 16),
      recorderChunks: raws[0]!.chunks,
      containerDurationS: facts.containerDuration,
      cuePoints: facts.cuePoints,
      seekToS: Number(playback.seekTarget.toFixed(2)),
      seekMs: Math.round(playback.seekMs),
      fetchedFromStore: `${fetched} B (${((100 * fetched) / check.objectBytes).toFixed(1)} % of ${mib(check.objectBytes)})`,
      poster: `${poster.width}x${poster.height}, ${poster.bytes} B`,
    }),
  );
  await worker.detach();
});

test('Cancel recording after a part is uploaded leaves nothing in the store nor in IndexedDB', async ({ ext, backend, testPages }) => {
  const { popup } = await prepareScreenRecording(ext, backend, testPages);
  await startRecordingFromPopup(popup);
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
