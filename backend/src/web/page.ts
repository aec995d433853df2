/**
 * The one HTML shell of the server's pages (sign-in, library, account): language, viewport, title,
 * the stylesheet and one module script from /assets (no inline script or style), a header with
 * "Library", "Account", the person's name and "Sign out" once signed in, and the data the page's
 * script starts from as data-* attributes of #app. Pure: data in, string out; every value escaped.
 */
import { documentHead } from '../share/document-head';
import { escapeHtml } from '../share/format';

export interface PageUser {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'member';
}

export interface ShellOptions {
  /** The document's title and the page's h1. */
  title: string;
  /** /assets/… URLs. */
  styleUrl: string;
  scriptUrl?: string;
  /** Signed in: the header shows who and "Sign out". */
  user?: PageUser;
  /** Which header link is the current page. */
  current?: 'library' | 'account';
  /** data-* attributes of #app, read by the page's script (names without "data-"). */
  data?: Record<string, string>;
  /** Static HTML inside #app (already escaped), e.g. for a page without script. */
  body?: string;
}

/**
 * Content-Security-Policy of these pages: scripts and styles only from this server's /assets,
 * API calls to this server, images from here (thumbnails redirect to the store) and the store,
 * uploads to the store.
 */
export function webPageCsp(imageOrigins: string[], storeOrigin: string): string {
  const images = [...new Set(["'self'", ...imageOrigins])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images} data:`,
    // "Upload a video" (backend/web/upload/) PUTs presigned parts straight to the store and reads
    // the picked file through a blob: URL in a <video> for its length and poster.
    `connect-src 'self' ${storeOrigin}`,
    'media-src blob:',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function header(user: PageUser | undefined, current: ShellOptions['current']): string {
  const brand = '<a class="brand" href="/"><i aria-hidden="true"></i>Reelay</a>';
  if (!user) return `<header class="top">${brand}</header>`;
  const link = (href: string, label: string, key: ShellOptions['current']) =>
    `<a href="${href}"${current === key ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<header class="top">${brand}
<nav aria-label="Main">${link('/library', 'Library', 'library')}${link('/account', 'Account', 'account')}</nav>
<div class="who"><span class="who-name" title="${escapeHtml(user.email)}">${escapeHtml(user.name || user.email)}</span>
<form method="post" action="/sign-out"><button type="submit" class="btn btn-quiet">Sign out</button></form></div>
</header>`;
}

export function shellPage(opts: ShellOptions): string {
  const data = Object.entries(opts.data ?? {})
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  const script = opts.scriptUrl ? `<script type="module" src="${escapeHtml(opts.scriptUrl)}"></script>\n` : '';
  const noscript = opts.scriptUrl ? '<noscript><p class="notice">This page needs JavaScript. Turn it on for this site and reload.</p></noscript>' : '';
  return `<!doctype html>
<html lang="en">
<head>
${documentHead(`${opts.title} · Reelay`, { noReferrer: true })}
<link rel="stylesheet" href="${escapeHtml(opts.styleUrl)}">
${script}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${header(opts.user, opts.current)}
<main id="main" tabindex="-1">
<h1>${escapeHtml(opts.title)}</h1>
<div id="app"${data}>${noscript}${opts.body ?? ''}</div>
</main>
</body>
</html>
`;
}
