/**
 * The Hono app: routes, CORS for extension origins, body limit and error mapping.
 * No I/O of its own beyond the injected RecordingService, so tests can drive it with
 * app.request().
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { PART_SIZE, type SessionResponse } from '../../api';
import type { Accounts } from './accounts';
import { currentUser, requireUser, type UserAuthOptions } from './http/auth';
import { originMatcher } from './http/cors';
import { ApiError, errorBody, notFound, toErrorResponse } from './http/errors';
import type { RecordingService } from './recordings/service';
import type { UploadTokens } from './recordings/tokens';
import { requireOwnerOrAdminOrUploader } from './library/access';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Catalog } from './library/catalog';
import { registerCatalogHooks } from './library/hooks';
import { authRoutes, DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './routes/auth';
import { accountLimitMiddlewares, DEFAULT_ACCOUNT_LIMITS, StorageUse, type AccountLimits } from './limits/account-limits';
import { DatabaseRateCounter } from './limits/rate-counter';
import { commentRoutes } from './routes/comments';
import { viewRoutes } from './routes/views';
import { Comments } from './viewers/comments';
import { Views } from './viewers/views';
import { extensionAuthRoutes } from './routes/extension-auth';
import { inviteRoutes } from './routes/invite';
import { libraryRoutes } from './routes/library';
import { recordingRoutes } from './routes/recordings';
import { tokenRoutes } from './routes/tokens';
import { userRoutes } from './routes/users';
import { shareRoutes } from './routes/share';
import { embedRoutes } from './routes/embed';
import { oembedRoutes } from './routes/oembed';
import { sharingRoutes } from './routes/sharing';
import { LinkSettings } from './viewers/link-settings';
import { LinkUnlocks } from './viewers/link-unlock';
import { WatchAccess } from './viewers/watch-access';
import { sharePageCsp } from './share/csp';
import { sharePageResponse } from './share/html-response';
import { notFoundPage, unavailablePage } from './share/notice-pages';
import { webRoutes } from './web/routes';

/** Room for a complete request with 10,000 parts (~60 bytes each) and then some. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  tokens: UploadTokens;
  /** People, sessions and personal tokens (accounts/). */
  accounts: Accounts;
  /** The library's catalogue of recordings and their owners (library/). */
  catalog: Catalog;
  /** Owner of recordings the catalogue first meets at complete (made before accounts): the first admin. */
  firstAdminId: string;
  /** The database (comments, reactions, views). */
  db: Kysely<Database>;
  recordings: RecordingService;
  publicUrl: string;
  extensionOrigins: string[];
  /** UPLOAD_MAX_BYTES: the largest video file "Upload a video" takes (routes/recordings.ts). */
  uploadMaxBytes?: number;
  /** What one account may do (limits/account-limits.ts); absent: DEFAULT_ACCOUNT_LIMITS. */
  accountLimits?: AccountLimits | undefined;
  /** COMMENTS_PER_MINUTE and VIEW_REPORTS_PER_MINUTE per client address; absent: the routes' defaults. */
  commentsPerMinute?: number | undefined;
  viewReportsPerMinute?: number | undefined;
  /** Sign-in attempts allowed, counted in the database (routes/auth.ts); absent: the defaults. */
  signInAttempts?: Omit<SignInLimits, 'counter'> | undefined;
  /** Cheap store reachability check for /healthz; resolves true when reachable. */
  checkStore?: () => Promise<boolean>;
  log?: (line: string) => void;
}

