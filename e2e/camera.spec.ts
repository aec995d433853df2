/**
 * The camera bubble is IN the recording, and "Camera only" records the camera: real Chromium,
 * Chromium's fake camera (a moving test pattern, nothing like the page's flat magenta), the
 * built extension, the real backend and store. Frames of the stored file are decoded with ffmpeg
 * and their pixels compared with the page colour.
 */
import type { Page } from '@playwright/test';
import { boxInFrame, defaultBubbleBox } from '../extension/src/core/camera/bubble-layout';
import {
  closeSharePages,
  downloadObject,
  expect,
  ffmpegDecode,
  packetSpan,
  popupForTab,
  probeStreams,
  seedConnection,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  tempFile,
  test,
  videoKeyOf,
  waitForRecordedTime,
  type LaunchedExtension,
  type TestBackend,
} from './fixtures';
import {
  colourDistance,
  frameAt,
  meanColour,
  openSolidPage,
  overlayFrame,
  PAGE_RGB,
  setDevicePermission,
  setPreferences,
  SOLID_CAPTURE_FLAGS,
  viewportOf,
  waitForBubblePicture,
  waitForOverlayFrame,
  type RgbFrame,
} from './support/camera';

test.use({ captureFlags: SOLID_CAPTURE_FLAGS });
test.describe.configure({ timeout: 240_000 });

/** The colour the page is recorded with (VP9 shifts a flat colour a little): "is the page" below this distance. */
const SAME = 60;
/** The camera's picture is far from magenta. */
const DIFFERENT = 120;

async function prepare(ext: LaunchedExtension, backend: TestBackend, pages: { url(path: string): string }, prefs: Record<string, unknown>) {
  await seedConnection(ext, backend);
  await setDevicePermission(ext, 'camera', 'granted');
  await setPreferences(ext, { countdownSeconds: 0, ...prefs });
  const page = await openSolidPage(ext, pages);
  const popup = await popupForTab(ext, page);
  return { page, popup };
}

/** Records ≥ `ms` after the bubble shows, stops, and returns the stored file and a frame near its end. */
async function recordAndGrabFrame(
  ext: LaunchedExtension,
  backend: TestBackend,
  popup: Page,
  page: Page,
  { bubble, whileRecording }: { bubble: boolean; whileRecording?: () => Promise<void> },
) {
  const started = await startRecordingFromPopup(popup);
  if (bubble) await waitForBubblePicture(page);
  await whileRecording?.();
  const from = (await waitForRecordedTime(popup, 0)).elapsedMs;
  await waitForRecordedTime(popup, from + 3000);
  const link = await stopAndWaitForShareLink(popup);
  await closeSharePages(ext, link);
  const file = await downloadObject(backend, videoKeyOf(link.recordingId));
  const tmp = await tempFile(file);
  try {
    expect((await ffmpegDecode(tmp.path)).exitCode).toBe(0);
    const span = await packetSpan(tmp.path);
    // A frame a second before the end: the bubble had its picture for seconds by then.
    const frame = await frameAt(file, Math.max(0, span.videoDuration - 1));
    return { started, file, frame };
  } finally {
    await tmp.cleanup();
  }
}

/** Mean colours of the bubble's inner square (its default place) and of the frame's centre. */
async function sample(page: Page, frame: RgbFrame) {
  const viewport = await viewportOf(page);
  const box = boxInFrame(defaultBubbleBox(viewport), viewport, frame);
  const r = box.diameter / 2;
  return {
    bubble: meanColour(frame, box.left + r, box.top + r, r * 0.45),
    centre: meanColour(frame, frame.width / 2, frame.height / 2, frame.height * 0.08),
  };
}

test('"This tab" with the camera on: the recorded frame has the camera picture in the bottom-left circle and the page colour in the centre', async ({ ext, backend, testPages }) => {
  const { page, popup } = await prepare(ext, backend, testPages, { source: 'tab', camera: true });
  await expect(popup.getByRole('switch', { name: /^Camera/ })).toBeChecked();
  const { frame } = await recordAndGrabFrame(ext, backend, popup, page, { bubble: true });
  const { bubble, centre } = await sample(page, frame);
  console.log(`[camera tab] frame ${frame.width}x${frame.height} bubble ${bubble} centre ${centre}`);
  expect(colourDistance(centre, PAGE_RGB), `centre ${centre} is the page colour`).toBeLessThan(SAME);
  expect(colourDistance(bubble, PAGE_RGB), `bubble ${bubble} is the camera, not the page`).toBeGreaterThan(DIFFERENT);
  // The overlay closes itself once the recording is over.
  await expect.poll(() => overlayFrame(page, 'bar') === undefined, { timeout: 15_000 }).toBe(true);
});

test('"This tab" with the camera off: the bottom-left corner is the page colour', async ({ ext, backend, testPages }) => {
  const { page, popup } = await prepare(ext, backend, testPages, { source: 'tab', camera: false });
  await expect(popup.getByRole('switch', { name: /^Camera/ })).not.toBeChecked();
  const { frame } = await recordAndGrabFrame(ext, backend, popup, page, {
    bubble: false,
    whileRecording: async () => {
      await waitForOverlayFrame(page, 'bar'); // the overlay is there, without a bubble
      expect(overlayFrame(page, 'bubble')).toBeUndefined();
    },
  });
  const { bubble, centre } = await sample(page, frame);
  console.log(`[camera off] bubble place ${bubble} centre ${centre}`);
  expect(colourDistance(centre, PAGE_RGB)).toBeLessThan(SAME);
  expect(colourDistance(bubble, PAGE_RGB), `corner ${bubble} is the page colour`).toBeLessThan(SAME);
});

