/**
 * A short "This tab" recording, start to share link: the microphone on, one pause; a seekable
 * one-part file (WebM fixer: Duration + SeekHead patched in at Stop, Cues appended) with a poster
 * (a thumbnail grabbed ~1 s in), and the owner renames it from the popup's Recent list.
 * The multi-part share link (seek without fetching it all) is checked in recording.spec.ts.
 * Durations are only compared with each other, never with a stopwatch budget.
 */
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  chooseSource,
  describeCheck,
  expect,
  fetchRecordingMetadata,
  openCaptureTarget,
  PART_SIZE,
  popupForTab,
  recorderStatus,
  seedConnection,
  setMicrophonePermission,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  test,
  waitForRecordedTime,
  waitForRecorderState,
} from './fixtures';
import { expectPoster, expectSeekableFile, inspectStoredFile, seekOnSharePage, sharePageMeta } from './support/share-check';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

/** How long the recording stays paused: well above the 0.5 s the durations are compared to. */
const PAUSE_MS = 3000;

test('"This tab" with the microphone, paused once: video + audio without the paused span, a seekable one-part file with a poster, renamed from the popup', async ({
  ext,
  backend,
  testPages,
}) => {
  await seedConnection(ext, backend);
  await setMicrophonePermission(ext, 'granted');
  const target = await openCaptureTarget(ext, testPages); // calm page, default bitrate: one small part
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  const mic = popup.getByRole('switch', { name: /Microphone/ });
  await mic.check();
  await expect(mic).toBeChecked();

  const recording = await startRecordingFromPopup(popup);
  expect(recording.source).toBe('tab');
  expect(recording.microphone).toBe(true);
  await waitForRecordedTime(popup, 2500);

  // Pause: the recorder's clock stands still for as long as it is paused.
  await popup.getByRole('button', { name: 'Pause' }).click();
  const paused = await waitForRecorderState(popup, 'paused');
  await expect(popup.getByRole('button', { name: 'Resume' })).toBeVisible();
  const pausedUntil = Date.now() + PAUSE_MS;
  while (Date.now() < pausedUntil) {
    const s = await recorderStatus(popup);
    expect(s.state).toBe('paused');
    expect(s.state === 'paused' && s.elapsedMs).toBe(paused.elapsedMs);
    await popup.waitForTimeout(500);
  }
  await popup.getByRole('button', { name: 'Resume' }).click();
  await waitForRecorderState(popup, 'recording');
  await waitForRecordedTime(popup, paused.elapsedMs + 2500);

  const { shareUrl, recordingId } = await stopAndWaitForShareLink(popup);
  const check = await checkStoredRecording(backend, popup, recordingId);
  expect(check.local.acknowledgedParts).toHaveLength(1);
  expect(check.objectBytes).toBeLessThan(PART_SIZE);
  expect(check.local.transformName).toBe('webm-fix');

  // Video and audio, the audio through the whole recording, not just a blip.
  const video = check.streams.find((s) => s.codecType === 'video');
  const audio = check.streams.find((s) => s.codecType === 'audio');
  expect(video?.codecName).toMatch(/^vp[89]$/);
  expect(audio?.codecName).toBe('opus');
  const audioSpan = check.span.streams[audio!.index]!;
  expect(audioSpan.packets).toBeGreaterThan(50);
  expect(audioSpan.end - audioSpan.start).toBeGreaterThan(check.span.videoDuration - 1);

  // The paused span is not in the video: its length is the recorded time, not the wall time.
  const { startedAt, stoppedAt, pausedSpans } = check.local;
  expect(pausedSpans).toHaveLength(1);
  const pause = pausedSpans[0]!;
  const wallSeconds = (stoppedAt! - startedAt!) / 1000;
  const pausedSeconds = (pause.end! - pause.start) / 1000;
  const activeSeconds = wallSeconds - pausedSeconds;
  expect(pausedSeconds).toBeGreaterThanOrEqual((PAUSE_MS - 500) / 1000);
  expect(Math.abs(check.span.duration - activeSeconds)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(check.span.duration * 1000 - check.metadata.durationMs)).toBeLessThanOrEqual(500);

  // Seekable as media tools see it, and a poster.
  const facts = await inspectStoredFile(check);
  expectSeekableFile(facts);
  const poster = await expectPoster(shareUrl);

  // Rename from the Recent list: inline form, Save; the server and the share page follow.
  const oldTitle = check.local.title;
  const rename = popup.getByRole('button', { name: `Rename ${oldTitle}` });
  await rename.click();
  const form = popup.getByRole('form', { name: `Rename ${oldTitle}` });
  const field = form.getByRole('textbox', { name: 'Title' });
  await expect(field).toHaveValue(oldTitle);
  await expect(field).toBeFocused();

  // Cancel leaves the title alone.
  await field.fill('Not this one');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toBeHidden();
  expect((await fetchRecordingMetadata(backend, recordingId))?.title).toBe(oldTitle);

  await popup.getByRole('button', { name: `Rename ${oldTitle}` }).click();
  await field.fill('Design review — take 2');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(popup.getByRole('link', { name: 'Design review — take 2' })).toHaveAttribute('href', shareUrl);
  await expect.poll(async () => (await fetchRecordingMetadata(backend, recordingId))?.title).toBe('Design review — take 2');

  const viewer = await ext.context.newPage();
  await viewer.goto(shareUrl);
  const meta = await sharePageMeta(viewer);
  expect(meta.h1).toBe('Design review — take 2');
  expect(meta.ogImage).toBe(`${shareUrl}/thumbnail`);
  const playback = await seekOnSharePage(viewer, 0.8);
  expect(Math.abs(playback.duration - facts.span.duration)).toBeLessThanOrEqual(0.5);

  console.log(
    describeCheck('this tab + microphone + pause, short share link', check, {
      audioPackets: audioSpan.packets,
      wallSeconds: Number(wallSeconds.toFixed(2)),
      pausedSeconds: Number(pausedSeconds.toFixed(2)),
      containerDurationS: facts.containerDuration,
      cuePoints: facts.cuePoints,
      videoDurationS: Number(playback.duration.toFixed(3)),
      seekMs: Math.round(playback.seekMs),
      poster: `${poster.width}x${poster.height}, ${poster.bytes} B`,
    }),
  );
});