export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? ((line: string) => console.error(line));
  const app = new Hono();
  const allowed = originMatcher(deps.extensionOrigins);
  // A cookie-authenticated change must come from the server's own pages or the extension (CSRF).
  const userAuth: UserAuthOptions = {
    accounts: deps.accounts,
    trustedOrigins: [new URL(deps.publicUrl).origin, ...deps.extensionOrigins],
  };

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

  // PostgreSQL text cannot hold NUL: a path with one names nothing here (404), never a database
  // error (the fuzz suite found /invite/%00 and DELETE /api/users/%00 answering 500).
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (/%00/i.test(path) || path.includes('\u0000')) throw notFound('Nothing is at this address');
    await next();
  });

  app.get('/healthz', async (c) => {
    const ok = deps.checkStore ? await deps.checkStore().catch(() => false) : true;
    c.header('Cache-Control', 'no-store');
    return ok ? c.json({ ok: true }) : c.json({ ok: false, ...errorBody('storage_unreachable', 'The store does not answer') }, 503);
  });

  app.get('/api/session', requireUser(userAuth), (c) => {
    const res: SessionResponse = { ok: true, partSize: PART_SIZE, user: currentUser(c) };
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });

  // Limits count in the database, so every process sharing it enforces one limit (issue 15).
  const counter = new DatabaseRateCounter(deps.db);
  const limits = accountLimitMiddlewares({
    limits: deps.accountLimits ?? DEFAULT_ACCOUNT_LIMITS,
    counter,
    use: new StorageUse(deps.db),
    ownerOf: (id) => deps.catalog.ownerOf(id),
  });
  app.route('/api/auth', authRoutes({ accounts: deps.accounts, signInLimits: { counter, ...(deps.signInAttempts ?? DEFAULT_SIGN_IN_LIMITS) } }));
  app.route('/api/users', userRoutes(userAuth));
  app.route('/api/tokens', tokenRoutes(userAuth));
  app.route('/invite', inviteRoutes(deps));
  // The extension's "Sign in" (chrome.identity.launchWebAuthFlow): consent page, then a personal token.
  app.route('/extension', extensionAuthRoutes(deps));
  // Registered before the recording routes: they run around them and keep the catalogue in step.
  registerCatalogHooks(app, { catalog: deps.catalog, recordings: deps.recordings, fallbackOwnerId: deps.firstAdminId, log });
  const views = new Views(deps.db);
  app.route('/api/recordings', libraryRoutes({ ...userAuth, catalog: deps.catalog, views }));
  // Who may watch a recording: its link's privacy (issue 14), asked by every share-side route.
  const linkSettings = new LinkSettings(deps.db);
  const watchAccess = new WatchAccess({ settings: linkSettings, unlocks: new LinkUnlocks(deps.db), auth: userAuth });
  app.route('/api/recordings', sharingRoutes({ ...userAuth, catalog: deps.catalog, settings: linkSettings }));
  // Share-page viewers: comments, reactions and views (issue 14).
  const viewers = {
    ...userAuth,
    catalog: deps.catalog,
    comments: new Comments(deps.db),
    views,
    publicUrl: deps.publicUrl,
    watchAccess,
    counter,
    commentRateLimit: deps.commentsPerMinute ? { max: deps.commentsPerMinute, windowMs: 60_000 } : undefined,
    viewRateLimit: deps.viewReportsPerMinute ? { max: deps.viewReportsPerMinute, windowMs: 60_000 } : undefined,
  };
  app.route('/api/recordings', commentRoutes(viewers));
  app.route('/api/recordings', viewRoutes(viewers));
  app.route(
    '/api/recordings',
    recordingRoutes({
      ...deps,
      sharing: linkSettings,
      watchAccess,
      limits,
      access: {
        create: requireUser(userAuth),
        manage: requireOwnerOrAdminOrUploader({
          ...userAuth,
          catalog: deps.catalog,
          uploadTokens: deps.tokens,
          uploadState: async (id) => (await deps.recordings.state(id, { fresh: true })).state,
        }),
      },
    }),
  );
  app.route('/v', shareRoutes({ ...deps, watchAccess, counter }));
  // Other sites frame /embed/:id and read /oembed (issue 14).
  app.route('/embed', embedRoutes({ ...deps, watchAccess }));
  app.route('/oembed', oembedRoutes({ ...deps, watchAccess }));
  // The web pages: /, /sign-in, /library, /account, /sign-out and their /assets (web/routes.ts).
  app.route('/', webRoutes({ accounts: deps.accounts, publicUrl: deps.publicUrl, storeOrigin: deps.recordings.storeOrigin, trustedOrigins: userAuth.trustedOrigins }));

  // Share-side error pages carry the share pages' headers (CSP with frame-ancestors 'none', no sniffing).
  const shareCsp = sharePageCsp(new URL(deps.publicUrl).origin, deps.recordings.storeOrigin);
  app.notFound((c) => {
    if (c.req.path.startsWith('/v/') || c.req.path.startsWith('/embed/')) return sharePageResponse(c, shareCsp, notFoundPage(), 404);
    return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError((err, c) => {
    const res = toErrorResponse(err, c, log);
    // People open share links in a browser: give them a page, not JSON (the page's own status poll gets JSON).
    if ((c.req.path.startsWith('/v/') && !c.req.path.endsWith('/status')) || c.req.path.startsWith('/embed/')) {
      const page = res.status === 404 ? notFoundPage() : unavailablePage();
      return sharePageResponse(c, shareCsp, page, res.status as 500);
    }
    return res;
  });
  return app;
}
