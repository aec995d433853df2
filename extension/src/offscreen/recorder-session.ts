/**
 * One recording, from "start" to a share link (or a clean cancel):
 *   capture → local record → server recording requested → countdown → MediaRecorder (1 s chunks)
 *   → every chunk spooled FIRST (ChunkWriter), then cut into parts and uploaded (UploadPipeline)
 *   → Stop: last chunk spooled, finalized, last part uploaded, upload completed → done {shareUrl}.
 * The MediaRecorder handlers close over this session's own writer: `dataavailable` fires once
 * more after stop(), and that chunk must land in this recording. This file keeps the phases;
 * recording-setup.ts wires the record, writer and pipeline; session-ending.ts finishes or discards.
 */
import type { ChunkSpool } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import { ApiClient } from '../shared/api-client';
import type { BackgroundMessage, CommandResult, OffscreenStartRecordingData } from '../shared/messages';
import type { RecorderError } from '../shared/recorder-status';
import type { ChunkWriter } from './chunk-writer';
import { recordFailure } from './complete-upload';
import { browserMedia, startRecorder, stopRecorderAndWait, type Capture, type MediaPorts, type RecorderLike } from './media-capture';
import { pickMimeType, recorderOptions, titleFor, videoBitrate } from '../core/recorder/media-options';
import {
  RecorderFailure,
  busyError,
  cancelledStartError,
  noRecordingError,
  recorderFailedError,
  storageError,
  toRecorderError,
  unsupportedRecorderError,
} from '../core/recorder/recorder-errors';
import { elapsedMs, withPauseEnded, withPauseStarted } from '../core/recorder/session-time';
import { LinkHandover, type LinkAtStopPorts } from './link-at-stop';
import { countDown } from './countdown';
import { setUpRecording } from './recording-setup';
import { announceFailure, discardAll, finishUpload } from './session-ending';
import { maxLengthMs, tighterLimit } from './max-length';
import { outOfRoom, outOfRoomWarning } from '../core/recorder/recording-room';
import type { StatusPublisher } from './status-publisher';
import { ThumbnailTask } from './thumbnail-task';
import type { StreamTransformFactory } from '../core/transforms';
import type { UploadPipeline, UploadPipelineOptions } from './upload-pipeline';

export interface SessionDeps {
  spool: ChunkSpool;
  publisher: StatusPublisher;
  /** Fire-and-forget message to the service worker. */
  notify(message: BackgroundMessage): void;
  clock: Clock;
  factory: StreamTransformFactory;
  newLocalId(): string;
  /** The session no longer needs its record protected from recovery. */
  onEnded(session: RecorderSession): void;
  /** Protect a record from recovery while this session owns it. */
  claim(localId: string): void;
  /** Default: the browser's getUserMedia/getDisplayMedia and MediaRecorder. */
  media?: MediaPorts;
  /** Upload tuning (tests shorten the backoff). */
  upload?: Pick<UploadPipelineOptions, 'retry' | 'stallPauseMs' | 'transport' | 'connectivity'> & { clock?: Clock };
  /** Hands the link over at Stop (the clipboard); without it the link comes when the upload completes. */
  linkAtStop?: LinkAtStopPorts;
}

type Phase = 'new' | 'preparing' | 'countdown' | 'recording' | 'paused' | 'finishing' | 'ended';

export class RecorderSession {
  readonly localId: string;
  private phase: Phase = 'new';
  private capture: Capture | undefined;
  private recorder: RecorderLike | undefined;
  private writer: ChunkWriter | undefined;
  private pipeline: UploadPipeline | undefined;
  /** The poster image (best effort, never affects the recording). */
  private thumbnail: ThumbnailTask | undefined;
  private client: ApiClient | undefined;
  private title = '';
  private bitrate = 0;
  private startedAt = 0;
  private pausedSpans: { start: number; end?: number }[] = [];
  private cancelled = false;
  /** Why the recording ended early (shown with the link): disk full, recorder error. */
  private warning: RecorderError | undefined;
  private readonly abort = new AbortController();
  private starting: Promise<CommandResult> | undefined;
  private stopping: Promise<CommandResult> | undefined;
  private finishing: Promise<void> | undefined;
  /** The link goes to the user at Stop (or once the server recording exists, if that is later). */
  private readonly link: LinkHandover;

