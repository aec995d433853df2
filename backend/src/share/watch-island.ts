/**
 * The share page's hand-over to its player bundle (backend/web/watch/): the JSON island with what
 * the bundle starts from (api/watch-page.ts) and the module script that loads the bundle from
 * /assets (same origin: the share CSP allows script-src 'self'). A JSON island is never executed,
 * so the CSP needs no hash for it; `<` is written as \u003c so no text in it can end the element.
 */
import { WATCH_DATA_ID, type WatchPageData } from '../../../api/watch-page';
import { escapeHtml } from './format';
import type { WatchContext } from './watch-context';

/** `/v/<id>` → `<same base>/embed/<id>` (the page URL is made from PUBLIC_URL). */
export function embedUrlOf(pageUrl: string, id: string): string {
  const base = pageUrl.replace(/\/v\/[^/]*\/?$/, '');
  return `${base}/embed/${encodeURIComponent(id)}`;
}

/** The id at the end of a /v/<id> URL. */
export function idOfPageUrl(pageUrl: string): string {
  return decodeURIComponent(/\/v\/([^/?#]+)\/?$/.exec(pageUrl)?.[1] ?? '');
}

export function watchIsland(data: WatchPageData, scriptUrl: string | undefined): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const island = `<script type="application/json" id="${WATCH_DATA_ID}">${json}</script>\n`;
  return scriptUrl ? `${island}<script type="module" src="${escapeHtml(scriptUrl)}"></script>\n` : island;
}

/** A media fragment (#t=start,end): even without the bundle the browser plays only the trimmed span. */
export function trimFragment(ctx: WatchContext): string {
  if (!ctx.trim) return '';
  const s = (ms: number) => String(Math.round(ms) / 1000);
  return `#t=${s(ctx.trim.startMs)},${s(ctx.trim.endMs)}`;
}
