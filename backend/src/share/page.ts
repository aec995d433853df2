/**
 * Share page HTML (pure: data in, string out). Every piece of user text goes through
 * escapeHtml; the only style and script are the static STYLE and SCRIPT, allowed by
 * hash in the Content-Security-Policy (csp.ts).
 */
import { escapeHtml, formatDate, formatDuration, formatSize } from './format';
import { layout } from './layout';
import { socialTags } from './social-tags';

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

/** A finished recording: the player, its title, date, duration, Download and Copy link. */
export function recordingPage(rec: SharePageRecording, urls: SharePageUrls): string {
  const title = escapeHtml(rec.title);
  const date = formatDate(rec.createdAt);
  const duration = rec.durationMs > 0 ? formatDuration(rec.durationMs) : '';
  const description = ['Screen recording', duration, date].filter(Boolean).join(' · ');
  const head = socialTags({
    title: rec.title,
    description,
    page: urls.page,
    thumbnail: urls.thumbnail,
    video: { url: urls.video, mimeType: rec.mimeType, width: rec.width, height: rec.height },
  });
  // width/height give the player its aspect ratio before the video's metadata arrives.
  const size = rec.width && rec.height ? ` width="${rec.width}" height="${rec.height}"` : '';
  const poster = urls.thumbnail ? ` poster="${escapeHtml(urls.thumbnail)}"` : '';
  const meta = [
    date ? `<li><time datetime="${escapeHtml(rec.createdAt)}">${escapeHtml(date)}</time></li>` : '',
    duration ? `<li><span class="sr">Duration </span>${escapeHtml(duration)}</li>` : '',
    `<li>${escapeHtml(formatSize(rec.size))}</li>`,
  ].join('');
  const body = `<div class="player">
<video controls playsinline preload="metadata"${poster}${size} src="${escapeHtml(urls.video)}">
<a href="${escapeHtml(urls.download)}">Download the video</a>
</video>
</div>
<section class="details">
<div class="heading">
<h1>${title}</h1>
<ul class="meta">${meta}</ul>
</div>
<div class="actions">
<button type="button" class="button secondary" id="copy" data-url="${escapeHtml(urls.page)}" hidden>${ICON_LINK}<span>Copy link</span></button>
<a class="button" href="${escapeHtml(urls.download)}" download>${ICON_DOWNLOAD}<span>Download</span></a>
</div>
</section>`;
  return layout({ title: `${rec.title} · Reelay`, head, body, script: true });
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
