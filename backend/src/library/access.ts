/**
 * Who may rename or delete a recording (PATCH and DELETE /api/recordings/:id): its owner or an
 * admin, by personal token or session; anyone else signed in gets 403. The recording's upload
 * token is still accepted, as before accounts, because the extension's Recent list manages its
 * recordings with it until it signs in (issue 13, the extension's part).
 */
import type { MiddlewareHandler } from 'hono';
import { authenticate, optionalBearer, recordingId, type UserAuthOptions } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import type { UploadTokens } from '../recordings/tokens';
import type { Catalog } from './catalog';

export function requireOwnerOrAdmin(opts: UserAuthOptions & { catalog: Catalog; uploadTokens: UploadTokens }): MiddlewareHandler {
  return async (c, next) => {
    const id = recordingId(c);
    const bearer = optionalBearer(c);
    if (bearer !== undefined && opts.uploadTokens.verify(id, bearer)) return next();
    const user = await authenticate(c, opts);
    c.set('user', user);
    const owner = await opts.catalog.ownerOf(id);
    if (user.role === 'admin') return next();
    if (owner === undefined) throw notFound();
    if (owner !== user.id) throw new ApiError(403, 'forbidden', 'Only its owner or an admin may change this recording');
    return next();
  };
}
