/**
 * The share page player's pure helpers (backend/web/watch/): clock text and parsing, the played
 * span under a trim, the watched time from `played` ranges, where to resume, the stats line, the
 * trim fields, the expiry date and the embed snippet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markerLabel } from '../web/watch/Controls';
import { expiryFromDate } from '../web/watch/PrivacyPanel';
import { clampToSpan, clock, parseClock, playedSpan, resumeAt, statsLine, watchedMs } from '../web/watch/time';
import { embedSnippet } from '../web/watch/Tools';
import { trimFromFields } from '../web/watch/TrimPanel';

describe('clock and parseClock', () => {
  it('write m:ss, h:mm:ss, never run ahead', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(5_999)).toBe('0:05');
    expect(clock(65_000)).toBe('1:05');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(clock(-5)).toBe('0:00');
    expect(clock(Number.NaN)).toBe('0:00');
  });

  it('read what people type', () => {
    expect(parseClock('0:05')).toBe(5000);
    expect(parseClock(' 1:30 ')).toBe(90_000);
    expect(parseClock('65')).toBe(65_000);
    expect(parseClock('1:02:03')).toBe(3_723_000);
    expect(parseClock('0:05.5')).toBe(5500);
    for (const bad of ['', 'soon', '1:60', '-1', '1::2', '1:2:3:4', '0:05,5']) expect(parseClock(bad), bad).toBeNull();
  });

  it('round-trip whole seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 3600 }), (s) => parseClock(clock(s * 1000)) === s * 1000));
  });
});

describe('the played span', () => {
  it('is the whole recording without a trim, the trim with one, never past the file', () => {
    expect(playedSpan(30_000, null)).toEqual({ startMs: 0, endMs: 30_000 });
    expect(playedSpan(30_000, { startMs: 5000, endMs: 12_000 })).toEqual({ startMs: 5000, endMs: 12_000 });
    expect(playedSpan(30_000, { startMs: 5000, endMs: 90_000 })).toEqual({ startMs: 5000, endMs: 30_000 });
    expect(playedSpan(0, { startMs: 5000, endMs: 9000 })).toEqual({ startMs: 5000, endMs: 9000 });
    expect(playedSpan(4000, { startMs: 5000, endMs: 9000 })).toEqual({ startMs: 3999, endMs: 4000 });
  });

  it('keeps positions inside it', () => {
    const span = { startMs: 5000, endMs: 12_000 };
    expect(clampToSpan(0, span)).toBe(5000);
    expect(clampToSpan(8000, span)).toBe(8000);
    expect(clampToSpan(20_000, span)).toBe(12_000);
  });
});

describe('watched time', () => {
  it('is the union of the played ranges, in ms', () => {
    expect(watchedMs([])).toBe(0);
    expect(watchedMs([[0, 4]])).toBe(4000);
    expect(watchedMs([[0, 4], [2, 6]])).toBe(6000); // overlapping: counted once
    expect(watchedMs([[10, 12], [0, 1.5]])).toBe(3500);
    expect(watchedMs([[3, 3]])).toBe(0);
  });

  it('never exceeds the span the ranges cover', () => {
    const range = fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 8 }), (ranges) => {
        const ms = watchedMs(ranges);
        const lo = Math.min(...ranges.flat(), 0);
        const hi = Math.max(...ranges.flat(), 0);
        return ms >= 0 && ms <= Math.round((hi - lo) * 1000) + 1;
      }),
    );
  });
});

describe('resume, stats line, labels', () => {
  it('resumes only away from the start and the end', () => {
    const span = { startMs: 0, endMs: 30_000 };
    expect(resumeAt(null, span)).toBeNull();
    expect(resumeAt(1000, span)).toBeNull();
    expect(resumeAt(12_000, span)).toBe(12_000);
    expect(resumeAt(27_000, span)).toBeNull();
    expect(resumeAt(Number.NaN, span)).toBeNull();
  });

  it('says the view figures in words', () => {
    expect(statsLine({ views: 12, viewers: 5, averageWatchedRatio: 0.638 })).toBe('12 views · 5 viewers · 64% watched on average');
    expect(statsLine({ views: 1, viewers: 1, averageWatchedRatio: 1.2 })).toBe('1 view · 1 viewer · 100% watched on average');
    expect(statsLine({ views: 0, viewers: 0, averageWatchedRatio: 0 })).toBe('0 views · 0 viewers · 0% watched on average');
  });

  it('names markers by author and time on the played span’s clock', () => {
    const c = { id: 'c', atMs: 7000, author: 'Ana', createdAt: '' };
    expect(markerLabel({ ...c, text: 'hi' }, 0)).toBe('Comment by Ana at 0:07');
    expect(markerLabel({ ...c, emoji: '👍' }, 5000)).toBe('Reaction 👍 by Ana at 0:02');
  });
});

describe('the owner’s fields', () => {
  it('trim: a start before an end, inside the recording', () => {
    expect(trimFromFields('0:05', '0:12', 30_000)).toEqual({ startMs: 5000, endMs: 12_000 });
    expect(trimFromFields('x', '0:12', 30_000)).toBe('Start: write a time like 0:05.');
    expect(trimFromFields('0:05', '', 30_000)).toBe('End: write a time like 1:30.');
    expect(trimFromFields('0:12', '0:05', 30_000)).toBe('The end must come after the start.');
    expect(trimFromFields('0:05', '0:40', 30_000)).toBe('The end must be at most 0:30, the recording’s length.');
  });

  it('expiry: the end of the chosen day, or none', () => {
    expect(expiryFromDate('')).toBeNull();
    const iso = expiryFromDate('2031-03-04')!;
    const d = new Date(iso);
    expect([d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2031, 3, 4, 23, 59]);
  });

  it('embed snippet: the embed URL and the title, escaped for an attribute', () => {
    expect(embedSnippet('https://r.example/embed/abc', 'Q&A "live" <demo>')).toBe(
      '<iframe src="https://r.example/embed/abc" width="640" height="360" frameborder="0" allow="fullscreen; picture-in-picture" allowfullscreen title="Q&amp;A &quot;live&quot; &lt;demo&gt;"></iframe>',
    );
  });
});
