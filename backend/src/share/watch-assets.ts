/**
 * The URL of the share page's player bundle (/assets/watch-<hash>.js, backend/web/watch/), known
 * once the in-memory bundle is built (web/assets.ts; the web routes start it when the app is made).
 * The share page is rendered synchronously and must not wait on a build: until the URL is known
 * it renders without the bundle (the native player still plays: only the first page served in the
 * second or so after a start), and `watchAssetsReady()` lets a caller or a test wait for it.
 */
import { webAssets } from '../web/assets';

let scriptUrl: string | undefined;
let ready: Promise<void> | undefined;

export function watchAssetsReady(): Promise<void> {
  ready ??= webAssets().then(
    (assets) => {
      scriptUrl = assets.urls.watch;
    },
    () => {
      ready = undefined; // a failed build is retried on the next call
    },
  );
  return ready;
}

// Learn the URL as soon as the server starts (the web routes start the same, cached, build).
void watchAssetsReady();

/** The bundle's /assets URL, or undefined while it is being built. */
export function watchScriptUrl(): string | undefined {
  if (!scriptUrl) void watchAssetsReady();
  return scriptUrl;
}
