/**
 * Counts this view and reports how much of the recording it played (issue 14): on the first play,
 * POST /views (the server decides whether it counts: the owner's own views don't); then the played
 * time every 10 s while playing, and with navigator.sendBeacon as the page goes away or is hidden
 * (a fetch there may be cancelled). The played time is the union of `video.played`, so replays and
 * seeks back are not counted twice.
 */
import { apiPath } from './watch-data';
import { watchedMs } from './time';

const REPORT_EVERY_MS = 10_000;

function played(video: HTMLVideoElement): number {
  const ranges: [number, number][] = [];
  for (let i = 0; i < video.played.length; i++) ranges.push([video.played.start(i), video.played.end(i)]);
  return watchedMs(ranges);
}

export function countViews(id: string, video: HTMLVideoElement): void {
  let viewPath: string | undefined;
  let sent = -1;
  let timer: ReturnType<typeof setInterval> | undefined;

  const body = () => JSON.stringify({ watchedMs: played(video) });
  const report = () => {
    const ms = played(video);
    if (!viewPath || ms === sent) return;
    sent = ms;
    void fetch(viewPath, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: body(), keepalive: true }).catch(() => {});
  };
  const beacon = () => {
    const ms = played(video);
    if (!viewPath || ms === sent) return;
    sent = ms;
    navigator.sendBeacon(viewPath, new Blob([body()], { type: 'application/json' }));
  };

  const startView = () => {
    void fetch(apiPath(id, '/views'), { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ counted: boolean; viewId?: string }>) : undefined))
      .then((res) => {
        if (res?.counted && res.viewId) viewPath = apiPath(id, `/views/${encodeURIComponent(res.viewId)}`);
      })
      .catch(() => {});
  };
  const reportWhilePlaying = () => {
    timer ??= setInterval(report, REPORT_EVERY_MS);
  };
  // Already playing: the page of a recording that was still uploading started it before this
  // bundle loaded (share/live-script.ts); that play counts as the first.
  if (!video.paused) {
    startView();
    reportWhilePlaying();
  } else {
    video.addEventListener('play', startView, { once: true });
  }
  video.addEventListener('play', reportWhilePlaying);
  video.addEventListener('pause', () => {
    clearInterval(timer);
    timer = undefined;
    report();
  });
  addEventListener('pagehide', beacon);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') beacon();
  });
}
