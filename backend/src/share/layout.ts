/**
 * The page frame every share-side page uses (share page, embed, password, notices): one <style>
 * and at most one <script>, both static and allowed by hash in the CSP (csp.ts).
 */
import { documentHead } from './document-head';
import { SCRIPT } from './script';
import { STYLE } from './styles';

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
${documentHead(opts.title)}
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

