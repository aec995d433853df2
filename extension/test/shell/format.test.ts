import { describe, expect, it } from 'vitest';
import { emptyUploadProgress } from '../../src/shared/recorder-status';
import { describeUpload, formatBytes, formatElapsed, formatWhen } from '../../src/ui/format';

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
  it('counts parts and the backlog', () => {
    const s = describeUpload({ ...emptyUploadProgress(), partsUploaded: 3, bytesUploaded: 15 * 1024 * 1024, backlogBytes: 1024 });
    expect(s).toEqual({ uploaded: '3 parts uploaded (15 MB)', backlog: '1.0 KB waiting to upload', warning: null });
    expect(describeUpload({ ...emptyUploadProgress(), partsUploaded: 1 }).uploaded).toBe('1 part uploaded (0 B)');
    expect(describeUpload(emptyUploadProgress()).backlog).toBe('All uploaded so far');
  });

  it('warns about offline first, then an unresponsive server, then retries', () => {
    const retrying = { parts: 1, attempt: 2, lastError: 'HTTP 503' };
    const all = { ...emptyUploadProgress(), offline: true, waitingForServer: true, retrying };
    expect(describeUpload(all).warning).toContain("You're offline");
    expect(describeUpload({ ...all, offline: false }).warning).toContain('server is not answering');
    expect(describeUpload({ ...all, offline: false, waitingForServer: false }).warning).toBe('Retrying an upload (HTTP 503)…');
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
