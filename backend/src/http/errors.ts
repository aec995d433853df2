/**
 * API errors: every failure leaves as `{ error: { code, message } }` JSON. Anything
 * unexpected becomes a generic 500/502 without internals; bad input is always a 4xx.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { API_ERROR_CODES, type ApiErrorBody, type ApiErrorCode } from '../../../api';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: ApiErrorCode, message: string) => new ApiError(400, code, message);
export const notFound = (message = 'No such recording') => new ApiError(404, 'not_found', message);

export function errorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (API_ERROR_CODES as readonly string[]).includes(code);
}

/** Errors from the S3 SDK carry `$metadata`; those are the store's fault, not the client's. */
function isStoreError(err: unknown): err is Error {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return (
    '$metadata' in err ||
    (err as Error).name === 'TimeoutError' ||
    (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(code))
  );
}

/** Maps any thrown value to a response. `log` receives the unexpected ones. */
export function toErrorResponse(err: unknown, c: Context, log: (line: string) => void): Response {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(errorBody(err.code, err.message), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status < 500 ? 'bad_request' : 'server_error';
    return c.json(errorBody(code, err.message || 'Bad request'), status);
  }
  if (isStoreError(err)) {
    log(`storage error on ${c.req.method} ${c.req.path}: ${err.name}: ${err.message}`);
    return c.json(errorBody('storage_error', 'The storage backend failed; try again later'), 502);
  }
  const e = err as Error | undefined;
  log(`unexpected error on ${c.req.method} ${c.req.path}: ${e?.stack ?? String(err)}`);
  return c.json(errorBody('internal_error', 'Internal error'), 500);
}