test('"Screen or window" with the camera (the solid page picked by title): the bubble is in the recording', async ({ ext, backend, testPages }) => {
  const { page, popup } = await prepare(ext, backend, testPages, { source: 'screen', camera: true });
  await expect(popup.getByRole('radio', { name: /^Screen or window/ })).toBeChecked();
  const { started, frame } = await recordAndGrabFrame(ext, backend, popup, page, { bubble: true });
  expect(started.source).toBe('screen');
  const { bubble, centre } = await sample(page, frame);
  console.log(`[camera screen] frame ${frame.width}x${frame.height} bubble ${bubble} centre ${centre}`);
  expect(colourDistance(centre, PAGE_RGB), `centre ${centre} is the page colour`).toBeLessThan(SAME);
  expect(colourDistance(bubble, PAGE_RGB), `bubble ${bubble} is the camera, not the page`).toBeGreaterThan(DIFFERENT);
});

test('"Camera only" records the camera full-frame: a decodable video of the camera picture', async ({ ext, backend, testPages }) => {
  const { page, popup } = await prepare(ext, backend, testPages, { source: 'camera', camera: false });
  await expect(popup.getByRole('radio', { name: /^Camera only/ })).toBeChecked();
  const { started, file, frame } = await recordAndGrabFrame(ext, backend, popup, page, { bubble: false });
  expect(started.source).toBe('camera');
  expect(overlayFrame(page, 'bubble'), 'no bubble: the camera is the whole picture').toBeUndefined();
  const tmp = await tempFile(file);
  try {
    const video = (await probeStreams(tmp.path)).find((s) => s.codecType === 'video');
    expect(video?.width).toBeGreaterThan(0);
    expect((await packetSpan(tmp.path)).videoDuration).toBeGreaterThan(2);
  } finally {
    await tmp.cleanup();
  }
  const centre = meanColour(frame, frame.width / 2, frame.height / 2, frame.height * 0.2);
  console.log(`[camera only] frame ${frame.width}x${frame.height} centre ${centre}`);
  expect(colourDistance(centre, PAGE_RGB), 'the camera picture, not the page').toBeGreaterThan(DIFFERENT);
});

test('a camera that fails (permission denied) gives a clear message in the page, and the recording goes on without the bubble', async ({ ext, backend, testPages }) => {
  const { page, popup } = await prepare(ext, backend, testPages, { source: 'tab', camera: true });
  await setDevicePermission(ext, 'camera', 'denied');
  const { frame } = await recordAndGrabFrame(ext, backend, popup, page, {
    bubble: false,
    whileRecording: async () => {
      const bar = await waitForOverlayFrame(page, 'bar');
      const alert = bar.getByRole('alert');
      await expect(alert).toContainText('may not use the camera');
      await expect(alert).toContainText('recording goes on');
      expect((await waitForRecordedTime(popup, 1000)).state).toBe('recording');
    },
  });
  const { bubble } = await sample(page, frame);
  console.log(`[camera denied] corner ${bubble}`);
  expect(colourDistance(bubble, PAGE_RGB), `corner ${bubble}: no bubble in the recording`).toBeLessThan(SAME);
});

test('the camera and microphone pickers list the devices, remember the choice, and say when the chosen one is not connected', async ({ ext, backend, testPages }) => {
  await setDevicePermission(ext, 'microphone', 'granted');
  const { popup } = await prepare(ext, backend, testPages, { source: 'tab', camera: true, microphone: true });
  const cameraPicker = popup.getByRole('combobox', { name: 'Which camera' });
  const micPicker = popup.getByRole('combobox', { name: 'Which microphone' });
  await expect(cameraPicker).toBeVisible();
  // Chromium's fake devices, with their labels (the extension origin has the permissions).
  await expect.poll(() => micPicker.locator('option').count()).toBeGreaterThan(2);
  const micLabels = await micPicker.locator('option').allTextContents();
  const chosen = micLabels.find((l) => l !== 'Default')!;
  await micPicker.selectOption({ label: chosen });
  await popup.reload();
  await expect(popup.getByRole('combobox', { name: 'Which microphone' })).toHaveValue(/.+/);
  expect(await popup.getByRole('combobox', { name: 'Which microphone' }).locator('option:checked').textContent()).toBe(chosen);

  // A remembered camera that is not connected now: said so, and the default is used.
  await setPreferences(ext, { cameraDeviceId: 'a-camera-that-was-unplugged' });
  await popup.reload();
  await expect(popup.getByRole('combobox', { name: 'Which camera' })).toHaveValue('');
  await expect(popup.getByText('The one you chose is not connected')).toBeVisible();
});

test('the Camera switch asks on Reelay’s permission page (the recorder cannot); a refusal is explained and the switch stays off', async ({ ext, backend, openPopup }) => {
  await seedConnection(ext, backend);
  const popup = await openPopup();
  const camera = popup.getByRole('switch', { name: /^Camera/ });
  await expect(camera).not.toBeChecked();
  // No fake UI: headless Chromium dismisses the prompt, i.e. refuses.
  const permissionsPage = ext.context.waitForEvent('page', (p) => p.url().endsWith('permissions/permissions.html?device=camera'));
  await camera.click();
  const page = await permissionsPage;
  await expect(page.getByRole('heading', { name: 'Camera' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Camera access is blocked');
  await expect(camera).not.toBeChecked();
  await expect(popup.getByRole('status')).toContainText('Allow the camera in the tab that just opened');
});