  private readonly media: MediaPorts;

  constructor(private readonly deps: SessionDeps) {
    this.localId = deps.newLocalId();
    this.media = deps.media ?? browserMedia;
    this.link = new LinkHandover(deps);
  }

  /** True until the recording is done, failed or cancelled (its upload may still run). */
  get active(): boolean {
    return this.phase !== 'ended';
  }

  // --- start -------------------------------------------------------------------------------------------

  start(data: OffscreenStartRecordingData): Promise<CommandResult> {
    if (this.phase !== 'new') return Promise.resolve({ ok: false, error: busyError() });
    this.starting = this.doStart(data);
    return this.starting;
  }

  private async doStart(data: OffscreenStartRecordingData): Promise<CommandResult> {
    const { publisher, clock } = this.deps;
    const { options } = data;
    this.phase = 'preparing';
    this.deps.claim(this.localId);
    publisher.dispatch({ type: 'preparing' });
    try {
      this.capture = await this.media.openCapture(options, data.tab);
      if (this.cancelled) return await this.abandonStart(cancelledStartError(), false);
      const mimeType = pickMimeType((type) => this.media.isTypeSupported(type));
      if (!mimeType) return await this.abandonStart(unsupportedRecorderError(), false);
      const bitrate = (this.bitrate = videoBitrate(options.videoBitsPerSecond, options.quality));
      this.title = titleFor(data.title, new Date(clock.now()));
      this.client = new ApiClient({ serverUrl: data.server.url });
      const parts = await setUpRecording(
        this.deps,
        { localId: this.localId, client: this.client, apiToken: data.server.apiToken, title: this.title, mimeType, bitrate, source: options.source },
        {
          elapsed: () => this.elapsed(),
          onWriteError: (error) => this.endEarly(storageError(error)),
          onChange: () => {
            this.reportProgress();
            this.watchRoom();
            this.thumbnail?.linkChanged();
            if (this.phase === 'finishing' && !this.cancelled) this.link.offer(this.pipeline?.link?.shareUrl, this.title);
          },
          onFailure: (error) => this.onUploadFailure(error),
        },
      );
      if ('error' in parts) return await this.abandonStart(parts.error, false);
      const { writer, pipeline } = parts;
      this.writer = writer;
      this.pipeline = pipeline;
      this.capture.video.addEventListener('ended', () => void this.stop(), { once: true });

      this.phase = 'countdown';
      const counted = await countDown(data.countdownSeconds ?? 0, { ...this.deps, signal: this.abort.signal, cancelled: () => this.cancelled });
      if (!counted) return await this.abandonStart(cancelledStartError(), true);
      const early = pipeline.error;
      if (early && early.code !== 'server_unreachable') return await this.abandonStart(early, true);
      if (this.capture.video.readyState === 'ended') {
        return await this.abandonStart({ code: 'capture_failed', message: 'The shared tab or screen went away.', hint: 'Try again.' }, true);
      }

      this.recorder = startRecorder(this.media, this.capture.stream, recorderOptions(mimeType, bitrate), {
        onChunk: (data) => writer.write(data),
        onError: (error) => this.endEarly(recorderFailedError(error)),
      });
      this.startedAt = clock.now();
      this.phase = 'recording';
      this.thumbnail = ThumbnailTask.ofCapture(this.capture.stream, { client: this.client, link: () => this.pipeline?.link, clock });
      this.thumbnail.start();
      const limit = tighterLimit(maxLengthMs(options), this.serverMaxLengthMs());
      publisher.dispatch({ type: 'started', at: this.startedAt, source: options.source, microphone: options.microphone, title: this.title, ...(limit !== undefined ? { maxLengthMs: limit } : {}) });
      this.reportProgress();
      await this.deps.spool.updateRecording(this.localId, { startedAt: this.startedAt }).catch(() => undefined);
      return { ok: true };
    } catch (error) {
      return await this.abandonStart(toRecorderError(error), true);
    }
  }

