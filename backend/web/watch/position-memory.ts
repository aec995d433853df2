/**
 * Where this viewer left the recording, in this browser (localStorage, per recording): the player
 * resumes there unless it was near the start or the end. Storage may be off (private modes): then
 * nothing is remembered.
 */
import type { Playback } from './playback';
import { resumeAt } from './time';

const key = (id: string) => `reelay:position:${id}`;

function read(id: string): number | null {
  try {
    const v = localStorage.getItem(key(id));
    return v === null ? null : Number(v);
  } catch {
    return null;
  }
}

function write(id: string, ms: number): void {
  try {
    localStorage.setItem(key(id), String(Math.round(ms)));
  } catch {
    // storage off or full: nothing remembered
  }
}

export function rememberPosition(id: string, playback: Playback): void {
  const v = playback.video;
  const restore = () => {
    const at = resumeAt(read(id), playback.span());
    if (at !== null) playback.seek(at);
  };
  if (v.readyState >= 1) restore();
  else v.addEventListener('loadedmetadata', restore, { once: true });
  let last = 0;
  v.addEventListener('timeupdate', () => {
    if (Math.abs(v.currentTime - last) < 2) return;
    last = v.currentTime;
    write(id, playback.nowMs());
  });
  const save = () => write(id, playback.nowMs());
  v.addEventListener('pause', save);
  addEventListener('pagehide', save);
}
