/**
 * Getting the stream to record, in the offscreen document:
 * - 'tab': getUserMedia with the stream id the service worker got from chrome.tabCapture. Tab
 *   capture mutes the tab for the user, so its audio is played back through an AudioContext.
 * - 'screen': getDisplayMedia (Chrome's picker; system/tab audio when the user shares it).
 * - microphone: getUserMedia({audio:true}), mixed with the captured audio through WebAudio into a
 *   single audio track (MediaRecorder records only one audio track).
 */
import type { RecordingSource } from '../shared/recorder-status';
import { displayMediaConstraints, tabCaptureConstraints } from './pure/media-options';
import { captureError, microphoneError, RecorderFailure } from './pure/recorder-errors';

export interface CaptureRequest {
  source: RecordingSource;
  tabStreamId?: string;
  /** Device-pixel frame size of the tab (absent: Chrome's default of at most 1920x1080). */
  tabFrameSize?: { width: number; height: number };
  microphone: boolean;
}

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
  openCapture(request: CaptureRequest): Promise<Capture>;
  isTypeSupported(mimeType: string): boolean;
  createRecorder(stream: MediaStream, options: MediaRecorderOptions): RecorderLike;
}

export const browserMedia: MediaPorts = {
  openCapture: (request) => openCapture(request),
  isTypeSupported: (type) => MediaRecorder.isTypeSupported(type),
  createRecorder: (stream, options) => new MediaRecorder(stream, options),
};

function stopAll(...streams: (MediaStream | undefined)[]): void {
  for (const stream of streams) for (const track of stream?.getTracks() ?? []) track.stop();
}

async function captureSource(request: CaptureRequest): Promise<MediaStream> {
  if (request.source === 'tab') {
    if (!request.tabStreamId) {
      throw new RecorderFailure({
        code: 'capture-failed',
        message: 'No tab stream to record.',
        hint: 'Click the Reelay button on the tab you want to record, then press Start recording.',
      });
    }
    return navigator.mediaDevices.getUserMedia(tabCaptureConstraints(request.tabStreamId, request.tabFrameSize));
  }
  return navigator.mediaDevices.getDisplayMedia(displayMediaConstraints());
}

/** Throws RecorderFailure with a user-facing error. */
export async function openCapture(request: CaptureRequest): Promise<Capture> {
  let source: MediaStream;
  try {
    source = await captureSource(request);
  } catch (error) {
    if (error instanceof RecorderFailure) throw error;
    throw new RecorderFailure(captureError(error, request.source));
  }
  const video = source.getVideoTracks()[0];
  if (!video) {
    stopAll(source);
    throw new RecorderFailure(captureError(new Error('the stream has no video'), request.source));
  }

  let mic: MediaStream | undefined;
  if (request.microphone) {
    try {
      mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      stopAll(source);
      throw new RecorderFailure(microphoneError(error));
    }
  }

  const sourceAudio = source.getAudioTracks();
  const playBack = request.source === 'tab' && sourceAudio.length > 0;
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
  let stopped = false;
  return {
    stream,
    video,
    stop() {
      if (stopped) return;
      stopped = true;
      stopAll(source, mic, stream);
      void context?.close().catch(() => undefined);
    },
  };
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
