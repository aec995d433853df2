/** Pure formatting helpers for the share page and its download. */
import { clockTime } from '../../../api/clock-time';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content AND quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** 0:07, 12:34, 1:02:03 (api/clock-time.ts). */
export const formatDuration = (ms: number): string => clockTime(ms);

/** "22 Nov 2025" in UTC (the server does not know the viewer's time zone). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** 1.5 MB, 320 KB */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

/** Bidi controls (embeddings, overrides, isolates, marks): they can disguise a name's extension. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_FILENAME_CODE_POINTS = 120;

/**
 * The string without lone surrogates (half an emoji cannot be encoded: encodeURIComponent
 * throws, which answered /v/:id/download with 500).
 */
function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** A safe download file name: the title (or "recording") plus .webm / .mp4 / .mov (an uploaded QuickTime file). */
export function downloadFilename(title: string, mimeType: string): string {
  const ext = /^video\/mp4/i.test(mimeType) ? 'mp4' : /^video\/quicktime/i.test(mimeType) ? 'mov' : 'webm';
  const cleaned = wellFormed(title)
    .replace(BIDI_CONTROLS, '')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Cut at code points, never inside a surrogate pair.
  const base = Array.from(cleaned).slice(0, MAX_FILENAME_CODE_POINTS).join('').trim() || 'recording';
  return `${base}.${ext}`;
}

/** attachment; filename="..."; filename*=UTF-8''... (RFC 6266), for the download's presigned GET. */
export function contentDisposition(filename: string): string {
  const safe = wellFormed(filename).replace(BIDI_CONTROLS, '');
  const ascii = safe.replace(/[^\x20-\x7e]/gu, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The MIME type without parameters (og:video:type wants the bare type). */
export function baseMimeType(mimeType: string): string {
  return mimeType.split(';')[0]!.trim().toLowerCase();
}
