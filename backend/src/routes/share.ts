/**
 * Share routes: /v/:id (HTML page), its upload progress /v/:id/status (JSON), the redirects to
 * short-lived presigned store URLs /v/:id/video, /v/:id/download and /v/:id/thumbnail, and the
 * password form's POST /v/:id/unlock.
 * Who: whoever the link's privacy lets in (viewers/watch-access.ts: anyone, signed-in members, or
 * who typed the password; never past the expiry date; the owner and admins always). A refused
 * viewer gets a page saying why and what to do, with neither the title nor any store URL.
 * /download also needs downloads allowed (the owner and admins always may).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { MAX_LINK_PASSWORD_LENGTH, UNLOCK_PASSWORD_FIELD } from '../../../api';
import { errorBody } from '../http/errors';
import { clientAddress, type RateLimit } from '../http/rate-limit';
import type { RateCounter } from '../limits/rate-counter';
import { isRecordingId } from '../recordings/ids';
import type { RecordingService } from '../recordings/service';
import { shareStatus } from '../recordings/share-status';
import { sharePageCsp } from '../share/csp';
import { contentDisposition, downloadFilename } from '../share/format';
import { sharePageResponse } from '../share/html-response';
import { downloadsOffPage, expiredPage, notFoundPage, teamOnlyPage } from '../share/notice-pages';
import { pendingPage, recordingPage } from '../share/page';
import { passwordPage } from '../share/password-page';
import { verifyLinkPassword } from '../viewers/link-password';
import { unlockCookieName, UNLOCK_MAX_AGE_SECONDS } from '../viewers/link-unlock';
import { refusalError, watchContext, type WatchAccess, type WatchRefusal } from '../viewers/watch-access';
import { signInUrl } from '../web/next-path';

/** Password tries per client address: enough for typos, too few to guess. */
export const UNLOCK_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };

export interface ShareRoutesDeps {
  recordings: RecordingService;
  publicUrl: string;
  watchAccess: WatchAccess;
  unlockRateLimit?: RateLimit | undefined;
  /** Counts the password tries per address (shared by every process). */
  counter: RateCounter;
}

