/**
 * /api/recordings/:id/views: the share page counts a view when it starts playing, then reports how much it
 * has played (navigator.sendBeacon as the page goes away, and now and then while it plays).
 * Who: anyone who may watch the recording. Viewers are told apart by an anonymous cookie
 * (`reelay_viewer`, random, httpOnly, sent only to these routes); the owner's own views are
 * not counted. Limited per address.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { viewProgressSchema } from '../../../api';
import { optionalUser, type UserAuthOptions } from '../http/auth';
import { parseJsonBody } from '../http/body';
import { notFound } from '../http/errors';
import { limitPerAddress, type RateLimit } from '../http/rate-limit';
import type { RateCounter } from '../limits/rate-counter';
import type { Catalog } from '../library/catalog';
import type { Views } from '../viewers/views';
import { watchable, type WatchAccess } from '../viewers/watch-access';

export const VIEWER_COOKIE = 'reelay_viewer';
const VIEWER_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Per address: a page reports every ~10 s while playing; many tabs of one office share an address. */
export const VIEW_RATE_LIMIT: RateLimit = { max: 120, windowMs: 60_000 };

export interface ViewRoutesDeps extends UserAuthOptions {
  catalog: Catalog;
  /** Who may watch (the link's privacy): viewers/watch-access.ts. */
  watchAccess: WatchAccess;
  views: Views;
  publicUrl: string;
  /** Counts the per-address limit (shared by every process). */
  counter: RateCounter;
  viewRateLimit?: RateLimit | undefined;
}

/** The viewer's anonymous id, made (and set as a cookie) on their first view. */
function viewerId(c: Context, publicUrl: string, create: boolean): string | undefined {
  const existing = getCookie(c, VIEWER_COOKIE);
  if (existing && VIEWER_PATTERN.test(existing)) return existing;
  if (!create) return undefined;
  const id = randomBytes(16).toString('base64url');
  setCookie(c, VIEWER_COOKIE, id, {
    path: '/api/recordings/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicUrl.startsWith('https:'),
    maxAge: 365 * 24 * 3600,
  });
  return id;
}

export function viewRoutes(deps: ViewRoutesDeps): Hono {
  const app = new Hono();
  const limited = limitPerAddress(deps.counter, 'views', deps.viewRateLimit ?? VIEW_RATE_LIMIT, 'view reports from this address');

  app.post('/:id/views', limited, async (c) => {
    const rec = await watchable(c, deps.watchAccess);
    const user = await optionalUser(c, deps);
    c.header('Cache-Control', 'no-store');
    if (user?.id === rec.ownerId) return c.json({ counted: false }, 200);
    const viewId = await deps.views.start(rec.id, viewerId(c, deps.publicUrl, true)!);
    return c.json({ counted: true, viewId }, 201);
  });

  app.post('/:id/views/:viewId', limited, async (c) => {
    const rec = await watchable(c, deps.watchAccess);
    const { watchedMs } = await parseJsonBody(c, viewProgressSchema);
    const viewer = viewerId(c, deps.publicUrl, false);
    if (!viewer || !(await deps.views.progress(rec.id, c.req.param('viewId'), viewer, watchedMs, rec.durationMs))) throw notFound('No such view');
    return c.body(null, 204);
  });

  return app;
}
