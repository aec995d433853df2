/** The <video>'s state for rendering: re-renders on its events (timeupdate is ~4 a second). */
import { useEffect, useState } from 'preact/hooks';

export interface VideoState {
  paused: boolean;
  muted: boolean;
  rate: number;
  currentMs: number;
  fullscreen: boolean;
  pip: boolean;
}

const EVENTS = ['play', 'pause', 'ended', 'timeupdate', 'seeked', 'seeking', 'volumechange', 'ratechange', 'loadedmetadata', 'durationchange', 'enterpictureinpicture', 'leavepictureinpicture'];

function read(v: HTMLVideoElement): VideoState {
  return {
    paused: v.paused || v.ended,
    muted: v.muted,
    rate: v.playbackRate,
    currentMs: v.currentTime * 1000,
    fullscreen: !!document.fullscreenElement,
    pip: document.pictureInPictureElement === v,
  };
}

export function useVideo(video: HTMLVideoElement): VideoState {
  const [state, setState] = useState(() => read(video));
  useEffect(() => {
    const update = () => setState(read(video));
    for (const e of EVENTS) video.addEventListener(e, update);
    document.addEventListener('fullscreenchange', update);
    return () => {
      for (const e of EVENTS) video.removeEventListener(e, update);
      document.removeEventListener('fullscreenchange', update);
    };
  }, [video]);
  return state;
}
