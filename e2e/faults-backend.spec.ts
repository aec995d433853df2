/**
 * The backend and the store go away and come back, end to end (real extension in Chromium):
 * - the whole backend (API + its embedded store) stops mid-recording and comes back on the same
 *   port and DATA_DIR: the extension keeps recording, retries and catches up; then it is down
 *   when Stop is pressed: the popup says "Waiting for server…", and the recording completes once
 *   the backend is back;
 * - the S3 store alone is unreachable (fault proxy outage) at Stop: same.
 * Each finished object must be byte-identical to the stream the extension recorded.
 * Instead of staying away for a fixed time, the server stays away until the extension has shown
 * it copes: a whole part recorded meanwhile, or several failed attempts in a row.
 */
import type { Page } from '@playwright/test';
import type { RecorderStatus } from '../extension/src/shared/recorder-status';
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  describeCheck,
  expect,
  PART_SIZE,
  partsAckedBetween,
  prepareScreenRecording,
  startRecordingFromPopup,
  test,
  waitForPartsUploaded,
  waitForShareLink,
  waitForStatus,
  waitWhileRecording,
  withTestBackend,
} from './fixtures';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 360_000 });

/** Failed attempts (backoff 0.25 s, 0.5 s, 1 s, …) the extension must sit through while finishing. */
const FAILED_ATTEMPTS_AT_STOP = 5;

type Finishing = Extract<RecorderStatus, { state: 'finishing' }>;

const warningText = (popup: Page) => popup.getByText('Waiting for server…');

/**
 * Stop is pressed while the server (or only the store) is away: the popup says "Finishing upload…"
 * and "Waiting for server…", and the recorder keeps finishing, nothing given up, through several
 * failed attempts. Then `comeBack` ends the outage and the recording must complete.
 */
async function stopWhileAway(popup: Page, what: string, comeBack: () => Promise<void>) {
  await popup.getByRole('button', { name: 'Stop', exact: true }).click();
  const finishing = await waitForStatus(popup, (s): s is Finishing => s.state === 'finishing' && s.upload.waitingForServer, {
    timeout: 90_000,
    message: `finishing, waiting for the ${what}`,
  });
  await expect(popup.getByRole('status').filter({ hasText: 'Finishing upload…' })).toBeVisible();
  await expect(warningText(popup)).toBeVisible();
  await waitForStatus(popup, (s) => s.state === 'finishing' && (s.upload.retrying?.attempt ?? 0) >= FAILED_ATTEMPTS_AT_STOP, {
    timeout: 90_000,
    message: `finishing after ${FAILED_ATTEMPTS_AT_STOP} failed attempts to reach the ${what}`,
  });
  await comeBack();
  const backAt = Date.now();
  const { recordingId } = await waitForShareLink(popup, 300_000);
  return { recordingId, backAt, partsAtStop: finishing.upload.partsUploaded };
}

test('the backend goes away mid-recording and at Stop (back on the same port and data each time): the extension keeps recording, says "Waiting for server…", and finishes', async ({
  ext,
  testPages,
}) => {
  await withTestBackend({}, async (backend) => {
    const { popup } = await prepareScreenRecording(ext, backend, testPages);
    await startRecordingFromPopup(popup);
    const before = await waitForPartsUploaded(popup, 1);
    const firstServer = backend.server;

    // --- 1. Down mid-recording: recording goes on, the next part cannot go up, the popup says so.
    await backend.stop();
    const stoppedAt = Date.now();
    const waiting = await waitWhileRecording(popup, (s) => s.upload.waitingForServer, { message: 'upload waiting for the server' });
    await expect(warningText(popup)).toBeVisible();
    // Away until a whole part more was recorded: it has to wait for the server.
    await waitWhileRecording(popup, (s) => s.upload.bytesRecorded >= waiting.upload.bytesRecorded + PART_SIZE, {
      message: 'one more part recorded while the server is away',
    });
    await backend.start();
    const restartedAt = Date.now();
    expect(backend.server).not.toBe(firstServer);
    expect(backend.url).toBe(firstServer.url);

    const after = await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= waiting.upload.partsUploaded + 2 && !s.upload.waitingForServer, {
      message: '2 more parts uploaded after the restart',
    });
    await expect(warningText(popup)).toBeHidden();

    // --- 2. Down at Stop: finishing waits for the server, and completes once it is back.
    await backend.stop();
    const downAtStop = Date.now();
    const { recordingId, backAt, partsAtStop } = await stopWhileAway(popup, 'server', () => backend.start());
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(partsAckedBetween(check, stoppedAt, restartedAt), 'parts acknowledged while the backend was down').toBe(0);
    expect(partsAckedBetween(check, restartedAt, downAtStop)).toBeGreaterThanOrEqual(2);
    // Part 1 (held for the header patch) and the last part can only have gone up after the second restart.
    expect(partsAckedBetween(check, backAt)).toBeGreaterThanOrEqual(1);
    console.log(
      describeCheck('backend down mid-recording and at Stop', check, {
        partsBeforeRestart: before.upload.partsUploaded,
        partsWhenWaitingShown: waiting.upload.partsUploaded,
        partsAfterRestart: after.upload.partsUploaded,
        downSeconds: Math.round((restartedAt - stoppedAt) / 1000),
        partsAtStop,
        downAtStopSeconds: Math.round((backAt - downAtStop) / 1000),
      }),
    );
  });
});

test('the S3 store is unreachable at Stop (proxy outage): "Waiting for server…", then it completes', async ({ ext, testPages }) => {
  await withTestBackend({ proxy: true }, async (backend) => {
    const proxy = backend.proxy!;
    const { popup } = await prepareScreenRecording(ext, backend, testPages);
    await startRecordingFromPopup(popup);
    await waitForPartsUploaded(popup, 1);

    await proxy.beginOutage('refuse');
    const { recordingId, backAt } = await stopWhileAway(popup, 'store', () => proxy.endOutage());
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(partsAckedBetween(check, backAt)).toBeGreaterThanOrEqual(1);
    const stats = proxy.stats();
    expect(stats.injected.outage).toBe(1);
    expect(stats.outageConnections).toBeGreaterThan(0);
    console.log(describeCheck('store unreachable at Stop', check, { refusedOrResetConnections: stats.outageConnections }));
  });
});
