/**
 * A presigned part URL that expires while its part is in flight (end to end, real extension):
 * part URLs live 3 s (PART_URL_TTL_SECONDS), and the fault proxy holds the FIRST attempt of every
 * part 5 s before passing it on, so the store sees an expired URL and answers 403. The extension
 * must sign that part again and retry (a new URL, a new signature), and finish byte-identical.
 */
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  describeCheck,
  expect,
  prepareScreenRecording,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  test,
  waitForPartsUploaded,
  withTestBackend,
} from './fixtures';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

const URL_TTL_SECONDS = 3;
/** Longer than the URL lives (+1 s: X-Amz-Date counts whole seconds), however late the request arrives. */
const HOLD_MS = 5000;

test('a part URL that expires in flight gets 403 from the store, is signed again, and the part goes up', async ({ ext, testPages }) => {
  await withTestBackend({ proxy: true, env: { PART_URL_TTL_SECONDS: String(URL_TTL_SECONDS) } }, async (backend) => {
    const proxy = backend.proxy!;
    await proxy.setSchedule({ seed: 0, requestFaults: {}, windows: [], firstAttemptOfEveryPart: { kind: 'latency', delayMs: HOLD_MS } });
    const { popup } = await prepareScreenRecording(ext, backend, testPages);
    await startRecordingFromPopup(popup);
    // One part re-signed and up while recording; the others after Stop.
    await waitForPartsUploaded(popup, 1);
    const { recordingId } = await stopAndWaitForShareLink(popup, 180_000).catch((error: unknown) => {
      const signedAt = (d: string) => Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);
      for (const a of proxy.stats().partLog) {
        const t0 = signedAt(a.amzDate);
        console.log(`[part URL expiry] p${a.partNumber}#${a.attempt} ${a.fault ?? '-'} store ${a.storeStatus}: received +${a.receivedAt - t0} ms after signing, forwarded +${(a.forwardedAt ?? NaN) - t0}, answered +${(a.answeredAt ?? NaN) - t0}`);
      }
      throw error;
    });

    const check = await checkStoredRecording(backend, popup, recordingId);
    const parts = check.local.acknowledgedParts.map((p) => p.partNumber);
    expect(parts.length).toBeGreaterThanOrEqual(2);

    const log = proxy.stats().partLog;
    for (const part of parts) {
      const attempts = log.filter((a) => a.partNumber === part);
      const first = attempts[0]!;
      // Held past the URL's lifetime: the store refused it as expired.
      expect(first, `part ${part}, first attempt`).toMatchObject({ attempt: 1, fault: 'latency', storeStatus: 403 });
      const success = attempts.find((a) => a.storeStatus === 200);
      expect(success, `part ${part} went up`).toBeDefined();
      // ... with a URL signed again after the 403 (not the expired one sent once more).
      expect(success!.signature).not.toBe(first.signature);
      expect(success!.amzDate >= first.amzDate).toBe(true);
    }
    const expired = log.filter((a) => a.storeStatus === 403).length;
    console.log(
      describeCheck('part URL expired in flight', check, {
        urlTtlSeconds: URL_TTL_SECONDS,
        heldMs: HOLD_MS,
        expiredAttempts: expired,
        resignedParts: parts.length,
        partRequests: log.length,
      }),
    );
  });
});
