/**
 * The pages' calls to this server's JSON API: same origin, the session cookie, JSON in and out.
 * A failed call throws an ApiFailure with the server's `{error: {code, message}}` (or a network
 * failure with status 0); `plainWords` turns it into a sentence that says what to do.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function apiCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'network', 'The server could not be reached');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiFailure(res.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${res.status}`);
  }
  return json as T;
}

/** What went wrong and what to do, for people. */
export function plainWords(err: unknown): string {
  if (!(err instanceof ApiFailure)) return 'Something went wrong in this page. Reload it and try again.';
  if (err.status === 0) return 'The server could not be reached. Check your connection, then try again.';
  if (err.status === 401) return 'You are signed out. Reload the page to sign in again.';
  if (err.status === 403) return 'You are not allowed to do this. Only the owner of a recording or an admin can change it.';
  if (err.status === 404) return 'It is no longer there: someone may have deleted it. Reload the page.';
  if (err.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  if (err.status >= 500) return 'The server had a problem. Try again in a moment.';
  return `${err.message}.`.replace(/\.\.$/, '.');
}
