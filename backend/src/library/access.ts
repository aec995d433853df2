/**
 * Who may manage a recording (rename, delete, its comments, its figures): its owner or an admin,
 * by personal token or session; anyone else signed in gets 403. For rename and delete the
 * recording's upload token is accepted too, but only while its upload is unfinished (the recorder
 * renames or cancels what it is still uploading); once complete, only a person can change it
 * (issue 13).
 */
import type { MiddlewareHandler } from 'hono';
import { authenticate, optionalBearer, recordingId, type UserAuthOptions } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import type { UploadTokens } from '../recordings/tokens';
import type { Catalog } from './catalog';

export interface OwnerOrAdminOptions extends UserAuthOptions {
  catalog: Catalog;
}

export interface OwnerOrAdminOrUploaderOptions extends OwnerOrAdminOptions {
  uploadTokens: UploadTokens;
  /** Whether the recording is still uploading (its upload token may drive it), finished, or unknown. */
  uploadState(id: string): Promise<'pending' | 'finished' | 'missing'>;
}

/** The recording's owner or an admin (a person). */
export function requireOwnerOrAdmin(opts: OwnerOrAdminOptions): MiddlewareHandler {
  return async (c, next) => {
    const id = recordingId(c);
    const user = await authenticate(c, opts);
    c.set('user', user);
    const owner = await opts.catalog.ownerOf(id);
    if (user.role === 'admin') return next();
    if (owner === undefined) throw notFound();
    if (owner !== user.id) throw new ApiError(403, 'forbidden', 'Only its owner or an admin may change this recording');
    return next();
  };
}

/** The owner or an admin, or the recording's upload token while the upload is unfinished. */
export function requireOwnerOrAdminOrUploader(opts: OwnerOrAdminOrUploaderOptions): MiddlewareHandler {
  const person = requireOwnerOrAdmin(opts);
  return async (c, next) => {
    const id = recordingId(c);
    const bearer = optionalBearer(c);
    if (bearer !== undefined && opts.uploadTokens.verify(id, bearer)) {
      const state = await opts.uploadState(id);
      if (state === 'pending') return next();
      if (state === 'missing') throw notFound();
      throw new ApiError(403, 'forbidden', 'This recording is complete: its upload token no longer changes it. Use your personal token or sign in.');
    }
    return person(c, next);
  };
}
