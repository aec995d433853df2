/**
 * OpenGraph and Twitter card tags, so chat apps unfurl a share link into a card, and the oEmbed
 * discovery link. The embed page (/embed/<id>) and the oEmbed endpoint (/oembed) are derived from
 * the page's own URL (<PUBLIC_URL>/v/<id>), so every share page links to them alike.
 */
import { baseMimeType, escapeHtml } from './format';
import { embedUrlOf, idOfPageUrl } from './watch-island';

const SHARE_PATH = /\/v\/([^/?#]+)$/;

/** <PUBLIC_URL>/embed/<id> for the share page <PUBLIC_URL>/v/<id>. */
function embedOf(page: string): string | undefined {
  return SHARE_PATH.test(page) ? embedUrlOf(page, idOfPageUrl(page)) : undefined;
}

/** <PUBLIC_URL>/oembed?url=<page>&format=json for the share page <PUBLIC_URL>/v/<id>. */
export function oembedUrlOf(page: string): string | undefined {
  return SHARE_PATH.test(page) ? `${page.replace(SHARE_PATH, '/oembed')}?url=${encodeURIComponent(page)}&format=json` : undefined;
}

/** A refused viewer's page (and a chat app's unfurl of it): no title, no thumbnail, no video. */
export function privateTags(page: string): string {
  return socialTags({ title: 'Private recording', description: 'Shared with Reelay', page });
}

/** OpenGraph + Twitter card tags; `video` only for a finished recording. */
export function socialTags(opts: {
  title: string;
  description: string;
  page: string;
  thumbnail?: string | undefined;
  video?: { url: string; mimeType: string; width?: number | undefined; height?: number | undefined };
}): string {
  const tag = (attr: 'property' | 'name', key: string, value: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(value)}">`;
  const tags = [
    tag('name', 'description', opts.description),
    tag('property', 'og:site_name', 'Reelay'),
    tag('property', 'og:title', opts.title),
    tag('property', 'og:description', opts.description),
    tag('property', 'og:type', opts.video ? 'video.other' : 'website'),
    tag('property', 'og:url', opts.page),
  ];
  if (opts.thumbnail) {
    tags.push(tag('property', 'og:image', opts.thumbnail), tag('property', 'og:image:alt', opts.title));
  }
  const v = opts.video;
  if (v) {
    tags.push(
      tag('property', 'og:video', v.url),
      tag('property', 'og:video:url', v.url),
      tag('property', 'og:video:secure_url', v.url),
      tag('property', 'og:video:type', baseMimeType(v.mimeType)),
    );
    if (v.width && v.height) {
      tags.push(tag('property', 'og:video:width', String(v.width)), tag('property', 'og:video:height', String(v.height)));
    }
  }
  // A player card (the embed page in an iframe) needs an image; without one, a plain card.
  const player = v && opts.thumbnail ? embedOf(opts.page) : undefined;
  tags.push(
    tag('name', 'twitter:card', player ? 'player' : opts.thumbnail ? 'summary_large_image' : 'summary'),
    tag('name', 'twitter:title', opts.title),
    tag('name', 'twitter:description', opts.description),
  );
  if (opts.thumbnail) tags.push(tag('name', 'twitter:image', opts.thumbnail));
  if (v && player) {
    tags.push(tag('name', 'twitter:player', player));
    const [width, height] = v.width && v.height ? [v.width, v.height] : [1280, 720];
    tags.push(tag('name', 'twitter:player:width', String(width)), tag('name', 'twitter:player:height', String(height)));
  }
  const oembed = v ? oembedUrlOf(opts.page) : undefined;
  if (oembed) {
    tags.push(`<link rel="alternate" type="application/json+oembed" href="${escapeHtml(oembed)}" title="${escapeHtml(opts.title)}">`);
  }
  return tags.join('\n');
}

