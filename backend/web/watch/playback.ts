/**
 * What the player does to the <video>, outside Preact: seeking inside the played span, play/pause,
 * mute, full screen, Picture-in-Picture, and keeping playback inside the trim (start at its start,
 * stop at its end, checked every frame while playing: `timeupdate` alone would overshoot by up to
 * a quarter of a second).
 */
import { clampToSpan, playedSpan, type Span } from './time';
import type { Store, WatchState } from './store';

export class Playback {
  constructor(
    readonly video: HTMLVideoElement,
    private readonly store: Store<WatchState>,
    private readonly durationMs: number,
    /** What goes full screen: the player box (video and its controls). */
    private readonly box: HTMLElement,
  ) {}

  span(): Span {
    const known = Number.isFinite(this.video.duration) && this.video.duration > 0 ? this.video.duration * 1000 : this.durationMs;
    return playedSpan(known || this.durationMs, this.store.get().trim);
  }

  nowMs(): number {
    return this.video.currentTime * 1000;
  }

  seek(ms: number): void {
    this.video.currentTime = clampToSpan(ms, this.span()) / 1000;
  }

  seekBy(deltaMs: number): void {
    this.seek(this.nowMs() + deltaMs);
  }

  toggle(): void {
    if (this.video.paused || this.video.ended) void this.play();
    else this.video.pause();
  }

  async play(): Promise<void> {
    const span = this.span();
    const now = this.nowMs();
    if (now < span.startMs || now >= span.endMs - 50) this.video.currentTime = span.startMs / 1000;
    try {
      await this.video.play();
    } catch {
      // Refused (autoplay rules) or interrupted by a seek: the button still says Play.
    }
  }

  toggleMute(): void {
    this.video.muted = !this.video.muted;
  }

  toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void this.box.requestFullscreen?.().catch(() => {});
  }

  togglePictureInPicture(): void {
    if (document.pictureInPictureElement) void document.exitPictureInPicture().catch(() => {});
    else void this.video.requestPictureInPicture?.().catch(() => {});
  }

  /** Keeps playback inside the trim (whatever the store says now: the owner may change it). */
  guardTrim(): void {
    const v = this.video;
    let frame = 0;
    const enforce = () => {
      const span = this.span();
      if (!this.store.get().trim) return;
      if (v.currentTime * 1000 >= span.endMs) {
        if (!v.paused) v.pause();
        // Only when past it: setting the same time again would seek again, and again.
        if (v.currentTime * 1000 > span.endMs + 1) v.currentTime = span.endMs / 1000;
      } else if (v.currentTime * 1000 < span.startMs - 250) {
        v.currentTime = span.startMs / 1000;
      }
    };
    const check = () => {
      frame = 0;
      enforce();
      if (!v.paused) frame = requestAnimationFrame(check);
    };
    // Frames stop in a hidden tab: timeupdate keeps the end there (to within a quarter second).
    v.addEventListener('timeupdate', enforce);
    const toStart = () => {
      const span = this.span();
      if (this.store.get().trim && (v.currentTime * 1000 < span.startMs || v.currentTime * 1000 > span.endMs)) v.currentTime = span.startMs / 1000;
    };
    v.addEventListener('loadedmetadata', toStart);
    if (v.readyState >= 1) toStart();
    v.addEventListener('play', () => {
      const span = this.span();
      if (this.store.get().trim && (v.currentTime * 1000 < span.startMs || v.currentTime * 1000 >= span.endMs - 50)) v.currentTime = span.startMs / 1000;
      if (!frame) frame = requestAnimationFrame(check);
    });
    v.addEventListener('seeked', () => {
      if (!frame) check();
    });
    this.store.subscribe(toStart);
  }
}
