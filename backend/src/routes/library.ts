/**
 * GET /api/recordings?scope=mine|team&q=&cursor=: the library. Who: any signed-in person (team =
 * everyone's); the view figures only on the person's own recordings.
 */
import { Hono } from 'hono';
import { libraryQuerySchema, type LibraryResponse } from '../../../api';
import { currentUser, requireUser, type UserAuthOptions } from '../http/auth';
import { badRequest } from '../http/errors';
import { decodeCursor, type Catalog } from '../library/catalog';
import type { Views } from '../viewers/views';

export function libraryRoutes(opts: UserAuthOptions & { catalog: Catalog; views: Views }): Hono {
  const app = new Hono();

  app.get('/', requireUser(opts), async (c) => {
    const parsed = libraryQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw badRequest('invalid_request', `${issue.path.join('.')}: ${issue.message}`);
    }
    const { scope, q, cursor, limit } = parsed.data;
    if (cursor !== undefined && !decodeCursor(cursor)) throw badRequest('invalid_request', 'cursor: not a cursor of this server');
    const viewerId = currentUser(c).id;
    const { recordings, nextCursor, played } = await opts.catalog.list({ viewerId, scope, q: q || undefined, cursor, limit });
    // The view figures of your own recordings come with the page (one query), not a request per card.
    const own = new Set(recordings.filter((r) => r.owner.id === viewerId).map((r) => r.id));
    const stats = await opts.views.statsOf(played.filter((p) => own.has(p.id)));
    const res: LibraryResponse = {
      recordings: recordings.map((r) => {
        const figures = stats.get(r.id);
        return figures ? { ...r, stats: figures } : r;
      }),
      nextCursor,
    };
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });

  return app;
}
