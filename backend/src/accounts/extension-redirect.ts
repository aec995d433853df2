/**
 * Where /extension/authorize may send a new personal token: only back to an extension the server
 * trusts (EXTENSION_ORIGINS), through the address chrome.identity.launchWebAuthFlow listens on,
 * `https://<extension id>.chromiumapp.org/<path>`. Chrome gives that host to the extension with
 * that id alone, so the token cannot reach anyone else. Pure: tested in Node.
 */
import { originMatcher } from '../http/cors';

/** A Chrome extension id: 32 letters a–p. */
const CHROMIUMAPP_HOST = /^([a-p]{32})\.chromiumapp\.org$/;

export type ExtensionRedirect =
  | { ok: true; url: URL; extensionId: string }
  | { ok: false; reason: string };

export function checkExtensionRedirect(input: string | undefined, extensionOrigins: string[]): ExtensionRedirect {
  if (!input) return { ok: false, reason: 'The sign-in request names no extension to return to (redirect_uri is missing).' };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'The address to return to (redirect_uri) is not a valid URL.' };
  }
  const host = CHROMIUMAPP_HOST.exec(url.hostname);
  if (url.protocol !== 'https:' || !host || url.port !== '' || url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'Reelay only returns a sign-in to a Chrome extension (https://<id>.chromiumapp.org/).' };
  }
  if (url.hash !== '') return { ok: false, reason: 'The address to return to (redirect_uri) may not carry a #fragment.' };
  const extensionId = host[1]!;
  if (!originMatcher(extensionOrigins)(`chrome-extension://${extensionId}`)) {
    return { ok: false, reason: 'This server does not accept that extension (see EXTENSION_ORIGINS).' };
  }
  return { ok: true, url, extensionId };
}

/** `redirect` with the answer in its fragment (never the query: a fragment is not sent to any server or logged). */
export function redirectWithFragment(redirect: URL, fields: Record<string, string>): string {
  const url = new URL(redirect.href);
  url.hash = new URLSearchParams(fields).toString();
  return url.href;
}

/** "Chrome extension (2026-12-05)": how the token appears in the person's token list. */
export function extensionTokenName(now: Date): string {
  return `Chrome extension (${now.toISOString().slice(0, 10)})`;
}
