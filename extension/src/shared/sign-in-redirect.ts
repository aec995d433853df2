/**
 * The extension's "Sign in": the server page chrome.identity.launchWebAuthFlow opens
 * (<server>/extension/authorize?redirect_uri=https://<id>.chromiumapp.org/reelay), and reading the
 * answer the server puts in the redirect's fragment (#token=…&id=… or #error=…). The fragment, not
 * the query: it never reaches a server or a log. No browser API: tested in Node.
 */

/** The path under https://<id>.chromiumapp.org/ the flow returns to (chrome.identity.getRedirectURL). */
export const SIGN_IN_REDIRECT_PATH = 'reelay';

export function authorizeUrl(serverUrl: string, redirectUri: string): string {
  const url = new URL(`${serverUrl.replace(/\/+$/, '')}/extension/authorize`);
  url.searchParams.set('redirect_uri', redirectUri);
  return url.href;
}

export type SignInAnswer =
  | { ok: true; token: string; tokenId: string | undefined }
  | { ok: false; cancelled: boolean; message: string };

/** What launchWebAuthFlow resolved with, for the redirect URI we sent (anything else is refused). */
export function parseSignInAnswer(answer: string | undefined, redirectUri: string): SignInAnswer {
  let url: URL;
  try {
    url = new URL(answer ?? '');
  } catch {
    return { ok: false, cancelled: false, message: 'The server did not send the sign-in back. Try again.' };
  }
  const expected = new URL(redirectUri);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
    return { ok: false, cancelled: false, message: 'The sign-in came back to the wrong address. Try again.' };
  }
  const fields = new URLSearchParams(url.hash.replace(/^#/, ''));
  const error = fields.get('error');
  if (error === 'access_denied') return { ok: false, cancelled: true, message: 'Sign-in cancelled: the extension was not connected.' };
  if (error) return { ok: false, cancelled: false, message: `The server refused the sign-in (${error}). Try again.` };
  const token = fields.get('token');
  if (!token || !/^[\x21-\x7e]+$/.test(token)) {
    return { ok: false, cancelled: false, message: 'The server sent no API token back. Check the server address and try again.' };
  }
  return { ok: true, token, tokenId: fields.get('id') ?? undefined };
}

/**
 * launchWebAuthFlow rejects when the person closes the window or the page cannot be loaded; its
 * messages are Chrome's ("The user did not approve access."). In words the person can act on.
 */
export function describeSignInFailure(error: unknown, serverUrl: string): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/did not approve|closed|cancel/i.test(text)) return 'Sign-in cancelled: the extension was not connected.';
  if (/could not be loaded/i.test(text)) {
    return `Could not open the sign-in page of ${serverUrl}. Check the address and that the Reelay server is running.`;
  }
  return `Sign-in failed: ${text}`;
}
