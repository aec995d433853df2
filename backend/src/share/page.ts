/**
 * Share page HTML (pure: data in, string out). Every piece of user text goes through
 * escapeHtml. No scripts: the page works under a strict Content-Security-Policy.
 */
import { baseMimeType, escapeHtml, formatDate, formatDuration, formatSize } from './format';

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
  /** Absolute URL of this page (og:url). */
  page: string;
  /** Absolute URL of /v/<id>/video (redirects to the store). */
  video: string;
  /** Absolute URL of /v/<id>/download. */
  download: string;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--fg:#14161a;--muted:#5d6470;--card:#fff;--line:#e3e6ea;--accent:#5b5bd6;--accent-fg:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#eceef2;--muted:#9aa1ad;--card:#171a20;--line:#262a33;--accent:#7c7cf0}}
*{box-sizing:border-box}
html,body{margin:0}
body{background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;min-height:100vh;display:flex;flex-direction:column}
header{padding:14px 24px;border-bottom:1px solid var(--line);background:var(--card)}
.brand{font-weight:700;letter-spacing:.02em;color:var(--fg);text-decoration:none;display:inline-flex;align-items:center;gap:8px}
.brand i{width:12px;height:12px;border-radius:50%;background:#e5484d;display:inline-block;box-shadow:0 0 0 3px rgba(229,72,77,.25)}
main{width:100%;max-width:1100px;margin:0 auto;padding:24px;flex:1}
.player{background:#000;border-radius:12px;overflow:hidden;box-shadow:0 10px 30px rgba(0,0,0,.18);aspect-ratio:16/9}
.player video{display:block;width:100%;height:100%;background:#000}
h1{font-size:clamp(1.3rem,2.5vw,1.9rem);line-height:1.25;margin:22px 0 6px;overflow-wrap:anywhere}
.meta{color:var(--muted);display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 18px;padding:0;list-style:none}
.actions{display:flex;flex-wrap:wrap;gap:10px}
.button{display:inline-flex;align-items:center;gap:8px;padding:10px 16px;border-radius:8px;background:var(--accent);color:var(--accent-fg);text-decoration:none;font-weight:600}
.button:hover{filter:brightness(1.08)}
.notice{max-width:560px;margin:12vh auto 0;text-align:center;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:36px 28px}
.notice h1{margin-top:0}
.notice p{color:var(--muted);margin:0}
.spinner{width:28px;height:28px;margin:0 auto 16px;border:3px solid var(--line);border-top-color:var(--accent);border-radius:50%;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:18px}
@media (max-width:600px){main{padding:12px}.player{border-radius:8px}header{padding:12px}}
`;

function layout(opts: { title: string; head?: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
${opts.head ?? ''}
<style>${STYLE}</style>
</head>
<body>
<header><span class="brand"><i></i>Reelay</span></header>
<main>
${opts.body}
</main>
<footer>Shared with Reelay</footer>
</body>
</html>
`;
}

export function recordingPage(rec: SharePageRecording, urls: SharePageUrls): string {
  const title = escapeHtml(rec.title);
  const date = formatDate(rec.createdAt);
  const duration = formatDuration(rec.durationMs);
  const description = `Screen recording · ${duration}${date ? ` · ${date}` : ''}`;
  const videoType = escapeHtml(baseMimeType(rec.mimeType));
  const dims =
    rec.width && rec.height
      ? `<meta property="og:video:width" content="${rec.width}">\n<meta property="og:video:height" content="${rec.height}">\n`
      : '';
  const head = `<meta name="description" content="${escapeHtml(description)}">
<meta name="robots" content="noindex">
<meta property="og:site_name" content="Reelay">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${escapeHtml(description)}">
<meta property="og:type" content="video.other">
<meta property="og:url" content="${escapeHtml(urls.page)}">
<meta property="og:video" content="${escapeHtml(urls.video)}">
<meta property="og:video:url" content="${escapeHtml(urls.video)}">
<meta property="og:video:secure_url" content="${escapeHtml(urls.video)}">
<meta property="og:video:type" content="${videoType}">
${dims}<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${escapeHtml(description)}">`;
  const aspect = rec.width && rec.height ? ` style="aspect-ratio:${rec.width}/${rec.height}"` : '';
  const body = `<div class="player"${aspect}>
<video controls playsinline preload="metadata" src="${escapeHtml(urls.video)}">
<a href="${escapeHtml(urls.download)}">Download the video</a>
</video>
</div>
<h1>${title}</h1>
<ul class="meta">
<li><time datetime="${escapeHtml(rec.createdAt)}">${escapeHtml(date)}</time></li>
<li>${escapeHtml(duration)}</li>
<li>${escapeHtml(formatSize(rec.size))}</li>
</ul>
<div class="actions">
<a class="button" href="${escapeHtml(urls.download)}" download>Download</a>
</div>`;
  return layout({ title: `${rec.title} · Reelay`, head, body });
}

/** Shown while the recording is still being uploaded; reloads itself. */
export function pendingPage(): string {
  return layout({
    title: 'Still uploading · Reelay',
    head: '<meta http-equiv="refresh" content="10">\n<meta name="robots" content="noindex">',
    body: `<div class="notice"><div class="spinner"></div><h1>Still uploading</h1>
<p>This recording is still being uploaded. The page reloads by itself when it is ready.</p></div>`,
  });
}

export function notFoundPage(): string {
  return layout({
    title: 'Recording not found · Reelay',
    head: '<meta name="robots" content="noindex">',
    body: `<div class="notice"><h1>Recording not found</h1>
<p>This link does not point to a recording. It may have been deleted, or the link is incomplete.</p></div>`,
  });
}

/** The store failed or something unexpected happened while rendering a share route. */
export function unavailablePage(): string {
  return layout({
    title: 'Temporarily unavailable · Reelay',
    head: '<meta name="robots" content="noindex">',
    body: `<div class="notice"><h1>Temporarily unavailable</h1>
<p>This recording cannot be shown right now. Please try again in a moment.</p></div>`,
  });
}
