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

export function layout(opts: { title: string; head?: string; body: string; script?: boolean }): string {
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
<body>
<header class="top"><span class="brand"><i></i>Reelay</span></header>
<main>
${opts.body}
</main>
<footer>Shared with Reelay</footer>
${opts.script ? `<script>${SCRIPT}</script>\n` : ''}</body>
</html>
`;
}

