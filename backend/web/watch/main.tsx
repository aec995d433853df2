/**
 * The share page's and the embed page's player (issue 14), enhancing the server's <video>: it
 * takes over the controls (speed, keys, the trim, the timeline with comment markers), counts the
 * view, remembers the position, and on the share page adds comments, reactions, Embed and the
 * owner's tools. Who may see it: whoever the server let see the page (it holds no data of its own;
 * what it shows comes from the page's JSON island and the API, which checks again).
 */
import { render } from 'preact';
import { Comments } from './Comments';
import { Controls } from './Controls';
import { listenForKeys } from './keys';
import { Playback } from './playback';
import { rememberPosition } from './position-memory';
import { createStore, type WatchState } from './store';
import { clock, playedSpan } from './time';
import { Tools } from './Tools';
import { countViews } from './views-beacon';
import { readWatchData } from './watch-data';

function start(): void {
  const data = readWatchData();
  const video = document.getElementById('watch-video');
  const controls = document.getElementById('watch-controls');
  const box = document.getElementById('player');
  if (!data || !(video instanceof HTMLVideoElement) || !controls || !box) return;

  const store = createStore<WatchState>({ trim: data.trim, comments: [] });
  const playback = new Playback(video, store, data.durationMs, box);
  video.controls = false;
  video.addEventListener('click', () => playback.toggle());
  box.classList.add('enhanced');
  playback.guardTrim();
  listenForKeys(playback);
  rememberPosition(data.id, playback);
  countViews(data.id, video);
  render(<Controls playback={playback} store={store} />, controls);

  // The server wrote the duration of the span it knew; the owner may trim here.
  const duration = document.getElementById('watch-duration');
  store.subscribe(() => {
    const span = playedSpan(data.durationMs, store.get().trim);
    if (duration) duration.lastChild!.textContent = clock(span.endMs - span.startMs);
    const download = document.querySelector('#watch-actions a[download] span');
    if (download) download.textContent = store.get().trim ? 'Download original (untrimmed)' : 'Download';
  });

  if (data.embed) return;
  // Below the fold, and each a request: after the first frame, so they never compete with it.
  afterFirstFrame(video, () => {
    const tools = document.getElementById('watch-tools');
    const social = document.getElementById('watch-social');
    if (tools) render(<Tools data={data} playback={playback} store={store} />, tools);
    if (social) render(<Comments data={data} playback={playback} store={store} />, social);
  });
}

/** Runs `fn` once the video shows its first frame (or has failed to, or after 1.5 s). */
function afterFirstFrame(video: HTMLVideoElement, fn: () => void): void {
  if (video.readyState >= 2) return fn();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  video.addEventListener('loadeddata', once, { once: true });
  video.addEventListener('error', once, { once: true });
  setTimeout(once, 1500);
}

start();