  /** Nothing was recorded: release everything, delete the local record and the server recording. */
  private async abandonStart(error: RecorderError, hasRecord: boolean): Promise<CommandResult> {
    this.thumbnail?.stop();
    this.capture?.stop();
    if (hasRecord) await this.discardEverything();
    this.end();
    if (this.cancelled) this.deps.publisher.dispatch({ type: 'cancelled' });
    else this.deps.publisher.dispatch({ type: 'failed', error });
    return { ok: false, error };
  }

  // --- pause / resume ----------------------------------------------------------------------------------

  pause(): CommandResult {
    return this.setPaused(true);
  }

  resume(): CommandResult {
    return this.setPaused(false);
  }

  /** Pauses or resumes the recorder; the paused spans are saved with the record. */
  private setPaused(paused: boolean): CommandResult {
    if (this.phase !== (paused ? 'recording' : 'paused') || !this.recorder) return { ok: false, error: noRecordingError() };
    const at = this.deps.clock.now();
    if (paused) this.recorder.pause();
    else this.recorder.resume();
    this.phase = paused ? 'paused' : 'recording';
    const pausedSpans = (this.pausedSpans = paused ? withPauseStarted(this.pausedSpans, at) : withPauseEnded(this.pausedSpans, at));
    void this.deps.spool.updateRecording(this.localId, { pausedSpans }).catch(() => undefined);
    this.deps.publisher.dispatch({ type: paused ? 'paused' : 'resumed', at });
    return { ok: true };
  }

  private elapsed(at = this.deps.clock.now()): number {
    return this.startedAt === 0 ? 0 : elapsedMs(this.startedAt, this.pausedSpans, at);
  }

  // --- stop --------------------------------------------------------------------------------------------

  /** Stop recording; resolves once the last chunk is spooled (the upload then finishes in the background). */
  stop(): Promise<CommandResult> {
    if (this.phase === 'preparing' || this.phase === 'countdown') return this.cancel();
    if (this.stopping) return this.stopping;
    if (this.phase !== 'recording' && this.phase !== 'paused') return Promise.resolve({ ok: false, error: noRecordingError() });
    this.stopping = this.doStop();
    return this.stopping;
  }

  private endEarly(reason: RecorderError): void {
    if (this.phase !== 'recording' && this.phase !== 'paused') return;
    this.warning ??= reason;
    void this.stop();
  }

