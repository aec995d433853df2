/**
 * The player's own controls, under the video (they replace the native ones so that, under a trim,
 * the time and the bar show the trimmed span): play/pause, the position and the length, a seek
 * slider with the comments' and reactions' markers above it (each a button that seeks there),
 * mute, Speed, Picture-in-Picture and full screen. Every control has a name; all work from the
 * keyboard (and keys.ts adds the player's shortcuts).
 */
import type { JSX } from 'preact';
import type { ViewerComment } from '../../../api';
import { FULL, MUTED, PAUSE, PIP, PLAY, SOUND } from './icons';
import type { Playback } from './playback';
import { useStore, type Store, type WatchState } from './store';
import { clock } from './time';
import { useVideo } from './useVideo';

export const SPEEDS = [0.5, 1, 1.25, 1.5, 2] as const;

/** "Comment by Ana at 0:05", "Reaction 👍 by Ana at 0:05" (times on the played span's clock). */
export function markerLabel(c: ViewerComment, startMs: number): string {
  const at = clock(c.atMs - startMs);
  return c.emoji ? `Reaction ${c.emoji} by ${c.author} at ${at}` : `Comment by ${c.author} at ${at}`;
}

function Markers(props: { playback: Playback; comments: ViewerComment[] }): JSX.Element | null {
  const span = props.playback.span();
  const length = span.endMs - span.startMs;
  const shown = props.comments.filter((c) => c.atMs >= span.startMs && c.atMs <= span.endMs);
  if (!shown.length || length <= 0) return null;
  return (
    <ul class="markers" aria-label="Comments on the timeline">
      {shown.map((c) => (
        <li key={c.id} style={{ left: `${((c.atMs - span.startMs) / length) * 100}%` }}>
          <button type="button" class={c.emoji ? 'marker reaction' : 'marker'} aria-label={markerLabel(c, span.startMs)} title={markerLabel(c, span.startMs)} onClick={() => props.playback.seek(c.atMs)}>
            {c.emoji ?? ''}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function Controls(props: { playback: Playback; store: Store<WatchState> }): JSX.Element {
  const { playback } = props;
  const v = useVideo(playback.video);
  const { comments } = useStore(props.store);
  const span = playback.span();
  const length = Math.max(0, span.endMs - span.startMs);
  const position = Math.min(Math.max(0, v.currentMs - span.startMs), length);
  const pipAvailable = typeof document.pictureInPictureEnabled === 'boolean' && document.pictureInPictureEnabled;
  return (
    <div class="bar">
      <div class="timeline">
        <Markers playback={playback} comments={comments} />
        <input
          type="range"
          class="seek"
          aria-label="Seek"
          min={0}
          max={length}
          step={100}
          value={position}
          aria-valuetext={`${clock(position)} of ${clock(length)}`}
          onInput={(e) => playback.seek(span.startMs + Number(e.currentTarget.value))}
        />
      </div>
      <div class="row">
        <button type="button" class="icon" aria-label={v.paused ? 'Play' : 'Pause'} onClick={() => playback.toggle()}>
          {v.paused ? PLAY : PAUSE}
        </button>
        <span class="time">
          <span id="watch-position">{clock(position)}</span>
          <span aria-hidden="true"> / </span>
          <span class="sr"> of </span>
          <span id="watch-length">{clock(length)}</span>
        </span>
        <span class="grow" />
        <button type="button" class="icon" aria-label={v.muted ? 'Unmute' : 'Mute'} onClick={() => playback.toggleMute()}>
          {v.muted ? MUTED : SOUND}
        </button>
        <label class="speed">
          <span>Speed</span>
          <select value={String(v.rate)} onChange={(e) => (playback.video.playbackRate = Number(e.currentTarget.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={String(s)}>{`${s}×`}</option>
            ))}
          </select>
        </label>
        {pipAvailable ? (
          <button type="button" class="icon" aria-label={v.pip ? 'Leave picture-in-picture' : 'Picture-in-picture'} onClick={() => playback.togglePictureInPicture()}>
            {PIP}
          </button>
        ) : null}
        <button type="button" class="icon" aria-label={v.fullscreen ? 'Leave full screen' : 'Full screen'} onClick={() => playback.toggleFullscreen()}>
          {FULL}
        </button>
      </div>
    </div>
  );
}
