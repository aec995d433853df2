/** OpenGraph and Twitter card tags, so chat apps unfurl a share link into a card. */
import { baseMimeType, escapeHtml } from './format';

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
  tags.push(
    tag('name', 'twitter:card', opts.thumbnail ? 'summary_large_image' : 'summary'),
    tag('name', 'twitter:title', opts.title),
    tag('name', 'twitter:description', opts.description),
  );
  if (opts.thumbnail) tags.push(tag('name', 'twitter:image', opts.thumbnail));
  return tags.join('\n');
}

