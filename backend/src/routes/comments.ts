/**
 * /api/recordings/:id/comments and /stats (issue 14).
 * Who: anyone who may watch the recording (viewers/watch-access.ts) reads and adds comments and
 * reactions, signed in or not (a signed-in person appears under their own name; anyone else gives
 * a name); adding is limited per address. Deleting a comment, and the view figures, are for the
 * recording's owner and admins.
 */
import { Hono } from 'hono';
import { postCommentSchema, type CommentsResponse, type RecordingStats, type ViewerComment } from '../../../api';
import { optionalUser, type UserAuthOptions } from '../http/auth';
import { parseJsonBody } from '../http/body';
import { ApiError, badRequest, notFound } from '../http/errors';
import { limitPerAddress, type RateLimit } from '../http/rate-limit';
import type { RateCounter } from '../limits/rate-counter';
import { requireOwnerOrAdmin } from '../library/access';
import type { Catalog } from '../library/catalog';
import { Comments, MAX_COMMENTS_PER_RECORDING } from '../viewers/comments';
import type { Views } from '../viewers/views';
import { watchable, type WatchAccess } from '../viewers/watch-access';

/** Per address: a burst of reactions is fine, a script posting all day is not. */
export const COMMENT_RATE_LIMIT: RateLimit = { max: 20, windowMs: 60_000 };

export interface CommentRoutesDeps extends UserAuthOptions {
  catalog: Catalog;
  /** Who may watch (the link's privacy): viewers/watch-access.ts. */
  watchAccess: WatchAccess;
  comments: Comments;
  views: Views;
  /** Counts the per-address limit (shared by every process). */
  counter: RateCounter;
  commentRateLimit?: RateLimit | undefined;
}

export function commentRoutes(deps: CommentRoutesDeps): Hono {
  const app = new Hono();
  const ownerOrAdmin = requireOwnerOrAdmin(deps);

  app.get('/:id/comments', async (c) => {
    const rec = await watchable(c, deps.watchAccess);
    const res: CommentsResponse = { comments: await deps.comments.list(rec.id) };
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });

  app.post('/:id/comments', limitPerAddress(deps.counter, 'comments', deps.commentRateLimit ?? COMMENT_RATE_LIMIT, 'comments from this address'), async (c) => {
    const rec = await watchable(c, deps.watchAccess);
    const body = await parseJsonBody(c, postCommentSchema);
    const user = await optionalUser(c, deps);
    const author = user?.name || body.author;
    if (!author) throw badRequest('invalid_request', 'author: say who you are (a name), or sign in');
    if ((await deps.comments.count(rec.id)) >= MAX_COMMENTS_PER_RECORDING) {
      throw new ApiError(403, 'forbidden', 'This recording has as many comments as it can take');
    }
    const comment: ViewerComment = await deps.comments.add({ recordingId: rec.id, atMs: body.atMs, author, userId: user?.id, text: body.text, emoji: body.emoji });
    return c.json(comment, 201);
  });

  app.delete('/:id/comments/:commentId', ownerOrAdmin, async (c) => {
    const rec = await watchable(c, deps.watchAccess);
    if (!(await deps.comments.delete(rec.id, c.req.param('commentId')))) throw notFound('No such comment');
    return c.body(null, 204);
  });

  app.get('/:id/stats', ownerOrAdmin, async (c) => {
    const rec = await watchable(c, deps.watchAccess);
    const res: RecordingStats = await deps.views.stats(rec.id, rec.durationMs);
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });

  return app;
}
