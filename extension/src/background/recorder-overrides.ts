/**
 * Optional recorder tuning kept in chrome.storage.local under "recorderOverrides", e.g.
 * `{ videoBitsPerSecond: 8000000 }`. There is no UI for it: it is for advanced users (set it
 * from the service worker console) and for the end-to-end tests, which raise the bitrate so
 * 5 MiB parts fill within seconds. The offscreen recorder clamps the value to a sane range.
 */
export interface RecorderOverrides {
  videoBitsPerSecond?: number;
}

export const RECORDER_OVERRIDES_KEY = 'recorderOverrides';

/** Keeps only well-typed, positive, finite values; anything else is dropped. */
export function parseRecorderOverrides(value: unknown): RecorderOverrides {
  if (typeof value !== 'object' || value === null) return {};
  const bitrate = (value as Record<string, unknown>).videoBitsPerSecond;
  return typeof bitrate === 'number' && Number.isFinite(bitrate) && bitrate > 0 ? { videoBitsPerSecond: bitrate } : {};
}

export async function loadRecorderOverrides(): Promise<RecorderOverrides> {
  const stored = await chrome.storage.local.get(RECORDER_OVERRIDES_KEY);
  return parseRecorderOverrides(stored[RECORDER_OVERRIDES_KEY]);
}
