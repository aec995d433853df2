/**
 * Getting the stream to record from the popup's CaptureOptions (as sent) and the service worker's
 * tab stream, and the MediaRecorder on it, in the offscreen document:
 * - 'tab': getUserMedia with the stream id the service worker got from chrome.tabCapture. Tab
 *   capture mutes the tab for the user, so its audio is played back through an AudioContext.
 * - 'screen': getDisplayMedia (Chrome's picker; system/tab audio when the user shares it).
 * - 'camera' ("Camera only"): the chosen camera full-frame (getUserMedia).
 * - camera bubble (options.camera with 'tab'/'screen'): the camera feed is opened beside the capture
 *   (camera-feed.ts); the bubble shows it in the page, where the capture records it. A camera that
 *   fails does not fail the capture.
 * - microphone: getUserMedia with the chosen microphone, mixed with the captured audio through WebAudio into a
 *   single audio track (MediaRecorder records only one audio track).
 */
import type { CaptureOptions } from '../shared/capture-options';
import type { TabStream } from '../shared/messages';
import { displayMediaConstraints, tabCaptureConstraints, TIMESLICE_MS } from '../core/recorder/media-options';
import { captureError, microphoneError, RecorderFailure } from '../core/recorder/recorder-errors';
import { cameraConstraints, microphoneConstraints } from '../core/camera/camera-constraints';
import { cameraOnlyError } from '../core/camera/camera-errors';
import { cameraFeed } from './camera-feed';

/** The parts of the video track the session uses. */
export type VideoTrackLike = Pick<MediaStreamTrack, 'readyState' | 'getSettings' | 'addEventListener'>;

export interface Capture {
  /** What MediaRecorder records: one video track, at most one audio track. */
  stream: MediaStream;
  video: VideoTrackLike;
  /** Ends all tracks and the audio graph (idempotent). */
  stop(): void;
}

/** The parts of MediaRecorder the session uses. */
export type RecorderLike = Pick<
  MediaRecorder,
  'state' | 'start' | 'stop' | 'pause' | 'resume' | 'addEventListener' | 'ondataavailable' | 'onerror'
>;

/** Browser media behind one seam (tests drive the session with a scripted recorder). */
export interface MediaPorts {
  /** `tab`: the service worker's tab stream, for options.source 'tab'. */
  openCapture(options: CaptureOptions, tab: TabStream | undefined): Promise<Capture>;
  isTypeSupported(mimeType: string): boolean;
  createRecorder(stream: MediaStream, options: MediaRecorderOptions): RecorderLike;
}

export const browserMedia: MediaPorts = {
  openCapture: (options, tab) => openCapture(options, tab),
  isTypeSupported: (type) => MediaRecorder.isTypeSupported(type),
  createRecorder: (stream, options) => new MediaRecorder(stream, options),
};

function stopAll(...streams: (MediaStream | undefined)[]): void {
  for (const stream of streams) for (const track of stream?.getTracks() ?? []) track.stop();
}

async function captureSource(options: CaptureOptions, tab: TabStream | undefined): Promise<MediaStream> {
  if (options.source === 'tab') {
    if (!tab) {
      throw new RecorderFailure({
        code: 'capture_failed',
        message: 'No tab stream to record.',
        hint: 'Click the Reelay button on the tab you want to record, then press Start recording.',
      });
    }
    return navigator.mediaDevices.getUserMedia(tabCaptureConstraints(tab.streamId, tab.frameSize, options.quality));
  }
  if (options.source === 'camera') {
    try {
      return await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(options.cameraDeviceId, 'full-frame'), audio: false });
    } catch (error) {
      throw new RecorderFailure(cameraOnlyError(error));
    }
  }
  return navigator.mediaDevices.getDisplayMedia(displayMediaConstraints(options.quality));
}

/** Throws RecorderFailure with a user-facing error. */
export async function openCapture(options: CaptureOptions, tab: TabStream | undefined): Promise<Capture> {
  let source: MediaStream;
  try {
    source = await captureSource(options, tab);
  } catch (error) {
    if (error instanceof RecorderFailure) throw error;
    throw new RecorderFailure(captureError(error, options.source));
  }
  const video = source.getVideoTracks()[0];
  if (!video) {
    stopAll(source);
    throw new RecorderFailure(captureError(new Error('the stream has no video'), options.source));
  }

  let mic: MediaStream | undefined;
  if (options.microphone) {
    try {
      mic = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints(options.microphoneDeviceId) });
    } catch (error) {
      stopAll(source);
      throw new RecorderFailure(microphoneError(error));
    }
  }

  const sourceAudio = source.getAudioTracks();
  const playBack = options.source === 'tab' && sourceAudio.length > 0;
  const needsMix = mic !== undefined && sourceAudio.length > 0;
  let context: AudioContext | undefined;
  let audioTrack: MediaStreamTrack | undefined = sourceAudio[0] ?? mic?.getAudioTracks()[0];

  if (playBack || needsMix) {
    context = new AudioContext();
    // Offscreen documents have no user gesture; resume() is allowed for capture-driven audio.
    void context.resume().catch(() => undefined);
    const destination = context.createMediaStreamDestination();
    if (sourceAudio.length > 0) {
      const node = context.createMediaStreamSource(new MediaStream(sourceAudio));
      node.connect(destination);
      if (playBack) node.connect(context.destination); // keep the tab audible
    }
    if (mic) context.createMediaStreamSource(mic).connect(destination);
    audioTrack = destination.stream.getAudioTracks()[0] ?? audioTrack;
  }

  const stream = new MediaStream([video, ...(audioTrack ? [audioTrack] : [])]);
  // The bubble's camera opens during the countdown; its outcome is the feed's state, never an error here.
  if (options.camera && options.source !== 'camera') void cameraFeed.open(options.cameraDeviceId);
  let stopped = false;
  return {
    stream,
    video,
    stop() {
      if (stopped) return;
      stopped = true;
      stopAll(source, mic, stream);
      cameraFeed.close();
      void context?.close().catch(() => undefined);
    },
  };
}

/** Creates MediaRecorder and starts it (one chunk per TIMESLICE_MS); non-empty chunks go to onChunk. */
export function startRecorder(
  media: MediaPorts,
  stream: MediaStream,
  options: MediaRecorderOptions,
  handlers: { onChunk(data: Blob): void; onError(error: unknown): void },
): RecorderLike {
  const recorder = media.createRecorder(stream, options);
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) handlers.onChunk(event.data);
  };
  recorder.onerror = (event) => handlers.onError((event as ErrorEvent).error ?? event);
  recorder.start(TIMESLICE_MS);
  return recorder;
}

const STOP_EVENT_TIMEOUT_MS = 5000;

/** recorder.stop() and wait for its 'stop' event (it follows the last 'dataavailable'). */
export async function stopRecorderAndWait(recorder: RecorderLike): Promise<void> {
  if (recorder.state === 'inactive') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STOP_EVENT_TIMEOUT_MS); // never hang on a broken recorder
    recorder.addEventListener(
      'stop',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
    try {
      recorder.stop();
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
