/**
 * Settings kept in browser.storage.local: the server connection (checked by connection.ts before it
 * is saved) and the capture options the popup last used. The offscreen document has no storage
 * API: the service worker reads the connection here and passes it along in its messages.
 */
import browser from 'webextension-polyfill';
import { parseCaptureOptions, type CaptureOptions } from './capture-options';
import { isConnection, type Connection } from './connection';

const CONNECTION_KEY = 'connection';
const PREFERENCES_KEY = 'preferences';

export async function loadConnection(): Promise<Connection | null> {
  const stored = await browser.storage.local.get(CONNECTION_KEY);
  const value: unknown = stored[CONNECTION_KEY];
  return isConnection(value) ? value : null;
}

export async function saveConnection(connection: Connection): Promise<void> {
  await browser.storage.local.set({ [CONNECTION_KEY]: connection });
}

export async function clearConnection(): Promise<void> {
  await browser.storage.local.remove(CONNECTION_KEY);
}

/** The capture options saved as preferences (defaults for what is missing or malformed). */
export async function loadPreferences(): Promise<CaptureOptions> {
  const stored = await browser.storage.local.get(PREFERENCES_KEY);
  return parseCaptureOptions(stored[PREFERENCES_KEY]);
}

export async function savePreferences(preferences: CaptureOptions): Promise<void> {
  await browser.storage.local.set({ [PREFERENCES_KEY]: preferences });
}

/** Calls `listener` whenever the stored connection changes (another page saved or cleared it). */
export function onConnectionChanged(listener: (connection: Connection | null) => void): () => void {
  return onStoredChange(CONNECTION_KEY, (value) => listener(isConnection(value) ? value : null));
}

/** Calls `listener` whenever the saved preferences change (the permissions page turns the microphone on). */
export function onPreferencesChanged(listener: (preferences: CaptureOptions) => void): () => void {
  return onStoredChange(PREFERENCES_KEY, (value) => listener(parseCaptureOptions(value)));
}

function onStoredChange(key: string, listener: (value: unknown) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && key in changes) listener(changes[key]?.newValue);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

/**
 * The display's devicePixelRatio, as the popup last saw it (session storage: gone with the browser).
 * A recording started by a keyboard shortcut has no popup to ask, and the service worker has no
 * window: without it a tab on a high-density display would be captured at its CSS size.
 */
const DEVICE_PIXEL_RATIO_KEY = 'devicePixelRatio';

export async function rememberDevicePixelRatio(ratio: number): Promise<void> {
  if (Number.isFinite(ratio) && ratio > 0) await browser.storage.session.set({ [DEVICE_PIXEL_RATIO_KEY]: ratio });
}

export async function loadDevicePixelRatio(): Promise<number | undefined> {
  const value: unknown = (await browser.storage.session.get(DEVICE_PIXEL_RATIO_KEY))[DEVICE_PIXEL_RATIO_KEY];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Changes some preferences and keeps the rest as stored now (the options page and the popup both
 * write them). `undefined` in the patch removes an optional key (e.g. no maximum length).
 */
export async function updatePreferences(patch: Partial<CaptureOptions>): Promise<CaptureOptions> {
  const next: Record<string, unknown> = { ...(await loadPreferences()) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  const parsed = parseCaptureOptions(next);
  await savePreferences(parsed);
  return parsed;
}
