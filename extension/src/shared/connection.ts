/**
 * The server connection: what the user typed turned into a base URL, and the check against
 * GET /api/session that must pass before it is stored (settings.ts stores it). No browser API:
 * tested in Node.
 */
import { ApiClient } from './api-client';
import { HttpError, NetworkError } from '../core/upload-errors';
import { insecureServerUrlProblem } from '../core/url-safety';

export interface Connection {
  /** Normalised base URL, no trailing slash, e.g. http://localhost:8787 */
  serverUrl: string;
  apiToken: string;
  /** From GET /api/session at the time of the check. */
  partSize: number;
  /** Epoch ms of the successful check. */
  checkedAt: number;
  /** Who the token belongs to (GET /api/session at the check), shown as "Signed in as …". */
  user?: ConnectionUser;
  /**
   * Set when "Sign in" made the token (its id on the server): "Sign out" revokes it there. A
   * pasted token has none and is only forgotten (it may be one the person uses elsewhere).
   */
  tokenId?: string;
}

export interface ConnectionUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
}

/** "Mia (mia@example.com)", or the email alone when the name is empty or the same. */
export function describeUser(user: ConnectionUser): string {
  const name = user.name.trim();
  return name && name !== user.email ? `${name} (${user.email})` : user.email;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Turns what the user typed into a base URL: adds a scheme when missing (http for
 * localhost / IP addresses, https otherwise), drops query, hash and trailing slashes.
 * A path prefix is kept (a server behind a reverse proxy at /reelay). Plain http:// is refused
 * for any host but this machine (core/url-safety.ts).
 */
export function normalizeServerUrl(input: string): UrlCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the address of your Reelay server, e.g. http://localhost:8787.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `${looksLocal(trimmed) ? 'http' : 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `"${trimmed}" is not a valid address. Example: http://localhost:8787.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'The server address must start with http:// or https://.' };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Leave user name and password out of the address; use the API token field.' };
  }
  const insecure = insecureServerUrlProblem(url);
  if (insecure) return { ok: false, message: insecure };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

function looksLocal(hostAndRest: string): boolean {
  const host = hostAndRest.split(/[/:?#]/)[0] ?? '';
  return host === 'localhost' || host.endsWith('.localhost') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || hostAndRest.startsWith('[');
}

/** A failed connection check, with a sentence the user can act on. */
export class ConnectionCheckError extends Error {
  override readonly name = 'ConnectionCheckError';
  constructor(
    readonly field: 'serverUrl' | 'apiToken' | null,
    message: string,
  ) {
    super(message);
  }
}

/** Explains a failed GET /api/session in words (no jargon, says what to do next). */
export function describeConnectionError(err: unknown, serverUrl: string): ConnectionCheckError {
  if (err instanceof ConnectionCheckError) return err;
  if (err instanceof NetworkError) {
    return new ConnectionCheckError(
      'serverUrl',
      err.timedOut
        ? `The server at ${serverUrl} did not answer in time. Check that it is running and try again.`
        : `Can't reach a server at ${serverUrl}. Check the address and that the Reelay server is running.`,
    );
  }
  if (err instanceof HttpError) {
    if (err.status === 401 || err.status === 403) {
      return new ConnectionCheckError(
        'apiToken',
        'The server rejected this API token. Use the token the Reelay server printed when it started.',
      );
    }
    if (err.code === 'not_reelay' || err.status === 404 || err.status === 405) {
      return new ConnectionCheckError(
        'serverUrl',
        `${serverUrl} answered, but it is not a Reelay server. Check the address (use the Reelay server, not the storage bucket).`,
      );
    }
    return new ConnectionCheckError(null, `The server refused the connection: ${err.message} (HTTP ${err.status}).`);
  }
  return new ConnectionCheckError(null, `Connection check failed: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Validates the form input and asks the server (GET /api/session) whether the
 * token works. Resolves with the connection to store; rejects with ConnectionCheckError.
 */
export async function checkConnection(
  serverUrlInput: string,
  apiTokenInput: string,
  options: { fetch?: typeof fetch; timeoutMs?: number; now?: () => number } = {},
): Promise<Connection> {
  const url = normalizeServerUrl(serverUrlInput);
  if (!url.ok) throw new ConnectionCheckError('serverUrl', url.message);
  const apiToken = apiTokenInput.trim();
  if (apiToken === '') {
    throw new ConnectionCheckError('apiToken', 'Enter the API token the Reelay server printed when it started.');
  }
  const client = new ApiClient({ serverUrl: url.url, timeoutMs: options.timeoutMs ?? 10_000, ...(options.fetch ? { fetch: options.fetch } : {}) });
  try {
    const session = await client.getSession(apiToken);
    return {
      serverUrl: url.url,
      apiToken,
      partSize: session.partSize,
      checkedAt: (options.now ?? Date.now)(),
      ...(session.user ? { user: session.user } : {}),
    };
  } catch (err) {
    throw describeConnectionError(err, url.url);
  }
}

export function isConnection(v: unknown): v is Connection {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.serverUrl === 'string' && typeof c.apiToken === 'string' && typeof c.partSize === 'number';
}
