/** Pure logic: ids, tokens, origin patterns, part checks, formatting, share page HTML. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../api';
import { originMatcher } from '../src/http/cors';
import { isRecordingId, newRecordingId } from '../src/recordings/ids';
import { idFromVideoKey, videoKey } from '../src/recordings/keys';
import { checkParts } from '../src/recordings/part-check';
import { UploadTokens, constantTimeEqual } from '../src/recordings/tokens';
import { contentDisposition, downloadFilename, escapeHtml, formatDate, formatDuration, formatSize } from '../src/share/format';
import { notFoundPage } from '../src/share/notice-pages';
import { pendingPage, recordingPage } from '../src/share/page';
import { SCRIPT } from '../src/share/script';

describe('ids', () => {
  it('are 128-bit base64url, unique, and recognised', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRecordingId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url').length).toBe(16);
      expect(isRecordingId(id)).toBe(true);
      expect(idFromVideoKey(videoKey(id))).toBe(id);
    }
  });

  it('reject anything that could be a path trick', () => {
    for (const bad of ['', '..', '../../etc/passwd', 'a/b', 'AAAAAAAAAAAAAAAAAAAA..', 'AAAAAAAAAAAAAAAAAAAAA%', 'A'.repeat(23), 'AAAAAAAAAAAAAAAAAAAAA\n']) {
      expect(isRecordingId(bad), bad).toBe(false);
    }
  });
});

describe('upload tokens', () => {
  it('verify only for their own recording and only with the same secret', () => {
    const tokens = new UploadTokens('api-token-aaaaaaaaaaaa');
    const a = newRecordingId();
    const b = newRecordingId();
    const tokenA = tokens.issue(a);
    expect(tokenA).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify(a, tokenA)).toBe(true);
    expect(tokens.verify(b, tokenA)).toBe(false);
    expect(tokens.verify(a, tokenA.slice(0, -1))).toBe(false);
    expect(tokens.verify(a, '')).toBe(false);
    expect(new UploadTokens('another-api-token-bbbb').verify(a, tokenA)).toBe(false);
    // UPLOAD_TOKEN_SECRET replaces the API token as the root secret.
    const withSecret = new UploadTokens('api-token-aaaaaaaaaaaa', 'separate-secret-cccccc');
    expect(withSecret.verify(a, tokenA)).toBe(false);
    expect(new UploadTokens('rotated-api-token-dddd', 'separate-secret-cccccc').verify(a, withSecret.issue(a))).toBe(true);
  });

  it('constantTimeEqual compares any strings', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (x, y) => constantTimeEqual(x, y) === (x === y)));
  });
});

describe('originMatcher', () => {
  it('matches wildcard and exact patterns, nothing else', () => {
    const m = originMatcher(['chrome-extension://*', 'https://*.example.com', 'http://localhost:8787']);
    expect(m('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toBe(true);
    expect(m('https://app.example.com')).toBe(true);
    expect(m('http://localhost:8787')).toBe(true);
    expect(m('https://example.com.evil.net')).toBe(false);
    expect(m('https://evil.net/.example.com')).toBe(false);
    expect(m('http://localhost:8788')).toBe(false);
    expect(m('moz-extension://abc')).toBe(false);
    expect(m('null')).toBe(false);
    const exact = originMatcher(['chrome-extension://abc']);
    expect(exact('chrome-extension://abcd')).toBe(false);
    expect(exact('chrome-extension://abc')).toBe(true);
  });
});

describe('checkParts', () => {
  const up = (partNumber: number, size: number, etag = `"e${partNumber}"`) => ({ partNumber, size, etag, lastModified: undefined });

  it('returns the total size when every part is uploaded with its ETag', () => {
    const uploaded = [up(1, PART_SIZE), up(2, PART_SIZE), up(3, 7)];
    expect(checkParts([{ partNumber: 1, etag: '"e1"' }, { partNumber: 2, etag: 'e2' }, { partNumber: 3, etag: '"E3"' }], uploaded)).toBe(2 * PART_SIZE + 7);
  });

  it('names the missing part, the mismatched ETag, and short middle parts', () => {
    const uploaded = [up(1, PART_SIZE), up(2, 100), up(3, 7)];
    expect(() => checkParts([{ partNumber: 4, etag: '"e4"' }], uploaded)).toThrow(/Part 4 was not uploaded/);
    expect(() => checkParts([{ partNumber: 1, etag: '"zz"' }], uploaded)).toThrow(/ETag of part 1/);
    expect(() => checkParts([{ partNumber: 2, etag: '"e2"' }, { partNumber: 3, etag: '"e3"' }], uploaded)).toThrow(/Part 2 is 100 bytes/);
    const big = [up(1, PART_SIZE + 1), up(2, 5)];
    expect(() => checkParts([{ partNumber: 1, etag: '"e1"' }, { partNumber: 2, etag: '"e2"' }], big)).toThrow(/exactly 5242880/);
  });
});

describe('formatting', () => {
  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    fc.assert(fc.property(fc.string(), (s) => !/[<>"']/.test(escapeHtml(s))));
  });

  it('formats durations, dates and sizes', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDate('2025-11-22T23:59:00.000Z')).toBe('22 Nov 2025');
    expect(formatDate('garbage')).toBe('');
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(1_500)).toBe('1.5 KB');
    expect(formatSize(12_345_678)).toBe('12 MB');
  });

  it('makes safe download names and RFC 6266 dispositions', () => {
    expect(downloadFilename('Demo: a/b "c"', 'video/webm;codecs=vp9')).toBe('Demo a b c.webm');
    expect(downloadFilename('', 'video/mp4')).toBe('recording.mp4');
    expect(contentDisposition('Größe "x".webm')).toBe(
      `attachment; filename="Gr__e _x_.webm"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%22x%22.webm`,
    );
  });
});

describe('share page HTML', () => {
  const urls = { page: 'https://r.example/v/ID', video: 'https://r.example/v/ID/video', download: 'https://r.example/v/ID/download' };

  it('escapes user text in the body and in attributes', () => {
    const html = recordingPage(
      { title: '"><img src=x onerror=alert(1)>', createdAt: '2025-01-02T03:04:05Z', durationMs: 65_000, size: 2_000_000, mimeType: 'video/webm;codecs="vp9"', width: 1920, height: 1080 },
      urls,
      { id: 'ID', trim: null, downloads: true, viewer: { signedIn: false, canManage: false }, embed: false },
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('content="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).toContain('<meta property="og:video:type" content="video/webm">');
    expect(html).toContain('<meta property="og:video:width" content="1920">');
    expect(html).toContain('1:05');
    expect(html).toContain('2 Jan 2025');
    // The only inline script is the static one allowed by hash in the CSP (the title never reaches it);
    // the player's JSON island is data (never run) and its bundle, if built, comes from /assets.
    const scripts = html.match(/<script[^>]*>/gi) ?? [];
    expect(scripts.filter((s) => s !== '<script type="application/json" id="watch-data">' && !/^<script type="module" src="\/assets\/watch-[A-Z0-9]+\.js">$/.test(s))).toEqual(['<script>']);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
  });

  it('has distinct pending and not-found pages', () => {
    expect(pendingPage()).toContain('Still uploading');
    expect(pendingPage()).toContain('http-equiv="refresh"');
    expect(notFoundPage()).toContain('Recording not found');
  });
});
