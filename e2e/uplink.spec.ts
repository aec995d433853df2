/**
 * Nothing but the tail leaves the computer after Stop (issue 11), end to end: the real extension
 * in Chromium records the noise page while every byte it sends to the store crosses the fault
 * proxy (S3_PUBLIC_ENDPOINT → proxy → embedded store) over a throttled link, and the proxy notes
 * each request-body chunk as it crosses. Part 1 goes up early as the head object while recording;
 * after Stop the only bytes the browser sends are the last part (the stream's tail with the Cues),
 * never part 1's 5 MiB; the server patches the head into part 1, and the stored file is seekable,
 * with the right duration.
 */
import {
  CAPTURE_FLAGS,
  checkStoredRecording,
  closeSharePages,
  describeCheck,
  distDir,
  expect,
  launchOnFreshProfile,
  listObjectKeys,
  type LiveStatus,
  mib,
  PART_SIZE,
  prepareScreenRecording,
  startRecordingFromPopup,
  startTestBackend,
  stopAndWaitForShareLink,
  test,
  waitWhileRecording,
} from './fixtures';
import type { Page } from '@playwright/test';
import { expectSeekableFile, inspectStoredFile } from './support/share-check';

/** The uplink: 20 Mbit/s, above what the recorder produces at BITRATE, so uploading keeps up. */
const UPLINK_BYTES_PER_SECOND = 2_500_000;
const BITRATE = 6_000_000;

test.describe.configure({ timeout: 300_000 });

/**
 * Pauses early in a part (the 3rd or later), then lets every full part go up, so that what is left
 * at Stop is the tail alone. Pausing, not stopping, at that moment: a Stop that lands a few seconds
 * late on a busy machine would find the next part full and still uploading, while a paused
 * recording adds nothing as the test checks. If the pause landed too close to the part's end
 * (Stop still delivers up to a second of recording), the recording resumes and tries again.
 */
async function pauseWithOnlyTheTailLeft(popup: Page): Promise<LiveStatus> {
  const roomForLastChunk = 1.5 * 1024 * 1024;
  for (let attempt = 1; ; attempt++) {
    await waitWhileRecording(
      popup,
      (s) => s.state === 'recording' && s.upload.bytesRecorded >= 2 * PART_SIZE && s.upload.bytesRecorded % PART_SIZE < PART_SIZE / 4,
      { timeout: 200_000, message: 'early in the 3rd part or a later one' },
    );
    await popup.getByRole('button', { name: 'Pause' }).click();
    await waitWhileRecording(popup, (s) => s.state === 'paused', { message: 'paused' });
    // The upload goes on while paused.
    const paused = await waitWhileRecording(popup, (s) => s.upload.partsUploaded >= Math.floor(s.upload.bytesRecorded / PART_SIZE), {
      timeout: 60_000,
      message: 'every full part up while paused',
    });
    console.log(`uplink: paused at ${paused.upload.bytesRecorded} B (${paused.upload.partsUploaded} parts up), attempt ${attempt}`);
    if (paused.upload.bytesRecorded % PART_SIZE < PART_SIZE - roomForLastChunk || attempt === 4) return paused;
    await popup.getByRole('button', { name: 'Resume' }).click();
  }
}

