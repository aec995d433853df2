/**
 * The account's storage quota reached mid-recording (issue 15), end to end: the real extension in
 * Chromium records against a backend with a small STORAGE_QUOTA_BYTES. Nobody presses Stop: the
 * recorder stops by itself before the server would refuse a part (the room the create response
 * told it), everything recorded is uploaded and in the link, and the popup says why and what to do.
 */
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  describeCheck,
  expect,
  mib,
  prepareScreenRecording,
  readLocalChunks,
  startRecordingFromPopup,
  test,
  waitForShareLink,
  withTestBackend,
} from './fixtures';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

const MiB = 1024 * 1024;
const QUOTA = 24 * MiB;
/** ≈ 1 MB/s with the noise page: the quota is reached in about 20 s. */
const BITRATE = 20_000_000;

test('the storage quota is reached mid-recording: it stops by itself, everything recorded is in the link, and the popup says why', async ({
  ext,
  testPages,
}) => {
  await withTestBackend({ env: { STORAGE_QUOTA_BYTES: String(QUOTA) } }, async (backend) => {
    const { popup } = await prepareScreenRecording(ext, backend, testPages, { bitrate: BITRATE });
    await startRecordingFromPopup(popup);

    const { recordingId } = await waitForShareLink(popup, 180_000);
    const status = await popup.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'get-status', data: {} }));
    expect(status.state).toBe('done');
    expect(status.warning?.code).toBe('account_limit');
    const notice = popup.getByRole('alert').filter({ hasText: 'Your Reelay storage is full, so the recording stopped.' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Everything recorded until then is in the link.');
    await expect(notice).toContainText('Delete recordings you no longer need in the library');

    // The stored object is what the recorder produced, byte for byte, and it plays.
    const check = await checkStoredRecording(backend, popup, recordingId);
    expect(check.local.error).toBeUndefined();
    expect(check.objectBytes).toBeLessThanOrEqual(QUOTA);
    // It went on until near the room (24 MiB less 2 s of the bitrate kept for the last chunk).
    expect(check.objectBytes).toBeGreaterThan(QUOTA - 10 * MiB);
    expect(check.span.videoDuration).toBeGreaterThan(5);
    expect(await readLocalChunks(popup, check.local.localId)).toEqual([]);

    // The server agrees: the next recording's room is what the quota leaves after this one.
    const res = await fetch(`${backend.url}/api/recordings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${backend.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'After the quota', mimeType: 'video/webm' }),
    });
    const next = (await res.json()) as { limits?: { maxBytes: number; limitedBy: string }; error?: { code: string } };
    if (res.status === 201) expect(next.limits).toMatchObject({ maxBytes: QUOTA - check.objectBytes, limitedBy: 'storage_quota' });
    else expect(next.error?.code).toBe('quota_exceeded');
    console.log(describeCheck('storage quota reached', check, { quota: mib(QUOTA), warning: status.warning.message }));
  });
});