  private async doStop(): Promise<CommandResult> {
    const { spool, publisher, clock } = this.deps;
    const stoppedAt = clock.now();
    this.pausedSpans = withPauseEnded(this.pausedSpans, stoppedAt);
    const durationMs = this.elapsed(stoppedAt);
    this.phase = 'finishing';
    publisher.dispatch({ type: 'finishing', at: stoppedAt });
    this.link.offer(this.pipeline?.link?.shareUrl, this.title);
    const settings = this.capture?.video.getSettings() ?? {};
    // A frame for the poster if there is none yet, while the capture is still live (bounded wait).
    const thumbnailReady = this.thumbnail?.beforeCaptureEnds();
    await this.stopRecorder();
    await thumbnailReady;
    this.capture?.stop();
    const writer = this.writer!;
    const pipeline = this.pipeline!;
    try {
      // stoppedAt goes with the finished record: one transaction at Stop, not two in a row.
      const finalized = await writer.finalize({
        stoppedAt,
        status: 'uploading',
        durationMs,
        pausedSpans: this.pausedSpans,
        ...(settings.width ? { width: settings.width } : {}),
        ...(settings.height ? { height: settings.height } : {}),
      });
      if (this.cancelled) return { ok: true };
      if (finalized.totalBytes === 0) {
        const error: RecorderError = { code: 'recorder_failed', message: 'Nothing was recorded.', hint: 'Try again.' };
        await this.discardEverything();
        this.end();
        publisher.dispatch({ type: 'failed', error });
        return { ok: false, error };
      }
      pipeline.finalize(finalized.totalBytes, finalized.headerPatch);
      const { notify } = this.deps;
      this.finishing = finishUpload(
        {
          spool, client: this.client!, clock, signal: this.abort.signal, localId: this.localId, pipeline, publisher, notify,
          title: this.title, warning: () => this.warning, cancelled: () => this.cancelled, end: () => this.end(),
          explainFailure: (e) => this.link.explain(e), totalBytes: finalized.totalBytes,
        },
        {
          durationMs: finalized.record.durationMs ?? durationMs,
          ...(settings.width ? { width: settings.width } : {}),
          ...(settings.height ? { height: settings.height } : {}),
        },
      );
      return { ok: true };
    } catch (error) {
      // The spool itself failed: keep what is there for recovery, and say so.
      if (this.cancelled) return { ok: true };
      const failure = error instanceof RecorderFailure ? error : new RecorderFailure(storageError(error));
      const recorderError = await recordFailure(spool, this.localId, failure);
      await pipeline.abort();
      this.end();
      announceFailure(this.deps, this.link.explain(recorderError));
      return { ok: false, error: recorderError };
    }
  }

  private async stopRecorder(): Promise<void> {
    if (this.recorder) await stopRecorderAndWait(this.recorder);
  }

  private onUploadFailure(error: RecorderError): void {
    // While recording, a broken upload ends the recording (it is kept locally); the failure then
    // surfaces from finishUpload. During the countdown, start() checks pipeline.error itself.
    if (this.phase === 'recording' || this.phase === 'paused') {
      if (error.code !== 'server_unreachable') void this.stop();
    }
  }

  /** Stops cleanly before the server's room for this recording runs out (recording-room.ts). */
  private watchRoom(): void {
    const limits = this.pipeline?.link?.limits;
    if (limits && outOfRoom(limits, this.pipeline!.progress().bytesRecorded, this.bitrate)) this.endEarly(outOfRoomWarning(limits));
  }

  /** The server's longest recording (MAX_RECORDING_MINUTES), once the server recording exists. */
  serverMaxLengthMs(): number | undefined {
    return this.pipeline?.link?.limits?.maxLengthMs;
  }

  private reportProgress(): void {
    if (this.pipeline && !this.cancelled) this.deps.publisher.progress(this.pipeline.progress());
  }

  // --- cancel ------------------------------------------------------------------------------------------

  /** Stop everything and leave no trace: no parts on the server, no chunks or record locally. */
  async cancel(): Promise<CommandResult> {
    if (this.phase === 'ended' || this.cancelled) return { ok: false, error: noRecordingError() };
    this.cancelled = true;
    this.abort.abort();
    // start() cleans up once the capture returns (the screen picker may still be open).
    if (this.phase === 'preparing') return { ok: true };
    if (this.phase === 'countdown') {
      await this.starting; // the aborted countdown makes start() discard everything
      return { ok: true };
    }
    this.phase = 'finishing';
    this.thumbnail?.stop();
    await this.stopRecorder();
    this.capture?.stop();
    await this.discardEverything();
    await this.finishing?.catch(() => undefined);
    this.end();
    this.deps.publisher.dispatch({ type: 'cancelled' });
    return { ok: true };
  }

  /** Abort uploads, DELETE the server recording, delete local chunks and record. */
  private discardEverything(): Promise<void> {
    const { spool, clock } = this.deps;
    return discardAll({ spool, clock, localId: this.localId, client: this.client, pipeline: this.pipeline, writer: this.writer });
  }

  private end(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.deps.onEnded(this);
  }
}