test('over a throttled uplink, the bytes sent after Stop are the last part alone (part 1 went up early as the head), and the file seeks', async ({ testPages }) => {
  const backend = await startTestBackend({ proxy: true });
  const browser = await launchOnFreshProfile(distDir(), CAPTURE_FLAGS);
  try {
    const proxy = backend.proxy!;
    const { popup } = await prepareScreenRecording(browser.ext, backend, testPages, { bitrate: BITRATE });
    proxy.beginThrottle(UPLINK_BYTES_PER_SECOND, 10 * 60_000);
    proxy.recordBodies();

    await startRecordingFromPopup(popup, 'uplink');
    const live = await pauseWithOnlyTheTailLeft(popup);
    const link = await stopAndWaitForShareLink(popup, 180_000);
    await closeSharePages(browser.ext, link);
    proxy.endThrottle();

    const check = await checkStoredRecording(backend, popup, link.recordingId);
    const { local, metadata, span } = check;
    const stoppedAt = local.stoppedAt!;
    expect(stoppedAt).toBeDefined();
    const parts = Math.ceil(check.objectBytes / PART_SIZE);
    const lastPart = check.objectBytes - (parts - 1) * PART_SIZE;
    expect(local.acknowledgedParts[0], 'part 1 went up as the head').toMatchObject({ partNumber: 1, size: PART_SIZE, head: true });

    // What crossed the link, by request, before and after Stop.
    const bodies = proxy.bodies();
    const sum = (pick: (b: (typeof bodies)[number]) => boolean) => bodies.filter(pick).reduce((n, b) => n + b.bytes, 0);
    const isVideo = (what: string) => what === 'head' || what.startsWith('part ');
    const afterStop = sum((b) => b.at > stoppedAt && isVideo(b.what));
    const headBefore = sum((b) => b.at <= stoppedAt && b.what === 'head');
    const headAfter = sum((b) => b.at > stoppedAt && b.what === 'head');
    const byWhatAfterStop: Record<string, number> = {};
    for (const b of bodies) if (b.at > stoppedAt) byWhatAfterStop[b.what] = (byWhatAfterStop[b.what] ?? 0) + b.bytes;

    // Which parts the store had acknowledged when Stop was pressed (witnessed in the offscreen page).
    const ackedAtStop = check.acks.filter((a) => a.ackedAt <= stoppedAt).map((a) => a.partNumber);
    const notAckedAtStop = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !ackedAtStop.includes(n));
    const sizeOf = (n: number) => (n === parts ? lastPart : PART_SIZE);
    const diag = { recordedAtPoll: live.upload, stoppedAt, ackedAtStop, byWhatAfterStop, parts, lastPart };

    expect(headBefore, 'part 1 (the head) crossed the link while recording').toBe(PART_SIZE);
    expect(headAfter, 'no byte of part 1 after Stop').toBe(0);
    expect(afterStop, `video bytes after Stop = the parts not acknowledged at Stop ${JSON.stringify(diag)}`).toBe(
      notAckedAtStop.reduce((n, p) => n + sizeOf(p), 0),
    );
    expect(notAckedAtStop, `at Stop only the last part (the tail) was left ${JSON.stringify(diag)}`).toEqual([parts]);
    expect(Object.keys(byWhatAfterStop).filter(isVideo), 'after Stop only the last part went up').toEqual([`part ${parts}`]);
    expect(afterStop, 'video bytes sent after Stop = the last part (tail + Cues)').toBe(lastPart);
    expect(lastPart).toBeLessThan(PART_SIZE);

    // The server made part 1 from the head and removed it; the file is the usual seekable one.
    expect(await listObjectKeys(backend, `recordings/${link.recordingId}/`)).not.toContain(`recordings/${link.recordingId}/head`);
    expect(local.headerPatch, 'part 1 was patched (Duration, SeekHead)').toBeDefined();
    expect(Math.abs(span.duration * 1000 - metadata.durationMs)).toBeLessThanOrEqual(500);
    const facts = await inspectStoredFile(check);
    expectSeekableFile(facts);

    console.log(
      describeCheck('uplink', check, {
        uplink: `${((UPLINK_BYTES_PER_SECOND * 8) / 1e6).toFixed(0)} Mbit/s`,
        recordedAtStop: mib(live.upload.bytesRecorded),
        videoBytesAfterStop: `${afterStop} B (${mib(afterStop)})`,
        lastPart: `${lastPart} B`,
        part1AfterStop: headAfter,
        wouldHaveSentBefore: `${afterStop + PART_SIZE} B (part 1 held until Stop)`,
        otherAfterStop: Object.fromEntries(Object.entries(byWhatAfterStop).filter(([w]) => !isVideo(w))),
        containerDurationS: facts.containerDuration,
        cuePoints: facts.cuePoints,
      }),
    );
  } finally {
    await browser.close();
    await backend.close();
  }
});
