/**
 * The player's keys, anywhere on the page but in a text field: space or k play/pause, j and l
 * ±10 s, ← and → ±5 s, f full screen, m mute. Space on a focused button or link is that control's
 * own (it presses it); k always plays and pauses.
 */
import type { Playback } from './playback';

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return false;
}

export function listenForKeys(playback: Playback): void {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
    const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement || (e.target instanceof HTMLInputElement && e.target.type !== 'range');
    const act: Record<string, () => void> = {
      k: () => playback.toggle(),
      j: () => playback.seekBy(-10_000),
      l: () => playback.seekBy(10_000),
      ArrowLeft: () => playback.seekBy(-5_000),
      ArrowRight: () => playback.seekBy(5_000),
      f: () => playback.toggleFullscreen(),
      m: () => playback.toggleMute(),
    };
    if (!onControl) act[' '] = () => playback.toggle();
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const run = act[key];
    if (!run) return;
    e.preventDefault(); // no page scroll on space or arrows, no slider step on top of ours
    run();
  });
}
