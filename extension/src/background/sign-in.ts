/**
 * "Sign in" and "Sign out" for the popup and the options page. Signing in opens the server's
 * /extension/authorize in Chrome's sign-in window (chrome.identity.launchWebAuthFlow; the person
 * signs in there with email and password and presses Allow); the server sends a new personal API
 * token back in the redirect's fragment, which is checked (GET /api/session) and stored where a
 * pasted token is stored. Runs in the service worker: the popup closes when that window opens.
 */
import browser from 'webextension-polyfill';
import { ApiClient } from '../shared/api-client';
import { HttpError } from '../core/upload-errors';
import { checkConnection, ConnectionCheckError, normalizeServerUrl, type Connection } from '../shared/connection';
import type { SignInResult, SignOutResult } from '../shared/messages';
import { clearConnection, loadConnection, saveConnection } from '../shared/settings';
import { authorizeUrl, describeSignInFailure, parseSignInAnswer, SIGN_IN_REDIRECT_PATH } from '../shared/sign-in-redirect';

export async function signIn(serverUrlInput: string): Promise<SignInResult> {
  const url = normalizeServerUrl(serverUrlInput);
  if (!url.ok) return { ok: false, field: 'serverUrl', cancelled: false, message: url.message };
  const redirectUri = browser.identity.getRedirectURL(SIGN_IN_REDIRECT_PATH);
  let answer: string | undefined;
  try {
    answer = await browser.identity.launchWebAuthFlow({ url: authorizeUrl(url.url, redirectUri), interactive: true });
  } catch (error) {
    const message = describeSignInFailure(error, url.url);
    return { ok: false, field: message.startsWith('Could not open') ? 'serverUrl' : null, cancelled: message.startsWith('Sign-in cancelled'), message };
  }
  const parsed = parseSignInAnswer(answer, redirectUri);
  if (!parsed.ok) return { ok: false, field: null, cancelled: parsed.cancelled, message: parsed.message };
  let connection: Connection;
  try {
    const checked = await checkConnection(url.url, parsed.token);
    connection = { ...checked, ...(parsed.tokenId !== undefined ? { tokenId: parsed.tokenId } : {}) };
  } catch (error) {
    const message = error instanceof ConnectionCheckError ? error.message : String(error);
    return { ok: false, field: null, cancelled: false, message };
  }
  const previous = await loadConnection();
  await saveConnection(connection);
  // Signing in again replaces the token an earlier sign-in made: it is not needed any more.
  if (previous && previous.apiToken !== connection.apiToken) void revoke(previous).catch(() => false);
  return { ok: true, connection };
}

export async function signOut(): Promise<SignOutResult> {
  const connection = await loadConnection();
  await clearConnection(); // forgotten here first: signing out works offline too
  if (!connection) return { ok: true, revoked: true, message: 'Signed out.' };
  if (connection.tokenId === undefined) {
    return { ok: true, revoked: false, message: 'Signed out. The API token you pasted is forgotten here and still works elsewhere.' };
  }
  const revoked = await revoke(connection).catch(() => false);
  return revoked
    ? { ok: true, revoked, message: 'Signed out.' }
    : {
        ok: true,
        revoked,
        message: `Signed out here, but ${connection.serverUrl} could not be told: remove the “Chrome extension” token from your account page.`,
      };
}

/** Revokes a token Sign in made (with itself); true when the server no longer knows it. */
async function revoke(connection: Connection): Promise<boolean> {
  if (connection.tokenId === undefined) return false;
  const client = new ApiClient({ serverUrl: connection.serverUrl, timeoutMs: 10_000 });
  try {
    await client.revokeToken(connection.tokenId, connection.apiToken);
    return true;
  } catch (error) {
    // Already revoked (401 with itself, 404): nothing left to do.
    return error instanceof HttpError && (error.status === 401 || error.status === 404);
  }
}
