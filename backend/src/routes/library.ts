/** GET /api/recordings?scope=mine|team&q=&cursor=: the library. Who: any signed-in person (team = everyone's). */
import { Hono } from 'hono';
import { libraryQuerySchema, type LibraryResponse } from '../../../api';
import { currentUser, requireUser, type UserAuthOptions } from '../http/auth';
import { badRequest } from '../http/errors';
import { decodeCursor, type Catalog } from '../library/catalog';

export function libraryRoutes(opts: UserAuthOptions & { catalog: Catalog }): Hono {
  const app = new Hono();

  app.get('/', requireUser(opts), async (c) => {
    const parsed = libraryQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw badRequest('invalid_request', `${issue.path.join('.')}: ${issue.message}`);
    }
    const { scope, q, cursor, limit } = parsed.data;
    if (cursor !== undefined && !decodeCursor(cursor)) throw badRequest('invalid_request', 'cursor: not a cursor of this server');
    const res: LibraryResponse = await opts.catalog.list({ viewerId: currentUser(c).id, scope, q: q || undefined, cursor, limit });
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });

  return app;
}
