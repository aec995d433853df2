/**
 * The start of every server page's <head>, for the share side (layout.ts) and the web pages
 * (web/page.ts) alike: charset, viewport, noindex (links are for the people they were sent to, not
 * for search engines), the favicon and the title. Each frame adds its own styles and scripts.
 */
import { escapeHtml } from './format';

/** The red recording dot, inline (no extra request; img-src allows data:). */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%23e5484d'/%3E%3C/svg%3E";

export function documentHead(title: string, { noReferrer = false } = {}): string {
  return `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${noReferrer ? '<meta name="referrer" content="no-referrer">\n' : ''}<meta name="robots" content="noindex">
<link rel="icon" href="${FAVICON}">
<title>${escapeHtml(title)}</title>`;
}
