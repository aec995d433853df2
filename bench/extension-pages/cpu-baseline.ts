/**
 * BENCH BUILDS ONLY (bench/lib/bench-extension.ts adds this page to a separate build; the
 * production build never contains it). The `cpu` benchmark's baseline: created as the extension's
 * offscreen document in place of the real one, it captures exactly what the real recorder captures
 * for "Screen or window" (getDisplayMedia with the product's constraints, the same tab picked by
 * title) and runs MediaRecorder with the product's options and timeslice — and does nothing with its
 * chunks (their Blob handles are kept, untouched, so the benchmark can count the frames after the
 * measured window). No spool, no fixer, no upload: what MediaRecorder alone costs this process.
 * Driven over CDP (Runtime.evaluate on `reelayCpuBaseline`).
 */
import { displayMediaConstraints, pickMimeType, recorderOptions, TIMESLICE_MS, videoBitrate } from '../../extension/src/core/recorder/media-options';
import type { CaptureOptions } from '../../extension/src/shared/capture-options';

export interface BaselineStarted {
  mimeType: string;
  videoBitsPerSecond: number;
  width: number;
  height: number;
  frameRate: number;
}

let running: { stream: MediaStream; recorder: MediaRecorder; bytes: number; chunks: Blob[] } | undefined;
/** The last recording, kept only to be handed to the benchmark after the measured window. */
let recorded: Blob | undefined;

const api = {
  /** The same capture and recorder options as the product's session for `options` ("Screen or window"). */
  async start(options: CaptureOptions): Promise<BaselineStarted> {
    if (running) throw new Error('already recording');
    const stream = await navigator.mediaDevices.getDisplayMedia(displayMediaConstraints(options.quality));
    const mimeType = pickMimeType((t) => MediaRecorder.isTypeSupported(t));
    if (!mimeType) throw new Error('no supported MediaRecorder type');
    const videoBitsPerSecond = videoBitrate(options.videoBitsPerSecond, options.quality);
    const recorder = new MediaRecorder(stream, recorderOptions(mimeType, videoBitsPerSecond));
    const run = { stream, recorder, bytes: 0, chunks: [] as Blob[] };
    // Nothing is done with a chunk: its Blob handle is only kept (its bytes live in the browser
    // process) so that the benchmark can count the frames afterwards, as it does on the other side.
    recorder.ondataavailable = (event) => {
      run.bytes += event.data.size;
      run.chunks.push(event.data);
    };
    recorder.start(TIMESLICE_MS);
    running = run;
    const settings = stream.getVideoTracks()[0]!.getSettings();
    return { mimeType, videoBitsPerSecond, width: settings.width ?? 0, height: settings.height ?? 0, frameRate: settings.frameRate ?? 0 };
  },

  async stop(): Promise<{ bytes: number; chunks: number }> {
    recorded = undefined;
    const run = running;
    if (!run) throw new Error('not recording');
    running = undefined;
    await new Promise<void>((resolve) => {
      run.recorder.addEventListener('stop', () => resolve(), { once: true });
      run.recorder.stop();
    });
    for (const track of run.stream.getTracks()) track.stop();
    recorded = new Blob(run.chunks, { type: run.recorder.mimeType });
    return { bytes: run.bytes, chunks: run.chunks.length };
  },

  /** PUTs the last recording to `url` (after the measured window) and forgets it. */
  async hand(url: string): Promise<void> {
    if (!recorded) throw new Error('nothing recorded');
    const response = await fetch(url, { method: 'PUT', body: recorded });
    recorded = undefined;
    if (!response.ok) throw new Error(`PUT the recording: HTTP ${response.status}`);
  },
};

export type CpuBaselineApi = typeof api;

Object.assign(globalThis, { reelayCpuBaseline: api });
