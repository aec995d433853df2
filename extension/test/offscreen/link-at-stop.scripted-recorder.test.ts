/**
 * The link at Stop through the recorder's whole flow (scripted MediaRecorder, real backend,
 * fake-indexeddb; see flow-harness.ts): the share link goes to the clipboard port and into the
 * 'finishing' status at Stop, before the upload is completed; the service worker is told once,
 * and a failure afterwards says what it means for the link the user already has.
 * The real clipboard in Chromium is read in e2e/link-at-stop.spec.ts.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import type { RecorderStatus } from '../../src/shared/recorder-status';
import { failureWithLink } from '../../src/offscreen/link-at-stop';
import {
  freePort,
  harness,
  onlyRecord,
  randomChunks,
  scriptedMedia,
  serverBehindClosedPort,
  sweepServerRecording,
  until,
  useFlowBackend,
} from './flow-harness';

useFlowBackend();

type Finishing = Extract<RecorderStatus, { state: 'finishing' }>;

/** A clipboard that records what it got and when; `works: false` refuses like a browser can. */
function fakeClipboard(works = true) {
  const writes: { text: string; at: number }[] = [];
  return {
    writes,
    ports: {
      copy: async (text: string) => {
        writes.push({ text, at: Date.now() });
        return works;
      },
    },
  };
}

describe('the link at Stop (scripted MediaRecorder, real backend, fake-indexeddb)', () => {
  it('is copied and shown at Stop, before the upload completes; the service worker hears of it once, before "finished"', async () => {
    const { media, state } = scriptedMedia(randomChunks(PART_SIZE + 300_000), new Uint8Array(randomBytes(2000)));
    const clipboard = fakeClipboard();
    const t = await harness({ media, linkAtStop: clipboard.ports });
    expect(await t.start({ title: 'Link test' })).toEqual({ ok: true });
    const created = await until(async () => (await onlyRecord(t.spool)).shareUrl, 'server recording');
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    expect(clipboard.writes).toEqual([]); // nothing is copied while recording
    expect(await t.stop()).toEqual({ ok: true });
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    if (done.state !== 'done') throw new Error('unreachable');

    expect(done.shareUrl).toBe(created);
    expect(clipboard.writes.map((w) => w.text)).toEqual([created]);
    const record = await onlyRecord(t.spool);
    expect(clipboard.writes[0]!.at).toBeGreaterThanOrEqual(record.stoppedAt!);
    expect(clipboard.writes[0]!.at).toBeLessThan(record.completedAt!); // copied before the server completed it

    // The popup saw the link while finishing, before 'done'.
    const withLink = t.statuses.findIndex((s) => s.state === 'finishing' && s.shareUrl !== undefined);
    expect(withLink).toBeGreaterThanOrEqual(0);
    expect(t.statuses[withLink]).toMatchObject({ state: 'finishing', shareUrl: created, linkCopied: true });
    expect(withLink).toBeLessThan(t.statuses.findIndex((s) => s.state === 'done'));
    for (const s of t.statuses.slice(withLink)) if (s.state === 'finishing') expect((s as Finishing).shareUrl).toBe(created);

    expect(t.notifications).toEqual([
      { target: 'background', type: 'link-at-stop', data: { shareUrl: created, title: 'Link test', copied: true } },
      { target: 'background', type: 'recording-finished', data: { shareUrl: created, title: 'Link test' } },
    ]);
  });

  it('a clipboard that refuses: the link is still shown, marked not copied', async () => {
    const { media, state } = scriptedMedia(randomChunks(400_000), new Uint8Array(10));
    const clipboard = fakeClipboard(false);
    const t = await harness({ media, linkAtStop: clipboard.ports });
    expect(await t.start({ title: 'No clipboard' })).toEqual({ ok: true });
    const created = await until(async () => (await onlyRecord(t.spool)).shareUrl, 'server recording');
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    await t.stop();
    await until(() => (t.status().state === 'done' ? true : undefined), 'done');
    expect(t.statuses).toContainEqual(expect.objectContaining({ state: 'finishing', shareUrl: created, linkCopied: false }));
    expect(t.notifications[0]).toEqual({ target: 'background', type: 'link-at-stop', data: { shareUrl: created, title: 'No clipboard', copied: false } });
  });

  it('a server that was away until after Stop: the link is handed over once the recording exists, still before it completes', async () => {
    const port = await freePort();
    // Started now, reachable at `port` only from open(): after Stop, the recording's create has a
    // bounded number of retries (10, 50–400 ms apart here), and starting a server can take longer.
    const late = await serverBehindClosedPort(port);
    const { media, state } = scriptedMedia(randomChunks(PART_SIZE + 200_000), new Uint8Array(randomBytes(99)));
    const clipboard = fakeClipboard();
    const t = await harness({ media, linkAtStop: clipboard.ports });
    expect(await t.start({ title: 'Late' }, `http://127.0.0.1:${port}`)).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    expect(await t.stop()).toEqual({ ok: true });
    await until(() => (t.status().state === 'finishing' ? true : undefined), 'finishing');
    await new Promise((r) => setTimeout(r, 300));
    expect(clipboard.writes).toEqual([]); // no link yet: nothing to copy
    expect(t.status()).not.toHaveProperty('shareUrl');

    await late.open();
    const done = await until(() => {
      const s = t.status();
      if (s.state === 'failed') throw new Error(`failed instead of done: ${JSON.stringify(s.error)}`);
      return s.state === 'done' ? s : undefined;
    }, 'done', 30_000);
    if (done.state !== 'done') throw new Error('unreachable');
    expect(clipboard.writes.map((w) => w.text)).toEqual([done.shareUrl]);
    expect(clipboard.writes[0]!.at).toBeLessThan((await onlyRecord(t.spool)).completedAt!);
    expect(t.statuses).toContainEqual(expect.objectContaining({ state: 'finishing', shareUrl: done.shareUrl, linkCopied: true }));
    expect(t.notifications.map((n) => n.type)).toEqual(['link-at-stop', 'recording-finished']);
  });

  it('an upload that fails after the link was handed over says that link will not play', async () => {
    const { media, state } = scriptedMedia(randomChunks(6 * 1024 * 1024), new Uint8Array(10));
    const t = await harness({ media, linkAtStop: fakeClipboard().ports });
    expect(await t.start()).toEqual({ ok: true });
    await sweepServerRecording(t.spool);
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    await t.stop();
    const failed = await until(() => (t.status().state === 'failed' ? t.status() : undefined), 'failed');
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'upload_gone' } });
    if (failed.state !== 'failed') throw new Error('unreachable');
    expect(failed.error.hint).toContain('The link you already have will not play this recording.');
    const told = t.notifications.find((n) => n.type === 'recording-failed');
    expect(told?.data).toMatchObject({ message: failed.error.message, hint: failed.error.hint });
    // The local record keeps the plain error (the note is about this moment's link only).
    expect((await onlyRecord(t.spool)).error?.hint).not.toContain('link you already have');
  });
});

describe('failureWithLink', () => {
  const error = { code: 'server_unreachable' as const, message: 'The server did not answer.', hint: 'Your recording is safe.' };
  it('adds nothing when no link was handed over', () => {
    expect(failureWithLink(error, false)).toBe(error);
  });
  it('says the link plays later when the upload is retried, and never when it is not', () => {
    expect(failureWithLink(error, true).hint).toBe('Your recording is safe. The link you already have starts playing once Reelay finishes the upload.');
    expect(failureWithLink({ ...error, code: 'upload_gone', hint: '' }, true).hint).toBe('The link you already have will not play this recording.');
  });
});
