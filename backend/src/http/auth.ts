/** Bearer-token checks: a missing token is 401, a wrong one 403. */
import type { Context } from 'hono';
import { ApiError } from './errors';
import { constantTimeEqual } from '../recordings/tokens';

export function bearerToken(c: Context): string {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header) : null;
  if (!match) {
    throw new ApiError(401, 'unauthorized', 'Missing "Authorization: Bearer <token>" header', {
      'WWW-Authenticate': 'Bearer',
    });
  }
  return match[1]!;
}

export function requireApiToken(c: Context, apiToken: string): void {
  if (!constantTimeEqual(bearerToken(c), apiToken)) {
    throw new ApiError(403, 'forbidden', 'Wrong API token');
  }
}

export function requireUploadToken(c: Context, verify: (token: string) => boolean): void {
  if (!verify(bearerToken(c))) {
    throw new ApiError(403, 'forbidden', 'This upload token is not valid for this recording');
  }
}
