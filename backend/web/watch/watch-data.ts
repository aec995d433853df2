/** What the server put in the page for the player (api/watch-page.ts), read once. */
import { WATCH_DATA_ID, type WatchPageData } from '../../../api/watch-page';

export function readWatchData(): WatchPageData | undefined {
  const island = document.getElementById(WATCH_DATA_ID);
  if (!island?.textContent) return undefined;
  try {
    return JSON.parse(island.textContent) as WatchPageData;
  } catch {
    return undefined;
  }
}

/** `/api/recordings/<id>/…` */
export const apiPath = (id: string, rest = '') => `/api/recordings/${encodeURIComponent(id)}${rest}`;
