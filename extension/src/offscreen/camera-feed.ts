/**
 * The recording's camera, in the offscreen document. The camera is opened HERE, where the
 * extension's own camera grant applies (asked once on the permissions page), not in the in-page
 * bubble: that frame is a cross-origin iframe of the recorded site, whose camera permission
 * Chrome delegates from the site (the site would be asked, per site). The bubble gets a live view
 * over a local WebRTC connection (camera-preview.ts), as Cap does; the bubble in the page is then
 * what tab capture (or a shared screen) records, so nothing is composited here.
 *
 * A camera that fails never stops the recording: the feed records why (shown in the page's
 * control bar) and the recording goes on without the bubble.
 */
import { cameraConstraints } from '../core/camera/camera-constraints';
import { cameraError, cameraLostError } from '../core/camera/camera-errors';
import type { CameraState } from '../shared/messages';

type Listener = (state: CameraState) => void;

class CameraFeed {
  private current: CameraState = { state: 'off' };
  private stream: MediaStream | undefined;
  /** Bumped by every open/close: an open that finishes after a close releases its stream. */
  private generation = 0;
  private readonly listeners = new Set<Listener>();

  get state(): CameraState {
    return this.current;
  }

  /** The live camera track, if any. */
  get track(): MediaStreamTrack | undefined {
    const track = this.stream?.getVideoTracks()[0];
    return track?.readyState === 'live' ? track : undefined;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the camera for the bubble; never throws (a failure becomes the 'failed' state). */
  async open(deviceId: string | undefined): Promise<void> {
    this.close();
    const generation = ++this.generation;
    this.set({ state: 'opening' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(deviceId, 'bubble'), audio: false });
      if (generation !== this.generation) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      const track = stream.getVideoTracks()[0];
      track?.addEventListener('ended', () => {
        if (generation === this.generation) this.set({ state: 'failed', error: cameraLostError() });
      });
      this.set({ state: 'live' });
    } catch (error) {
      if (generation === this.generation) this.set({ state: 'failed', error: cameraError(error) });
    }
  }

  /** Releases the camera (the recording ended). */
  close(): void {
    this.generation++;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    if (this.current.state !== 'off') this.set({ state: 'off' });
  }

  private set(state: CameraState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

/** One recording at a time: one camera feed per offscreen document. */
export const cameraFeed = new CameraFeed();
