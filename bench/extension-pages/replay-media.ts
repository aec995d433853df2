/**
 * BENCH BUILDS ONLY. The two stand-ins the replay page puts behind the recorder session's
 * MediaPorts seam; everything after them is the extension's real code:
 * - ReplayRecorder: a MediaRecorder that hands out Blob chunks the driver gives it (chunks of a
 *   real MediaRecorder recording), and after stop() one last chunk, then 'stop' — as Chrome does.
 * - a capture of a small canvas, so the session has a live video track (thumbnail, width/height).
 */
import type { Capture, MediaPorts, RecorderLike } from '../../extension/src/offscreen/media-capture';

export class ReplayRecorder extends EventTarget implements RecorderLike {
  state: RecordingState = 'inactive';
  ondataavailable: RecorderLike['ondataavailable'] = null;
  onerror: RecorderLike['onerror'] = null;
  /** Delivered after stop(), before 'stop'. */
  finalChunk: Blob = new Blob([]);

  start(): void {
    this.state = 'recording';
  }
  pause(): void {
    this.state = 'paused';
  }
  resume(): void {
    this.state = 'recording';
  }
  stop(): void {
    this.state = 'inactive';
    setTimeout(() => {
      this.emit(this.finalChunk);
      this.dispatchEvent(new Event('stop'));
    }, 0);
  }
  emit(data: Blob): void {
    this.ondataavailable?.call(this as unknown as MediaRecorder, new BlobEvent('dataavailable', { data }));
  }
}

/** A 1280×720 canvas whose track gets a new frame whenever `tick()` draws (one per chunk). */
export class CanvasCapture {
  private readonly canvas = document.createElement('canvas');
  private readonly g: CanvasRenderingContext2D;
  private frame = 0;
  private stream: MediaStream | undefined;

  constructor() {
    this.canvas.width = 1280;
    this.canvas.height = 720;
    this.g = this.canvas.getContext('2d')!;
    this.tick();
  }

  tick(): void {
    this.frame++;
    this.g.fillStyle = `hsl(${(this.frame * 37) % 360} 60% 40%)`;
    this.g.fillRect(0, 0, 1280, 720);
    this.g.fillStyle = '#fff';
    this.g.font = '64px sans-serif';
    this.g.fillText(`replay ${this.frame}`, 80, 360);
  }

  open(): Capture {
    const stream = (this.stream = this.canvas.captureStream(30));
    const video = stream.getVideoTracks()[0]!;
    return { stream, video, stop: () => this.stop() };
  }

  stop(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
  }
}

export function replayMedia(recorder: ReplayRecorder, capture: CanvasCapture): MediaPorts {
  return {
    openCapture: async () => capture.open(),
    isTypeSupported: (type) => MediaRecorder.isTypeSupported(type),
    createRecorder: () => recorder,
  };
}
