/**
 * The Hono app: routes, CORS for extension origins, body limit and error mapping.
 * No I/O of its own beyond the injected RecordingService, so tests can drive it with
 * app.request().
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { PART_SIZE, type SessionResponse } from '../../api';
import { requireApiToken } from './http/auth';
import { originMatcher } from './http/cors';
import { ApiError, errorBody, toErrorResponse } from './http/errors';
import type { RecordingService } from './recordings/service';
import type { UploadTokens } from './recordings/tokens';
import { recordingRoutes } from './routes/recordings';
import { shareRoutes } from './routes/share';
import { notFoundPage, unavailablePage } from './share/page';

/** Room for a complete request with 10,000 parts (~60 bytes each) and then some. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  apiToken: string;
  tokens: UploadTokens;
  recordings: RecordingService;
  publicUrl: string;
  extensionOrigins: string[];
  /** Cheap store reachability check for /healthz; resolves true when reachable. */
  checkStore?: () => Promise<boolean>;
  log?: (line: string) => void;
}

export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? ((line: string) => console.error(line));
  const app = new Hono();
  const allowed = originMatcher(deps.extensionOrigins);

  app.use(
    '/api/*',
    cors({
      origin: (origin) => (origin && allowed(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Location'],
      maxAge: 600,
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        // The rest of the body stays unread: close the connection so no client reuses it.
        throw new ApiError(413, 'payload_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes`, {
          Connection: 'close',
        });
      },
    }),
  );

  app.get('/', (c) => c.text('Reelay server. Share links look like /v/<id>; the API lives under /api.'));

  app.get('/healthz', async (c) => {
    const ok = deps.checkStore ? await deps.checkStore().catch(() => false) : true;
    c.header('Cache-Control', 'no-store');
    return ok ? c.json({ ok: true }) : c.json({ ok: false, ...errorBody('storage_unreachable', 'The store does not answer') }, 503);
  });

  app.get('/api/session', requireApiToken(deps.apiToken), (c) => {
    const res: SessionResponse = { ok: true, partSize: PART_SIZE };
    return c.json(res);
  });

  app.route('/api/recordings', recordingRoutes(deps));
  app.route('/v', shareRoutes(deps));

  app.notFound((c) => {
    if (c.req.path.startsWith('/v/')) return c.html(notFoundPage(), 404);
    return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError((err, c) => {
    const res = toErrorResponse(err, c, log);
    // People open share links in a browser: give them a page, not JSON (the page's own status poll gets JSON).
    if (c.req.path.startsWith('/v/') && !c.req.path.endsWith('/status')) return c.html(unavailablePage(), res.status as 500);
    return res;
  });
  return app;
}
