/**
 * The backend and the store go away and come back, end to end (real extension in Chromium):
 * - the whole backend (API + its embedded store) restarts mid-recording on the same port and
 *   DATA_DIR: the extension retries and finishes;
 * - the backend is down when Stop is pressed: the popup says "Waiting for server…", and the
 *   recording completes once the backend is back;
 * - the S3 store alone is unreachable (fault proxy outage) at Stop: same.
 * Each finished object must be byte-identical to the stream the extension recorded.
 */
import type { Page } from '@playwright/test';
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  chooseSource,
  describeCheck,
  expect,
  forwardOffscreenLogs,
  listPendingUploads,
  openBusyTarget,
  seedConnection,
  setRecorderBitrate,
  startRecordingFromPopup,
  test,
  FAST_PARTS_BITRATE,
  type LaunchedExtension,
} from './fixtures';
import { startFaultBackend, type FaultBackend, type FaultBackendOptions } from './support/fault-backend';
import { openPopupPage, stopAndWaitForLink, waitForLink, waitForStatus, waitWhileRecording } from './support/fault-flow';
import type { StaticServer } from './support/static-server';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 360_000 });

/** How long the server stays away once the extension noticed (well within its retry budget). */
const DOWN_MS = 12_000;

async function withBackend(options: FaultBackendOptions, body: (backend: FaultBackend) => Promise<void>): Promise<void> {
  const backend = await startFaultBackend({ ...options, log: !!process.env.REELAY_E2E_BACKEND_LOG });
  try {
    await body(backend);
  } finally {
    await backend.close();
  }
}

async function startRecording(ext: LaunchedExtension, backend: FaultBackend, pages: StaticServer): Promise<Page> {
  await seedConnection(ext, backend);
  await setRecorderBitrate(ext, FAST_PARTS_BITRATE);
  await openBusyTarget(ext, pages);
  const popup = await openPopupPage(ext);
  await chooseSource(popup, 'screen');
  await startRecordingFromPopup(popup);
  await forwardOffscreenLogs(popup);
  return popup;
}

const warningText = (popup: Page) => popup.getByText('Waiting for server…');

test('the backend restarts mid-recording (same port and data): the extension retries and finishes', async ({ ext, testPages }) => {
  await withBackend({ fixedPorts: true }, async (backend) => {
    const popup = await startRecording(ext, backend, testPages);
    const before = await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= 1, { message: '1 part uploaded' });
    const firstServer = backend.server;

    await backend.stop();
    const stoppedAt = Date.now();
    // Recording goes on; the next part cannot go up, and the popup says so.
    const waiting = await waitWhileRecording(popup, (s) => s.upload.waitingForServer, { message: 'upload waiting for the server' });
    await expect(warningText(popup)).toBeVisible();
    await popup.waitForTimeout(DOWN_MS);
    await backend.start();
    const restartedAt = Date.now();
    expect(backend.server).not.toBe(firstServer);
    expect(backend.url).toBe(firstServer.url);

    const after = await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= waiting.upload.partsUploaded + 2 && !s.upload.waitingForServer, {
      message: '2 more parts uploaded after the restart',
    });
    await expect(warningText(popup)).toBeHidden();
    const { recordingId } = await stopAndWaitForLink(popup);
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(await listPendingUploads(backend, `recordings/${recordingId}/`)).toEqual([]);
    const timeline = check.local.timeline?.parts ?? [];
    expect(timeline.filter((p) => p.ackedAt > restartedAt).length).toBeGreaterThanOrEqual(2);
    expect(timeline.filter((p) => p.ackedAt > stoppedAt && p.ackedAt < restartedAt)).toEqual([]);
    console.log(
      describeCheck('backend restart', check, {
        partsBeforeRestart: before.upload.partsUploaded,
        partsWhenWaitingShown: waiting.upload.partsUploaded,
        partsAfterRestart: after.upload.partsUploaded,
        downSeconds: Math.round((restartedAt - stoppedAt) / 1000),
      }),
    );
  });
});

test('the backend is down at Stop: the popup says "Waiting for server…" and the recording completes once it is back', async ({ ext, testPages }) => {
  await withBackend({ fixedPorts: true }, async (backend) => {
    const popup = await startRecording(ext, backend, testPages);
    await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= 1, { message: '1 part uploaded' });

    await backend.stop();
    const downAt = Date.now();
    await popup.getByRole('button', { name: 'Stop', exact: true }).click();
    const finishing = await waitForStatus(popup, (s) => s.state === 'finishing' && s.upload.waitingForServer, {
      timeout: 90_000,
      message: 'finishing, waiting for the server',
    });
    await expect(popup.getByRole('status').filter({ hasText: 'Finishing upload…' })).toBeVisible();
    await expect(warningText(popup)).toBeVisible();
    await popup.waitForTimeout(DOWN_MS);
    expect((await waitForStatus(popup, () => true)).state, 'still finishing while the server is away').toBe('finishing');

    await backend.start();
    const backAt = Date.now();
    const { recordingId } = await waitForLink(popup);
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(await listPendingUploads(backend, `recordings/${recordingId}/`)).toEqual([]);
    // Part 1 (held for the header patch) and the last part can only have gone up after the restart.
    expect((check.local.timeline?.parts ?? []).filter((p) => p.ackedAt > backAt).length).toBeGreaterThanOrEqual(1);
    console.log(
      describeCheck('backend down at Stop', check, {
        partsAtStop: finishing.state === 'finishing' ? finishing.upload.partsUploaded : undefined,
        downSeconds: Math.round((backAt - downAt) / 1000),
      }),
    );
  });
});

test('the S3 store is unreachable at Stop (proxy outage): "Waiting for server…", then it completes', async ({ ext, testPages }) => {
  await withBackend({ proxy: true }, async (backend) => {
    const proxy = backend.proxy!;
    const popup = await startRecording(ext, backend, testPages);
    await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= 1, { message: '1 part uploaded' });

    await proxy.beginOutage('refuse');
    await popup.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForStatus(popup, (s) => s.state === 'finishing' && s.upload.waitingForServer, {
      timeout: 90_000,
      message: 'finishing, waiting for the store',
    });
    await expect(warningText(popup)).toBeVisible();
    await popup.waitForTimeout(DOWN_MS);
    expect((await waitForStatus(popup, () => true)).state).toBe('finishing');
    await proxy.endOutage();
    const backAt = Date.now();

    const { recordingId } = await waitForLink(popup);
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(await listPendingUploads(backend, `recordings/${recordingId}/`)).toEqual([]);
    expect((check.local.timeline?.parts ?? []).filter((p) => p.ackedAt > backAt).length).toBeGreaterThanOrEqual(1);
    const stats = proxy.stats();
    expect(stats.injected.outage).toBe(1);
    expect(stats.outageConnections).toBeGreaterThan(0);
    console.log(describeCheck('store unreachable at Stop', check, { refusedOrResetConnections: stats.outageConnections }));
  });
});
