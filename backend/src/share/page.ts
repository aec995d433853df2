/**
 * Share page HTML (data in, string out). Every piece of user text goes through escapeHtml; the
 * only inline style and script are the static STYLE and SCRIPT, allowed by hash in the
 * Content-Security-Policy (csp.ts); the player bundle comes from /assets with its data in a JSON
 * island (watch-island.ts).
 */
import type { WatchPageData } from '../../../api/watch-page';
import { escapeHtml, formatDate, formatDuration, formatSize } from './format';
import { layout } from './layout';
import { socialTags } from './social-tags';
import { watchScriptUrl } from './watch-assets';
import type { WatchContext } from './watch-context';
import { embedUrlOf, trimFragment, watchIsland } from './watch-island';

export interface SharePageRecording {
  title: string;
  createdAt: string;
  durationMs: number;
  size: number;
  mimeType: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface SharePageUrls {
  /** Absolute URL of this page (og:url, the link "Copy link" copies). */
  page: string;
  /** Absolute URL of /v/<id>/video (redirects to the store). */
  video: string;
  /** Absolute URL of /v/<id>/download. */
  download: string;
  /** Absolute URL of /v/<id>/thumbnail, when the recording has one (poster, og:image). */
  thumbnail?: string | undefined;
}

const ICON_LINK =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7"/><path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"/></svg>';
const ICON_DOWNLOAD =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M12 3v12"/><path d="m7 10 5 5 5-5"/><path d="M5 21h14"/></svg>';

/** The player's server markup: the <video> (loading at once, native controls until the bundle
 *  takes over) and the place of the bundle's controls and timeline. */
function playerMarkup(rec: SharePageRecording, urls: SharePageUrls, ctx: WatchContext, embed: boolean): string {
  // width/height give the player its aspect ratio before the video's metadata arrives.
  const size = rec.width && rec.height ? ` width="${rec.width}" height="${rec.height}"` : '';
  const poster = urls.thumbnail ? ` poster="${escapeHtml(urls.thumbnail)}"` : '';
  const src = escapeHtml(urls.video + trimFragment(ctx));
  // Shown only by a browser that cannot play video at all.
  const fallback = ctx.downloads || ctx.viewer.canManage ? `<a href="${escapeHtml(urls.download)}">Download the video</a>` : 'This browser cannot play the video.';
  return `<div class="player${embed ? ' embed' : ''}" id="player">
<video id="watch-video" controls playsinline preload="metadata" aria-label="${escapeHtml(rec.title)}"${poster}${size} src="${src}">
${fallback}
</video>
<div class="controls" id="watch-controls"></div>
</div>`;
}

function watchData(rec: SharePageRecording, urls: SharePageUrls, ctx: WatchContext): WatchPageData {
  return {
    id: ctx.id,
    title: rec.title,
    durationMs: rec.durationMs,
    trim: ctx.trim,
    privacy: ctx.viewer.canManage ? ctx.privacy : undefined,
    downloads: ctx.downloads,
    viewer: { signedIn: ctx.viewer.signedIn, name: ctx.viewer.name, canManage: ctx.viewer.canManage },
    embed: ctx.embed,
    urls: { page: urls.page, embed: embedUrlOf(urls.page, ctx.id) },
  };
}

/**
 * A finished recording: the player, its title, date, duration (the trimmed one under a trim),
 * Download (of the original file, said so under a trim; absent when the owner turned downloads
 * off, except for who manages it) and Copy link; the player bundle adds speed, keys, the
 * timeline, comments, reactions, the views beacon and the owner's tools.
 * `ctx` (routes/share.ts) says who watches and how the owner shared it.
 */
export function recordingPage(rec: SharePageRecording, urls: SharePageUrls, ctx: WatchContext): string {
  const title = escapeHtml(rec.title);
  const date = formatDate(rec.createdAt);
  const span = ctx.trim ? Math.max(0, Math.min(ctx.trim.endMs, rec.durationMs || ctx.trim.endMs) - ctx.trim.startMs) : rec.durationMs;
  const duration = span > 0 ? formatDuration(span) : '';
  const description = ['Screen recording', duration, date].filter(Boolean).join(' · ');
  const head = socialTags({
    title: rec.title,
    description,
    page: urls.page,
    thumbnail: urls.thumbnail,
    video: { url: urls.video, mimeType: rec.mimeType, width: rec.width, height: rec.height },
  });
  const meta = [
    date ? `<li><time datetime="${escapeHtml(rec.createdAt)}">${escapeHtml(date)}</time></li>` : '',
    duration ? `<li id="watch-duration"><span class="sr">Duration </span>${escapeHtml(duration)}</li>` : '',
    `<li>${escapeHtml(formatSize(rec.size))}</li>`,
  ].join('');
  const downloadLabel = ctx.trim ? 'Download original (untrimmed)' : 'Download';
  const download =
    ctx.downloads || ctx.viewer.canManage
      ? `\n<a class="button" href="${escapeHtml(urls.download)}" download>${ICON_DOWNLOAD}<span>${downloadLabel}</span></a>`
      : '';
  const body = `${playerMarkup(rec, urls, ctx, false)}
<section class="details">
<div class="heading">
<h1>${title}</h1>
<ul class="meta">${meta}</ul>
</div>
<div class="actions" id="watch-actions">
<button type="button" class="button secondary" id="copy" data-url="${escapeHtml(urls.page)}" hidden>${ICON_LINK}<span>Copy link</span></button>${download}
</div>
</section>
<div id="watch-tools"></div>
<div id="watch-social"></div>`;
  const tail = watchIsland(watchData(rec, urls, { ...ctx, embed: false }), watchScriptUrl());
  return layout({ title: `${rec.title} · Reelay`, head, body, script: true, tail });
}

/**
 * The /embed/:id page other sites frame (routes/embed.ts renders it after the same privacy
 * check): only the player, with speed, keys, the trim and the timeline's markers; no comments box
 * and no owner tools.
 */
export function embedPage(rec: SharePageRecording, urls: SharePageUrls, ctx: WatchContext): string {
  const tail = watchIsland(watchData(rec, urls, { ...ctx, embed: true }), watchScriptUrl());
  return layout({ title: `${rec.title} · Reelay`, body: playerMarkup(rec, urls, ctx, true), bare: true, tail });
}

export interface PendingPageInfo {
  title: string;
  /** Absolute URL of this page. */
  page: string;
  thumbnail?: string | undefined;
}

/** Seconds between reloads of the "still uploading" page. */
export const PENDING_REFRESH_SECONDS = 5;

/**
 * Shown while the recording is still being uploaded. With scripts (share/live-script.ts): the
 * upload's progress, polled from /v/<id>/status, then the player in place, playing by itself.
 * Without: the page reloads itself until it is ready.
 */
export function pendingPage(info?: PendingPageInfo): string {
  const head = [
    `<noscript><meta http-equiv="refresh" content="${PENDING_REFRESH_SECONDS}"></noscript>`,
    info ? socialTags({ title: info.title, description: 'Screen recording (still uploading)', page: info.page, thumbnail: info.thumbnail }) : '',
  ].join('\n');
  const poster = info?.thumbnail ? `<img class="poster" src="${escapeHtml(info.thumbnail)}" alt="">` : '';
  const name = info ? `<span class="name">${escapeHtml(info.title)}</span> is` : 'This recording is';
  return layout({
    title: `${info ? `${info.title} · ` : ''}Still uploading · Reelay`,
    head,
    body: `<div class="notice" id="pending">${poster}<div class="spinner"></div><h1>Still uploading</h1>
<p>${name} still being uploaded. <span id="pending-hint">This page reloads by itself and plays it as soon as it is ready.</span></p>
<div class="progress" id="progress-box" hidden>
<label for="progress" id="progress-label">Uploading…</label>
<progress id="progress"></progress>
<span class="progress-text" id="progress-text"></span>
</div><span class="sr" role="status" id="pending-news"></span></div>`,
    script: true,
  });
}
