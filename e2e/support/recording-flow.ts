/**
 * Steps shared by the recording tests: a capture target that fills parts fast, driving the
 * popup (source, Start, Stop), waiting on upload progress, checking the stored object.
 * See also disturbances.ts (service worker stop, browser kill) and recorder-raw-output.ts.
 */
import { expect, type Page } from '@playwright/test';
import type { RecorderStatus, RecordingSource } from '../../extension/src/shared/recorder-status';
import type { TestBackend } from './backend';
import { CAPTURE_TARGET_TITLE, type LaunchedExtension } from './extension';
import { ffmpegDecode, mib, packetSpan, probeStreams, sha256Hex, tempFile, undoHeaderPatch, type PacketSpan, type StreamInfo } from './media-check';
import { localRecordingByServerId, type LocalRecording } from './recorder-db';
import { recorderStatus, waitForRecorderState } from './recording';
import type { StaticServer } from './static-server';
import { downloadObject, fetchRecordingMetadata, videoKeyOf, type RecordingMetadata } from './store-inspect';

/**
 * Asked-for video bitrate for tests that need several 5 MiB parts. On a busy 2-core machine the
 * VP9 encoder delivers far less than asked (≈1 MB/s for an 800x450 noise page); the tests wait
 * for upload progress, not for a fixed time.
 */
export const FAST_PARTS_BITRATE = 20_000_000;

/** Raises the recorder's video bitrate (background/recorder-overrides.ts, storage key recorderOverrides). */
export async function setRecorderBitrate(ext: LaunchedExtension, videoBitsPerSecond: number): Promise<void> {
  await ext.serviceWorker.evaluate((v) => chrome.storage.local.set({ recorderOverrides: { videoBitsPerSecond: v } }), videoBitsPerSecond);
}

/** e2e/pages/busy-target.html: random noise every frame (hard to compress) + a tone; same title as capture-target. */
export async function openBusyTarget(ext: LaunchedExtension, pages: StaticServer): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(pages.url('busy-target.html'));
  await expect(page).toHaveTitle(CAPTURE_TARGET_TITLE);
  return page;
}

export async function chooseSource(popup: Page, source: RecordingSource): Promise<void> {
  const radio = popup.getByRole('radio', { name: source === 'tab' ? /^This tab/ : /^Screen or window/ });
  await radio.check();
  await expect(radio).toBeChecked();
}

