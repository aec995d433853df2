import { describe, expect, it } from 'vitest';
import { emptyUploadProgress } from '../../src/shared/recorder-status';
import { describeUpload, formatBytes, formatElapsed, formatWhen, maxLengthNote } from '../../src/ui/format';

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [7_000, '0:07'],
    [59_999, '0:59'],
    [60_000, '1:00'],
    [754_000, '12:34'],
    [3_600_000, '1:00:00'],
    [3_723_000, '1:02:03'],
    [-5, '0:00'],
  ])('%d ms -> %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [900, '900 B'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [12 * 1024 * 1024 + 1, '12 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
  ])('%d -> %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('describeUpload', () => {
  const MiB = 1024 * 1024;
  const mb = (n: number) => Math.round(n * MiB);
  it('says what is left to upload, not counting the part still being filled while recording', () => {
    // 1.5 MB recorded, nothing uploaded: the first part is still filling, nothing waits.
    expect(describeUpload({ ...emptyUploadProgress(), bytesRecorded: mb(1.5), backlogBytes: mb(1.5) })).toEqual({ text: 'Up to date', warning: null });
    // 7.1 MiB recorded, part 1 (5 MiB) not acknowledged yet: 5 MiB to go; the 2.1 MiB tail is filling.
    const behind = { ...emptyUploadProgress(), bytesRecorded: mb(7.1), backlogBytes: mb(7.1), partsQueued: 2 };
    expect(describeUpload(behind).text).toBe('Uploading — 5.0 MB to go');
    // Part 1 uploaded: up to date again.
    expect(describeUpload({ ...behind, bytesUploaded: mb(5), backlogBytes: mb(2.1), partsUploaded: 1 }).text).toBe('Up to date');
  });

  it('after Stop, counts everything not uploaded yet', () => {
    const upload = { ...emptyUploadProgress(), bytesRecorded: mb(7.1), bytesUploaded: mb(5), backlogBytes: mb(2.1) };
    expect(describeUpload(upload, true).text).toBe('Uploading — 2.1 MB to go');
    expect(describeUpload({ ...upload, bytesUploaded: mb(7.1), backlogBytes: 0 }, true).text).toBe('Up to date');
  });

  it('warns about offline first, then a server that cannot be reached, then retries', () => {
    const retrying = { parts: 1, attempt: 2, lastError: 'HTTP 503' };
    const all = { ...emptyUploadProgress(), offline: true, waitingForServer: true, retrying };
    expect(describeUpload(all).warning).toContain("You're offline");
    expect(describeUpload({ ...all, offline: false }).warning).toMatch(/^Waiting for server… Reelay can't reach your server.*Recording continues/);
    expect(describeUpload({ ...all, offline: false }, true).warning).not.toContain('Recording continues');
    expect(describeUpload({ ...all, offline: false, waitingForServer: false }).warning).toBe('Retrying an upload (HTTP 503)…');
    expect(describeUpload(emptyUploadProgress()).warning).toBeNull();
  });
});

describe('formatWhen', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  it.each([
    [now - 10_000, 'just now'],
    [now - 5 * 60_000, '5 min ago'],
    [now - 3 * 3600_000, '3 h ago'],
    [now - 30 * 3600_000, 'yesterday'],
  ])('%d -> %s', (t, text) => expect(formatWhen(t, now)).toBe(text));
  it('falls back to a date that names the year', () => {
    expect(formatWhen(Date.UTC(2025, 5, 1), now)).toContain('2025');
  });
});

describe('maxLengthNote (the popup, during a recording)', () => {
  const HOUR = 3_600_000;
  it('says nothing without a limit, nor while the end is more than an hour away (a server’s 4 h cap)', () => {
    expect(maxLengthNote(undefined, 0)).toEqual({ kind: 'none' });
    expect(maxLengthNote(4 * HOUR, 0)).toEqual({ kind: 'none' });
    expect(maxLengthNote(4 * HOUR, 3 * HOUR - 1000)).toEqual({ kind: 'none' });
  });

  it('says where it stops within the last hour, and counts down the last 30 s', () => {
    expect(maxLengthNote(4 * HOUR, 3 * HOUR)).toEqual({ kind: 'where', maxLengthMs: 4 * HOUR });
    expect(maxLengthNote(60_000, 0)).toEqual({ kind: 'where', maxLengthMs: 60_000 }); // a 1-minute option: at once
    expect(maxLengthNote(60_000, 30_000)).toEqual({ kind: 'countdown', maxLengthMs: 60_000, secondsLeft: 30 });
    expect(maxLengthNote(60_000, 70_000)).toEqual({ kind: 'countdown', maxLengthMs: 60_000, secondsLeft: 0 });
  });
});
