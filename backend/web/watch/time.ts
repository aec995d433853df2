/**
 * The player's pure arithmetic (no DOM): clock text, parsing what the owner types ("1:05"), the
 * played span under a trim, and how much of the recording a viewer has played. Unit-tested in
 * backend/test/share-page-player.test.ts.
 */
import type { Trim } from '../../../api/sharing';

/** 0:05, 12:34, 1:02:03 (whole seconds, rounded down so the clock never runs ahead). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "1:05", "65", "1:02:03", "0:05.5" → milliseconds; anything else → null. */
export function parseClock(text: string): number | null {
  const t = text.trim();
  if (!/^\d+(:\d{1,2}){0,2}(\.\d{1,3})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  const parts = whole!.split(':').map(Number);
  if (parts.slice(1).some((p) => p >= 60)) return null;
  const seconds = parts.reduce((acc, p) => acc * 60 + p, 0);
  return seconds * 1000 + (frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
}

/** The span the player plays, in ms of the original file: the trim, else the whole recording. */
export interface Span {
  startMs: number;
  endMs: number;
}

export function playedSpan(durationMs: number, trim: Trim | null): Span {
  const full = Math.max(0, durationMs);
  if (!trim) return { startMs: 0, endMs: full };
  // A trim longer than the file (a wrong duration, an odd file) plays to the file's end.
  const endMs = full > 0 ? Math.min(trim.endMs, full) : trim.endMs;
  const startMs = Math.min(trim.startMs, Math.max(0, endMs - 1));
  return { startMs, endMs };
}

/** A position (ms of the original file) kept inside the span. */
export function clampToSpan(ms: number, span: Span): number {
  return Math.min(Math.max(ms, span.startMs), span.endMs);
}

/** Milliseconds played, from the video's `played` ranges (seconds), counted once however often replayed. */
export function watchedMs(ranges: ReadonlyArray<readonly [number, number]>): number {
  const sorted = ranges.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [a, b] of sorted) {
    const from = Math.max(a, reach);
    if (b > from) total += b - from;
    reach = Math.max(reach, b);
  }
  return Math.round(total * 1000);
}

/** Where to resume a viewer who left at `savedMs`: nowhere near the start or the end. */
export function resumeAt(savedMs: number | null, span: Span): number | null {
  if (savedMs === null || !Number.isFinite(savedMs)) return null;
  if (savedMs < span.startMs + 3000) return null;
  if (savedMs > span.endMs - 5000) return null;
  return savedMs;
}

/** "12 views · 5 viewers · 64% watched on average" */
export function statsLine(s: { views: number; viewers: number; averageWatchedRatio: number }): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const pct = Math.round(Math.min(1, Math.max(0, s.averageWatchedRatio)) * 100);
  return `${n(s.views, 'view')} · ${n(s.viewers, 'viewer')} · ${pct}% watched on average`;
}