export function shareRoutes({ recordings, publicUrl, watchAccess, unlockRateLimit, counter }: ShareRoutesDeps): Hono {
  const app = new Hono();
  const publicOrigin = new URL(publicUrl).origin;
  const csp = sharePageCsp(publicOrigin, recordings.storeOrigin);
  const formCsp = sharePageCsp(publicOrigin, recordings.storeOrigin, { form: true });
  const pageUrl = (id: string) => `${publicUrl}/v/${id}`;
  const missing = (c: Context) => sharePageResponse(c, csp, notFoundPage(), 404);

  /**
   * The page a refused viewer gets instead of the recording. The share page itself answers 200 for a
   * form or a sign-in link (chat apps unfurl only a 200: as "Private recording"); the video, the
   * download and the thumbnail answer the refusal's status (401, 403, 410) with the same page.
   */
  function refused(c: Context, id: string, reason: WatchRefusal, resource = false) {
    const page = pageUrl(id);
    const status = resource ? refusalError(reason).status : reason === 'expired' ? 410 : 200;
    if (reason === 'password') return sharePageResponse(c, formCsp, passwordPage({ id, page }), status);
    if (reason === 'team') return sharePageResponse(c, csp, teamOnlyPage({ page, signInUrl: signInUrl(`/v/${id}`) }), status);
    return sharePageResponse(c, csp, expiredPage({ page }), status);
  }

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    // All at once (the page's first byte is on the way to the first frame); a refusal uses none of the rest.
    const [decision, state, hasThumbnail] = await Promise.all([
      watchAccess.decide(c, id, { from: 'page' }),
      recordings.state(id, { fresh: true }),
      recordings.hasThumbnail(id),
    ]);
    if (!decision?.allowed) return decision ? refused(c, id, decision.reason) : missing(c);
    if (state.state === 'missing') return missing(c);
    const page = pageUrl(id);
    const thumbnail = hasThumbnail ? `${page}/thumbnail` : undefined;
    if (state.state === 'pending') return sharePageResponse(c, csp, pendingPage({ title: state.upload.title, page, thumbnail }));
    const urls = { page, video: `${page}/video`, download: `${page}/download`, thumbnail };
    return sharePageResponse(c, csp, recordingPage(state.recording, urls, watchContext(id, decision, false)));
  });

  // Polled by the page of a recording still uploading (same visibility as the page itself).
  app.get('/:id/status', async (c) => {
    const id = c.req.param('id');
    c.header('Cache-Control', 'no-store');
    if (!isRecordingId(id)) return c.json(errorBody('not_found', 'No such recording'), 404);
    const decision = await watchAccess.decide(c, id, { from: 'page', viewer: false });
    if (decision && !decision.allowed) {
      const err = refusalError(decision.reason);
      return c.json(errorBody(err.code, err.message), err.status);
    }
    const status = await shareStatus(recordings, id);
    return status ? c.json(status) : c.json(errorBody('not_found', 'No such recording'), 404);
  });

  app.get('/:id/video', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    const [decision, finished] = await Promise.all([watchAccess.decide(c, id, { from: 'page', viewer: false }), recordings.isFinished(id)]);
    if (decision && !decision.allowed) return refused(c, id, decision.reason, true);
    if (!finished) return missing(c);
    c.header('Cache-Control', 'private, max-age=60');
    return c.redirect(await recordings.presignVideo(id), 302);
  });

  app.get('/:id/download', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    const [decision, state] = await Promise.all([watchAccess.decide(c, id, { from: 'page' }), recordings.state(id, { fresh: true })]);
    if (decision && !decision.allowed) return refused(c, id, decision.reason, true);
    if (state.state !== 'finished') return missing(c);
    if (decision?.facts && !decision.facts.privacy.downloads && !decision.viewer.canManage) {
      return sharePageResponse(c, csp, downloadsOffPage({ page: pageUrl(id) }), 403);
    }
    const { title, mimeType } = state.recording;
    c.header('Cache-Control', 'no-store');
    const disposition = contentDisposition(downloadFilename(title, mimeType));
    return c.redirect(await recordings.presignVideo(id, { contentDisposition: disposition }), 302);
  });

  app.get('/:id/thumbnail', async (c) => {
    const id = c.req.param('id');
    const none = () => c.text('No thumbnail', 404, { 'Cache-Control': 'no-cache' });
    if (!isRecordingId(id)) return none();
    // A thumbnail PUT that raced with a delete must not outlive its recording.
    const [decision, state, url] = await Promise.all([
      watchAccess.decide(c, id, { from: 'page', viewer: false }),
      recordings.state(id, { fresh: false }),
      recordings.presignThumbnail(id),
    ]);
    if (decision && !decision.allowed) return c.text('Private recording', refusalError(decision.reason).status, { 'Cache-Control': 'no-store' });
    if (!url || state.state === 'missing') return none();
    c.header('Cache-Control', 'private, max-age=60');
    return c.redirect(url, 302);
  });

  // The password form (share/password-page.ts). Right: a cookie for this recording, then the page.
  app.post('/:id/unlock', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('The form is too large', 413, { Connection: 'close' }) }), async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    const facts = await watchAccess.settings.facts(id);
    if (!facts) return missing(c);
    const page = pageUrl(id);
    // Nothing to unlock (no longer password-protected): the page says what there is.
    if (facts.privacy.visibility !== 'password' || !facts.passwordHash) return c.redirect(`/v/${id}`, 303);
    const wait = await counter.take(`unlock:${clientAddress(c)}`, unlockRateLimit ?? UNLOCK_RATE_LIMIT);
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return sharePageResponse(c, formCsp, passwordPage({ id, page, tooMany: wait }), 429);
    }
    const password = await formField(c, UNLOCK_PASSWORD_FIELD);
    const right = password !== undefined && password.length <= MAX_LINK_PASSWORD_LENGTH && (await verifyLinkPassword(password, facts.passwordHash));
    if (!right) return sharePageResponse(c, formCsp, passwordPage({ id, page, wrong: true }), 403);
    setCookie(c, unlockCookieName(id), await watchAccess.unlocks.issue(id, facts.passwordHash), {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: publicUrl.startsWith('https:'),
      maxAge: UNLOCK_MAX_AGE_SECONDS,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(`/v/${id}`, 303);
  });

  return app;
}

/** One text field of a urlencoded or multipart form; undefined for anything else or a body that isn't a form. */
async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  try {
    const value = (await c.req.parseBody())[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
