/**
 * How every share-side HTML page leaves the server (/v/:id and its notices, /embed/:id): its CSP,
 * no sniffing, no referrer, revalidated on each visit. Only the embed page may be framed (its CSP
 * has no frame-ancestors and it gets no X-Frame-Options); every other page refuses it twice over
 * (frame-ancestors 'none' and X-Frame-Options: DENY for browsers without CSP level 2).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function sharePageResponse(c: Context, csp: string, body: string, status: ContentfulStatusCode = 200, opts: { embeddable?: boolean } = {}) {
  c.header('Content-Security-Policy', csp);
  if (!opts.embeddable) c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-cache');
  return c.html(body, status);
}