/** Clicks "Start recording" and waits through preparing + countdown until it records. */
export async function startRecordingFromPopup(popup: Page): Promise<Extract<RecorderStatus, { state: 'recording' }>> {
  await popup.getByRole('button', { name: 'Start recording' }).click();
  const status = await waitForRecorderState(popup, 'recording', 60_000);
  await expect(popup.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  return status;
}

/** Waits until the store acknowledged at least `parts` parts (fails fast if the recorder failed). */
export async function waitForPartsUploaded(
  popup: Page,
  parts: number,
  timeout = 150_000,
): Promise<Extract<RecorderStatus, { state: 'recording' | 'paused' }>> {
  let last: RecorderStatus | undefined;
  let loggedAt = Date.now();
  await expect
    .poll(
      async () => {
        last = await recorderStatus(popup);
        if (Date.now() - loggedAt >= 15_000) {
          loggedAt = Date.now();
          console.log(`[waiting for ${parts} part(s)] ${JSON.stringify(last)}`);
        }
        if (last.state === 'failed') throw new Error(`recorder failed: ${JSON.stringify(last.error)}`);
        if (last.state !== 'recording' && last.state !== 'paused') throw new Error(`recorder is ${last.state}, not recording`);
        return last.upload.partsUploaded;
      },
      { timeout, intervals: [500, 1000], message: `${parts} part(s) uploaded while recording` },
    )
    .toBeGreaterThanOrEqual(parts);
  return last as Extract<RecorderStatus, { state: 'recording' | 'paused' }>;
}

/** Clicks Stop, waits for the upload to complete, and checks the share link is a real link. */
export async function stopAndGetShareLink(popup: Page): Promise<{ shareUrl: string; recordingId: string; stoppedAt: number }> {
  const stoppedAt = Date.now();
  await popup.getByRole('button', { name: 'Stop', exact: true }).click();
  const done = await waitForRecorderState(popup, 'done', 120_000);
  const link = popup.getByRole('link', { name: done.shareUrl });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', done.shareUrl);
  return { shareUrl: done.shareUrl, recordingId: done.recordingId, stoppedAt };
}

export interface StoredRecordingCheck {
  local: LocalRecording;
  /** The stored object's bytes. */
  object: Buffer;
  metadata: RecordingMetadata;
  objectBytes: number;
  objectSha256: string;
  span: PacketSpan;
  streams: StreamInfo[];
  decodeErrors: string;
}

/**
 * The finished recording in the store: the object is byte-identical to the stream the
 * extension spooled (its SHA-256, header patch undone), ffmpeg decodes it, the metadata exists.
 * Duration checks are left to the caller (they differ per test).
 */
export async function checkStoredRecording(backend: TestBackend, extensionPage: Page, serverId: string): Promise<StoredRecordingCheck> {
  const local = await localRecordingByServerId(extensionPage, serverId);
  expect(local.status).toBe('done');
  expect(local.streamSha256, 'the extension hashed the stream it spooled').toMatch(/^[0-9a-f]{64}$/);

  const object = await downloadObject(backend, videoKeyOf(serverId));
  expect(object.length, 'object size = bytes spooled').toBe(local.bytesSpooled);
  const objectSha256 = sha256Hex(object);
  expect(sha256Hex(undoHeaderPatch(object, local.headerPatch)), 'object = the spooled stream').toBe(local.streamSha256);

  const metadata = await fetchRecordingMetadata(backend, serverId);
  expect(metadata, 'GET /api/recordings/:id answers for a finished recording').not.toBeNull();
  expect(metadata!.size).toBe(object.length);

  const file = await tempFile(object);
  try {
    const decoded = await ffmpegDecode(file.path);
    expect(decoded.exitCode, `ffmpeg decode errors:\n${decoded.errors}`).toBe(0);
    const streams = await probeStreams(file.path);
    const span = await packetSpan(file.path);
    return { local, object, metadata: metadata!, objectBytes: object.length, objectSha256, span, streams, decodeErrors: decoded.errors };
  } finally {
    await file.cleanup();
  }
}

/** One line of figures for CI logs. */
export function describeCheck(label: string, c: StoredRecordingCheck, extra: Record<string, unknown> = {}): string {
  const figures = {
    object: `${c.objectBytes} B (${mib(c.objectBytes)})`,
    parts: c.local.acknowledgedParts.length,
    durationMs: c.metadata.durationMs,
    packetSpanS: Number(c.span.duration.toFixed(3)),
    videoSpanS: Number(c.span.videoDuration.toFixed(3)),
    streams: c.streams.map((s) => `${s.codecType}:${s.codecName}${s.width ? `@${s.width}x${s.height}` : ''}`).join(' '),
    transform: c.local.transformName,
    decodeWarnings: c.decodeErrors.trim().split('\n').filter(Boolean).length,
    ...extra,
  };
  return `[${label}] ${JSON.stringify(figures)}`;
}

/**
 * Forwards the offscreen recorder's console warnings and errors to the test output (the
 * offscreen document is not a Playwright page; chrome.extension.getViews reaches its window).
 * Re-run after the document was recreated.
 */
export async function forwardOffscreenLogs(extensionPage: Page, label = 'offscreen'): Promise<boolean> {
  if (!(await extensionPage.evaluate(() => '__reelayForward' in window))) {
    await extensionPage.exposeFunction('__reelayForward', (line: string) => console.log(`[${label}] ${line}`));
  }
  return extensionPage.evaluate(() => {
    const view = chrome.extension.getViews().find((v) => v.location.pathname.endsWith('/offscreen.html')) as
      | (Window & typeof globalThis & { __reelayHooked?: boolean })
      | undefined;
    if (!view) return false;
    if (view.__reelayHooked) return true;
    view.__reelayHooked = true;
    const forward = (window as unknown as { __reelayForward: (line: string) => void }).__reelayForward;
    const text = (x: unknown) => (x instanceof Error ? (x.stack ?? x.message) : typeof x === 'object' ? JSON.stringify(x) : String(x));
    for (const level of ['warn', 'error'] as const) {
      const original = view.console[level].bind(view.console);
      view.console[level] = (...args: unknown[]) => {
        forward(`${level}: ${args.map(text).join(' ')}`);
        original(...args);
      };
    }
    view.addEventListener('unhandledrejection', (e) => forward(`unhandled rejection: ${text(e.reason)}`));
    view.addEventListener('error', (e) => forward(`error: ${e.message}`));
    return true;
  });
}
