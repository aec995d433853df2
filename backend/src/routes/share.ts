/** Public share routes: /v/:id (HTML page), /v/:id/video and /v/:id/download (redirects). */
import { Hono, type Context } from 'hono';
import { isRecordingId } from '../recordings/ids';
import type { RecordingService } from '../recordings/service';
import { downloadFilename } from '../share/format';
import { notFoundPage, pendingPage, recordingPage } from '../share/page';

/** No scripts at all; the video comes from the store after a redirect. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; media-src 'self' http: https:; img-src 'self' data:; base-uri 'none'; form-action 'none'";

function html(c: Context, body: string, status: 200 | 404 = 200) {
  c.header('Content-Security-Policy', PAGE_CSP);
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

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isRecordingId(id)) return html(c, notFoundPage(), 404);
    const state = await recordings.state(id, { fresh: true });
    if (state.state === 'pending') return html(c, pendingPage());
    if (state.state === 'missing') return html(c, notFoundPage(), 404);
    const page = `${publicUrl}/v/${id}`;
    return html(
      c,
      recordingPage(state.recording, { page, video: `${page}/video`, download: `${page}/download` }),
    );
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
    return c.redirect(await recordings.presignVideo(id, { filename: downloadFilename(title, mimeType) }), 302);
  });

  return app;
}
