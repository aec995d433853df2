/**
 * Public share routes: /v/:id (HTML page), its upload progress /v/:id/status (JSON), and the
 * redirects to short-lived presigned store URLs /v/:id/video, /v/:id/download and /v/:id/thumbnail.
 */
import { Hono, type Context } from 'hono';
import { errorBody } from '../http/errors';
import { isRecordingId } from '../recordings/ids';
import type { RecordingService } from '../recordings/service';
import { shareStatus } from '../recordings/share-status';
import { sharePageCsp } from '../share/csp';
import { contentDisposition, downloadFilename } from '../share/format';
import { notFoundPage } from '../share/notice-pages';
import { pendingPage, recordingPage } from '../share/page';

function html(c: Context, csp: string, body: string, status: 200 | 404 = 200) {
  c.header('Content-Security-Policy', csp);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-cache');
  return c.html(body, status);
}

function missing(c: Context) {
  return c.text('Recording not found', 404, { 'Cache-Control': 'no-cache' });
}

export function shareRoutes({ recordings, publicUrl }: { recordings: RecordingService; publicUrl: string }): Hono {
  const app = new Hono();
  const csp = sharePageCsp(new URL(publicUrl).origin, recordings.storeOrigin);

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return html(c, csp, notFoundPage(), 404);
    const [state, hasThumbnail] = await Promise.all([recordings.state(id, { fresh: true }), recordings.hasThumbnail(id)]);
    if (state.state === 'missing') return html(c, csp, notFoundPage(), 404);
    const page = `${publicUrl}/v/${id}`;
    const thumbnail = hasThumbnail ? `${page}/thumbnail` : undefined;
    if (state.state === 'pending') return html(c, csp, pendingPage({ title: state.upload.title, page, thumbnail }));
    return html(
      c,
      csp,
      recordingPage(state.recording, { page, video: `${page}/video`, download: `${page}/download`, thumbnail }),
    );
  });

  // Polled by the page of a recording still uploading (same visibility as the page itself).
  app.get('/:id/status', async (c) => {
    const id = c.req.param('id');
    const status = isRecordingId(id) ? await shareStatus(recordings, id) : undefined;
    c.header('Cache-Control', 'no-store');
    return status ? c.json(status) : c.json(errorBody('not_found', 'No such recording'), 404);
  });

  app.get('/:id/video', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    const state = await recordings.state(id, { fresh: true });
    if (state.state !== 'finished') return missing(c);
    c.header('Cache-Control', 'private, max-age=60');
    return c.redirect(await recordings.presignVideo(id), 302);
  });

  app.get('/:id/download', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    const state = await recordings.state(id, { fresh: true });
    if (state.state !== 'finished') return missing(c);
    const { title, mimeType } = state.recording;
    c.header('Cache-Control', 'no-store');
    const disposition = contentDisposition(downloadFilename(title, mimeType));
    return c.redirect(await recordings.presignVideo(id, { contentDisposition: disposition }), 302);
  });

  app.get('/:id/thumbnail', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return missing(c);
    // A thumbnail PUT that raced with a delete must not outlive its recording.
    const [state, url] = await Promise.all([recordings.state(id, { fresh: false }), recordings.presignThumbnail(id)]);
    if (!url || state.state === 'missing') return c.text('No thumbnail', 404, { 'Cache-Control': 'no-cache' });
    c.header('Cache-Control', 'private, max-age=60');
    return c.redirect(url, 302);
  });

  return app;
}
