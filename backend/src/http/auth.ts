/**
 * Authentication as Hono middleware, named in the route definitions: `requireApiToken` (the
 * extension's API token) and `requireUploadToken` (one recording's upload token; it also
 * validates the route's :id first, so a malformed id is a 404 before any token check and never
 * reaches S3). A missing token is 401, a wrong one 403.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { isRecordingId } from '../recordings/ids';
import { constantTimeEqual } from '../recordings/tokens';
import { ApiError, notFound } from './errors';

function bearerToken(c: Context): string {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header) : null;
  if (!match) {
    throw new ApiError(401, 'unauthorized', 'Missing "Authorization: Bearer <token>" header', {
      'WWW-Authenticate': 'Bearer',
    });
  }
  return match[1]!;
}

/** The :id of the route, validated before anything else (so it never reaches S3 malformed). */
export function recordingId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!isRecordingId(id)) throw notFound();
  return id;
}

/** Lets the request through only with `Authorization: Bearer <API_TOKEN>`. */
export function requireApiToken(apiToken: string): MiddlewareHandler {
  return async (c, next) => {
    if (!constantTimeEqual(bearerToken(c), apiToken)) throw new ApiError(403, 'forbidden', 'Wrong API token');
    await next();
  };
}

/** Lets the request through only with the upload token of the recording named by :id. */
export function requireUploadToken(verify: (id: string, token: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const id = recordingId(c);
    if (!verify(id, bearerToken(c))) {
      throw new ApiError(403, 'forbidden', 'This upload token is not valid for this recording');
    }
    await next();
  };
}
