/**
 * GET /oembed?url=<share URL>&format=json (oEmbed 1.0, https://oembed.com): a "video" answer
 * whose html is an <iframe> of /embed/<id>, sized to the recording within maxwidth/maxheight.
 * Who: anyone, for a recording its link lets in (viewers/watch-access.ts); a private one (team,
 * password, expired) is a 401 as the spec says, with no title and no thumbnail. Errors are JSON
 * `{error:{code,message}}`: no url → 400, another site's or an unknown URL → 404, format other
 * than json → 400. (oEmbed's spec suggests 501 there; a 4xx keeps "no 5xx for bad input" true,
 * and consumers treat both as "no embed".)
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorCode, OEmbedVideo } from '../../../api';
import { errorBody } from '../http/errors';
import { isRecordingId } from '../recordings/ids';
import type { RecordingService } from '../recordings/service';
import { escapeHtml } from '../share/format';
import type { WatchAccess } from '../viewers/watch-access';

/** The largest frame we offer when the consumer sets no limit (a 720p player). */
const DEFAULT_BOX = { width: 1280, height: 720 };
/** The extension's poster fits in 640 × 640 (extension/src/core/recorder/thumbnail-size.ts). */
const THUMBNAIL_BOX = { width: 640, height: 640 };

export interface OEmbedRoutesDeps {
  recordings: RecordingService;
  publicUrl: string;
  watchAccess: WatchAccess;
}

interface Size {
  width: number;
  height: number;
}

/** `size` scaled down (never up) to fit every box, aspect ratio kept, whole pixels. */
export function fitInto(size: Size, ...boxes: Size[]): Size {
  const scale = Math.min(1, ...boxes.map((b) => Math.min(b.width / size.width, b.height / size.height)));
  return { width: Math.max(1, Math.floor(size.width * scale)), height: Math.max(1, Math.floor(size.height * scale)) };
}

/** A positive whole number of pixels from a query parameter, or undefined. */
function pixels(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,6}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/** The recording id of a share or embed URL of this server (`<PUBLIC_URL>/v/<id>` or `/embed/<id>`), else undefined. */
export function recordingIdOfUrl(raw: string, publicUrl: string, requestOrigin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const base = new URL(publicUrl);
  if (url.origin !== base.origin && url.origin !== requestOrigin) return undefined;
  const prefix = base.pathname.replace(/\/+$/, '');
  const match = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:v|embed)/([^/]+)/?$`).exec(url.pathname);
  const id = match?.[1];
  return id && isRecordingId(id) ? id : undefined;
}

export function oembedRoutes({ recordings, publicUrl, watchAccess }: OEmbedRoutesDeps): Hono {
  const app = new Hono();
  const fail = (c: Context, status: ContentfulStatusCode, code: ApiErrorCode, message: string) => {
    c.header('Cache-Control', 'no-store');
    return c.json(errorBody(code, message), status);
  };

  app.get('/', async (c) => {
    // Public data only, read by chat apps' servers and by pages: any origin may read it (no cookies).
    c.header('Access-Control-Allow-Origin', '*');
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json') return fail(c, 400, 'invalid_request', 'Only format=json is offered.');
    const url = c.req.query('url');
    if (!url) return fail(c, 400, 'invalid_request', 'url: give the share link of a recording (url=<PUBLIC_URL>/v/<id>)');
    const id = recordingIdOfUrl(url, publicUrl, new URL(c.req.url).origin);
    if (!id) return fail(c, 404, 'not_found', 'That is not a share link of a recording on this server');
    const [decision, state, hasThumbnail] = await Promise.all([
      watchAccess.decide(c, id, { from: 'page', viewer: false }),
      recordings.state(id, { fresh: false }),
      recordings.hasThumbnail(id),
    ]);
    if (state.state === 'missing' || !decision) return fail(c, 404, 'not_found', 'No such recording');
    if (!decision.allowed) return fail(c, 401, 'unauthorized', 'Private recording');

    // A recording still uploading has a title but no size yet.
    const rec = state.state === 'finished' ? state.recording : { ...state.upload, width: undefined, height: undefined };
    const natural = rec.width && rec.height ? { width: rec.width, height: rec.height } : undefined;
    const limit = { width: pixels(c.req.query('maxwidth')) ?? Infinity, height: pixels(c.req.query('maxheight')) ?? Infinity };
    const { width, height } = fitInto(natural ?? DEFAULT_BOX, DEFAULT_BOX, limit);
    const page = `${publicUrl}/v/${id}`;
    const embed = `${publicUrl}/embed/${id}`;
    const body: OEmbedVideo = {
      version: '1.0',
      type: 'video',
      provider_name: 'Reelay',
      provider_url: `${publicUrl}/`,
      title: rec.title,
      html: `<iframe src="${escapeHtml(embed)}" width="${width}" height="${height}" frameborder="0" allow="fullscreen; picture-in-picture" allowfullscreen title="${escapeHtml(rec.title)}"></iframe>`,
      width,
      height,
    };
    if (hasThumbnail && natural) {
      const thumb = fitInto(natural, THUMBNAIL_BOX);
      Object.assign(body, { thumbnail_url: `${page}/thumbnail`, thumbnail_width: thumb.width, thumbnail_height: thumb.height });
    }
    c.header('Cache-Control', 'no-cache');
    return c.json(body);
  });

  return app;
}
