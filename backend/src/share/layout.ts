/**
 * The page frame every share-side page uses (share page, embed, password, notices): one <style>
 * and at most one <script>, both static and allowed by hash in the CSP (csp.ts).
 */
import { escapeHtml } from './format';
import { SCRIPT } from './script';
import { STYLE } from './styles';

/** The red recording dot, inline (no extra request; img-src allows data:). */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%23e5484d'/%3E%3C/svg%3E";

export interface LayoutOptions {
  title: string;
  head?: string;
  body: string;
  /** The static inline SCRIPT (Copy link, local dates, upload progress). */
  script?: boolean;
  /** Markup put at the end of <body>: the player's JSON island and its module script from /assets. */
  tail?: string;
  /** No header and footer: the embed page is only its player. */
  bare?: boolean;
}

export function layout(opts: LayoutOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="${FAVICON}">
<title>${escapeHtml(opts.title)}</title>
${opts.head ?? ''}
<style>${STYLE}</style>
</head>
<body${opts.bare ? ' class="bare"' : ''}>
${opts.bare ? '' : '<header class="top"><span class="brand"><i></i>Reelay</span></header>\n'}<main>
${opts.body}
</main>
${opts.bare ? '' : '<footer>Shared with Reelay</footer>\n'}${opts.script ? `<script>${SCRIPT}</script>\n` : ''}${opts.tail ?? ''}</body>
</html>
`;
}

