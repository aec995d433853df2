/**
 * /embed/:id: the minimal player page other sites put in an <iframe> (issue 14; share/page.ts
 * embedPage). Who: the same as the share page (viewers/watch-access.ts). A refused viewer gets a
 * small notice with a link that opens the share page in a new tab, where they can sign in or type
 * the password (the unlock cookie is SameSite=Lax, so a frame on another site does not carry it).
 * The only share-side page without frame-ancestors 'none'.
 */
import { Hono } from 'hono';
import { isRecordingId } from '../recordings/ids';
import type { RecordingService } from '../recordings/service';
import { sharePageCsp } from '../share/csp';
import { sharePageResponse } from '../share/html-response';
import { embedNotFoundPage, embedPendingPage, embedRefusedPage } from '../share/notice-pages';
import { embedPage } from '../share/page';
import { watchContext, type WatchAccess } from '../viewers/watch-access';

export interface EmbedRoutesDeps {
  recordings: RecordingService;
  publicUrl: string;
  watchAccess: WatchAccess;
}

export function embedRoutes({ recordings, publicUrl, watchAccess }: EmbedRoutesDeps): Hono {
  const app = new Hono();
  const csp = sharePageCsp(new URL(publicUrl).origin, recordings.storeOrigin, { embeddable: true });
  const embeddable = { embeddable: true };

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return sharePageResponse(c, csp, embedNotFoundPage(), 404, embeddable);
    const page = `${publicUrl}/v/${id}`;
    const [decision, state, hasThumbnail] = await Promise.all([
      watchAccess.decide(c, id, { from: 'page' }),
      recordings.state(id, { fresh: true }),
      recordings.hasThumbnail(id),
    ]);
    if (decision && !decision.allowed) return sharePageResponse(c, csp, embedRefusedPage({ page, reason: decision.reason }), 200, embeddable);
    if (!decision || state.state === 'missing') return sharePageResponse(c, csp, embedNotFoundPage(), 404, embeddable);
    if (state.state === 'pending') return sharePageResponse(c, csp, embedPendingPage({ page }), 200, embeddable);
    const urls = { page, video: `${page}/video`, download: `${page}/download`, thumbnail: hasThumbnail ? `${page}/thumbnail` : undefined };
    return sharePageResponse(c, csp, embedPage(state.recording, urls, watchContext(id, decision, true)), 200, embeddable);
  });

  return app;
}
