import { describe, expect, it } from 'vitest';
import { emptyUploadProgress } from '../../../src/shared/recorder-status';
import {
  badgeFor,
  INITIAL_MODEL,
  isStateChange,
  reduceRecorder,
  toStatus,
  type RecorderEvent,
  type RecorderModel,
} from '../../../src/core/recorder/status-model';

function run(events: RecorderEvent[], from: RecorderModel = INITIAL_MODEL): RecorderModel {
  return events.reduce(reduceRecorder, from);
}

const started: RecorderEvent = { type: 'started', at: 10_000, source: 'tab', microphone: true, title: 'Demo' };

describe('recorder status reducer', () => {
  it('walks preparing → countdown → recording → paused → recording → finishing → done', () => {
    let m = run([{ type: 'preparing' }]);
    expect(toStatus(m, 0)).toEqual({ state: 'preparing' });
    m = run([{ type: 'countdown', secondsLeft: 3 }], m);
    expect(toStatus(m, 0)).toEqual({ state: 'countdown', secondsLeft: 3 });
    m = run([started], m);
    expect(toStatus(m, 12_500)).toMatchObject({ state: 'recording', startedAt: 10_000, elapsedMs: 2500, source: 'tab', microphone: true, title: 'Demo' });
    m = run([{ type: 'paused', at: 13_000 }], m);
    expect(toStatus(m, 20_000)).toMatchObject({ state: 'paused', elapsedMs: 3000, pausedAt: 13_000 });
    m = run([{ type: 'resumed', at: 15_000 }], m);
    expect(toStatus(m, 16_000)).toMatchObject({ state: 'recording', elapsedMs: 4000 });
    m = run([{ type: 'finishing', at: 17_000 }], m);
    // frozen at Stop
    expect(toStatus(m, 99_000)).toMatchObject({ state: 'finishing', elapsedMs: 5000 });
    m = run([{ type: 'done', shareUrl: 'http://s/v/1', recordingId: '1' }], m);
    expect(toStatus(m, 0)).toEqual({ state: 'done', shareUrl: 'http://s/v/1', recordingId: '1' });
  });

  it('a maximum length comes with the first recording status, and stays while paused', () => {
    const m = run([{ type: 'preparing' }, { ...started, maxLengthMs: 60_000 }]);
    expect(toStatus(m, 11_000)).toMatchObject({ state: 'recording', maxLengthMs: 60_000 });
    expect(toStatus(run([{ type: 'paused', at: 12_000 }], m), 13_000)).toMatchObject({ state: 'paused', maxLengthMs: 60_000 });
    expect(toStatus(run([{ type: 'preparing' }, started]), 11_000)).not.toHaveProperty('maxLengthMs');
  });

  it('Stop while paused closes the pause at Stop', () => {
    const m = run([{ type: 'preparing' }, started, { type: 'paused', at: 11_000 }, { type: 'finishing', at: 30_000 }]);
    expect(toStatus(m, 40_000)).toMatchObject({ state: 'finishing', elapsedMs: 1000 });
  });

  it('ignores events that do not fit the phase', () => {
    const idle = INITIAL_MODEL;
    expect(reduceRecorder(idle, { type: 'paused', at: 1 })).toBe(idle);
    expect(reduceRecorder(idle, { type: 'finishing', at: 1 })).toBe(idle);
    expect(reduceRecorder(idle, { type: 'done', shareUrl: 'x', recordingId: 'y' })).toBe(idle);
    const done = run([{ type: 'preparing' }, started, { type: 'finishing', at: 11_000 }, { type: 'done', shareUrl: 'u', recordingId: 'r' }]);
    expect(reduceRecorder(done, { type: 'progress', upload: emptyUploadProgress() })).toBe(done);
    expect(reduceRecorder(done, { type: 'failed', error: { code: 'unknown', message: 'late', hint: '' } })).toBe(done);
    const recording = run([{ type: 'preparing' }, started]);
    expect(reduceRecorder(recording, { type: 'preparing' })).toBe(recording); // busy
    expect(reduceRecorder(recording, { type: 'resumed', at: 1 })).toBe(recording);
  });

  it('a new recording starts fresh after done / failed / cancelled', () => {
    const failed = run([{ type: 'preparing' }, { type: 'failed', error: { code: 'capture_failed', message: 'm', hint: 'h' } }]);
    expect(toStatus(failed, 0)).toEqual({ state: 'failed', error: { code: 'capture_failed', message: 'm', hint: 'h' } });
    const again = run([{ type: 'preparing' }], failed);
    expect(again.error).toBeUndefined();
    expect(toStatus(again, 0)).toEqual({ state: 'preparing' });
    const cancelled = run([{ type: 'preparing' }, { type: 'countdown', secondsLeft: 2 }, { type: 'cancelled' }]);
    expect(toStatus(cancelled, 0)).toEqual({ state: 'cancelled' });
  });

  it('progress updates the upload numbers while recording and finishing', () => {
    const upload = { ...emptyUploadProgress(), partsUploaded: 2, bytesRecorded: 99 };
    const m = run([{ type: 'preparing' }, started, { type: 'progress', upload }]);
    expect(toStatus(m, 10_000)).toMatchObject({ upload });
  });

  it('done carries a warning when the recording ended early', () => {
    const warning = { code: 'storage_failed' as const, message: 'disk full', hint: 'free space' };
    const m = run([{ type: 'preparing' }, started, { type: 'finishing', at: 11_000 }, { type: 'done', shareUrl: 'u', recordingId: 'r', warning }]);
    expect(toStatus(m, 0)).toEqual({ state: 'done', shareUrl: 'u', recordingId: 'r', warning });
  });

  it('hands the link over at Stop: finishing carries it with the copy result, until done or failed', () => {
    const finishing = run([{ type: 'preparing' }, started, { type: 'finishing', at: 12_000 }]);
    expect(toStatus(finishing, 13_000)).not.toHaveProperty('shareUrl');
    const copied = run([{ type: 'link', shareUrl: 'http://s/v/1', copied: true }], finishing);
    expect(toStatus(copied, 13_000)).toMatchObject({ state: 'finishing', elapsedMs: 2000, shareUrl: 'http://s/v/1', linkCopied: true });
    expect(isStateChange(finishing, copied)).toBe(true); // published at once, not throttled
    const notCopied = run([{ type: 'link', shareUrl: 'http://s/v/1', copied: false }], finishing);
    expect(toStatus(notCopied, 13_000)).toMatchObject({ shareUrl: 'http://s/v/1', linkCopied: false });
    // progress keeps the link
    const upload = { ...emptyUploadProgress(), partsUploaded: 3 };
    expect(toStatus(run([{ type: 'progress', upload }], copied), 0)).toMatchObject({ shareUrl: 'http://s/v/1', linkCopied: true, upload });
    // done: the usual result; failed: the error (the popup words it)
    expect(toStatus(run([{ type: 'done', shareUrl: 'http://s/v/1', recordingId: '1' }], copied), 0)).toEqual({
      state: 'done',
      shareUrl: 'http://s/v/1',
      recordingId: '1',
    });
    const error = { code: 'upload_failed' as const, message: 'm', hint: 'h' };
    expect(toStatus(run([{ type: 'failed', error }], copied), 0)).toEqual({ state: 'failed', error });
    // a new recording does not inherit the last link
    const next = run([{ type: 'done', shareUrl: 'u', recordingId: 'r' }, { type: 'preparing' }, started, { type: 'finishing', at: 20_000 }], copied);
    expect(toStatus(next, 21_000)).not.toHaveProperty('shareUrl');
    expect(next.linkCopied).toBeUndefined();
  });

  it('a link outside finishing is ignored', () => {
    const link: RecorderEvent = { type: 'link', shareUrl: 'u', copied: true };
    expect(reduceRecorder(INITIAL_MODEL, link)).toBe(INITIAL_MODEL);
    const recording = run([{ type: 'preparing' }, started]);
    expect(reduceRecorder(recording, link)).toBe(recording);
    const done = run([{ type: 'finishing', at: 11_000 }, { type: 'done', shareUrl: 'u', recordingId: 'r' }], recording);
    expect(reduceRecorder(done, link)).toBe(done);
  });
});

describe('badge', () => {
  it('shows countdown digits, the recorded time, and nothing otherwise', () => {
    expect(badgeFor({ state: 'countdown', secondsLeft: 2 }).text).toBe('2');
    const base = { startedAt: 0, source: 'tab' as const, microphone: false, upload: emptyUploadProgress() };
    expect(badgeFor({ state: 'recording', elapsedMs: 65_000, ...base })).toEqual({ text: '1:05', color: '#d93025' });
    expect(badgeFor({ state: 'paused', elapsedMs: 5_000, pausedAt: 1, ...base }).text).toBe('0:05');
    expect(badgeFor({ state: 'done', shareUrl: 'u', recordingId: 'r' })).toEqual({ text: '' });
    expect(badgeFor({ state: 'idle' })).toEqual({ text: '' });
    expect(badgeFor({ state: 'failed', error: { code: 'unknown', message: '', hint: '' } })).toEqual({ text: '' });
  });
});
