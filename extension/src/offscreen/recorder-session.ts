/**
 * One recording, from "start" to a share link (or a clean cancel):
 *   capture → local record → server recording requested → countdown → MediaRecorder (1 s chunks)
 *   → every chunk spooled FIRST (ChunkWriter), then cut into parts and uploaded (UploadPipeline)
 *   → Stop: last chunk spooled, finalized, last part uploaded, upload completed → done {shareUrl}.
 * The MediaRecorder handlers close over this session's own writer: `dataavailable` fires once
 * more after stop(), and that chunk must land in this recording.
 */
import type { ChunkSpool } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import { ApiClient } from '../shared/api-client';
import type { BackgroundMessage, CommandResult, OffscreenStartRecordingData } from '../shared/messages';
import type { RecorderError } from '../shared/recorder-status';
import { ChunkWriter } from './chunk-writer';
import { completeUpload, recordFailure } from './complete-upload';
import { browserMedia, stopRecorderAndWait, type Capture, type MediaPorts, type RecorderLike } from './media-capture';
import { pickMimeType, recorderOptions, TIMESLICE_MS, titleFor, videoBitrate } from './pure/media-options';
import {
  RecorderFailure,
  busyError,
  cancelledStartError,
  noRecordingError,
  recorderFailedError,
  storageError,
  toRecorderError,
  unsupportedRecorderError,
} from './pure/recorder-errors';
import { elapsedMs, withPauseEnded, withPauseStarted } from './pure/session-time';
import { withStop } from './pure/upload-timeline';
import { newSessionRecord } from './pure/session-record';
import { discardRecording } from './discard-recording';
import type { StatusPublisher } from './status-publisher';
import { ThumbnailTask } from './thumbnail-task';
import type { StreamTransformFactory } from './transforms';
import { UploadPipeline, type UploadPipelineOptions } from './upload-pipeline';

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
  private startedAt = 0;
  private pausedSpans: { start: number; end?: number }[] = [];
  private cancelled = false;
  /** Why the recording ended early (shown with the link): disk full, recorder error. */
  private warning: RecorderError | undefined;
  private readonly abort = new AbortController();
  private starting: Promise<CommandResult> | undefined;
  private stopping: Promise<CommandResult> | undefined;
  private finishing: Promise<void> | undefined;

  private readonly media: MediaPorts;

  constructor(private readonly deps: SessionDeps) {
    this.localId = deps.newLocalId();
    this.media = deps.media ?? browserMedia;
  }

  /** True until the recording is done, failed or cancelled (its upload may still run). */
  get active(): boolean {
    return this.phase !== 'ended';
  }

  get isRecording(): boolean {
    return this.phase === 'preparing' || this.phase === 'countdown' || this.phase === 'recording' || this.phase === 'paused';
  }

  // --- start -------------------------------------------------------------------------------------------

  start(data: OffscreenStartRecordingData): Promise<CommandResult> {
    if (this.phase !== 'new') return Promise.resolve({ ok: false, error: busyError() });
    this.starting = this.doStart(data);
    return this.starting;
  }

  private async doStart(data: OffscreenStartRecordingData): Promise<CommandResult> {
    const { spool, publisher, clock, factory } = this.deps;
    this.phase = 'preparing';
    this.deps.claim(this.localId);
    publisher.dispatch({ type: 'preparing' });
    try {
      this.capture = await this.media.openCapture({
        source: data.source,
        ...(data.tabStreamId !== undefined ? { tabStreamId: data.tabStreamId } : {}),
        ...(data.tabFrameSize !== undefined ? { tabFrameSize: data.tabFrameSize } : {}),
        microphone: data.microphone,
      });
      if (this.cancelled) return await this.abandonStart(cancelledStartError(), false);
      const mimeType = pickMimeType((type) => this.media.isTypeSupported(type));
      if (!mimeType) return await this.abandonStart(unsupportedRecorderError(), false);
      const bitrate = videoBitrate(data.videoBitsPerSecond);
      this.title = titleFor(data.title, new Date(clock.now()));
      this.client = new ApiClient({ serverUrl: data.server.url });
      try {
        await spool.createRecording(
          newSessionRecord({ localId: this.localId, serverUrl: this.client.serverUrl, mimeType, title: this.title, source: data.source, bitrate, factory }),
        );
      } catch (error) {
        return await this.abandonStart(storageError(error), false);
      }
      const writer = ChunkWriter.fresh({
        spool,
        localId: this.localId,
        factory,
        chunkPatch: () => ({ durationMs: this.elapsed() }),
        onSpooled: (bytes, written) => this.pipeline?.spooled(bytes, written),
        onWriteError: (error) => this.endEarly(storageError(error)),
      });
      this.writer = writer;
      this.pipeline = new UploadPipeline({
        spool,
        localId: this.localId,
        client: this.client,
        create: { apiToken: data.server.apiToken, title: this.title, mimeType },
        heldParts: factory.heldParts,
        ...this.deps.upload,
        clock: this.deps.upload?.clock ?? clock,
        onChange: () => {
          this.reportProgress();
          this.thumbnail?.linkChanged();
        },
        onFailure: (error) => this.onUploadFailure(error),
      });
      // The server recording is created during the countdown, so the first part can go up at once.
      this.pipeline.start();
      this.capture.video.addEventListener('ended', () => void this.stop(), { once: true });

      if (!(await this.countdown(data.countdownSeconds ?? 0))) return await this.abandonStart(cancelledStartError(), true);
      const early = this.pipeline.error;
      if (early && early.code !== 'server-unreachable') return await this.abandonStart(early, true);
      if (this.capture.video.readyState === 'ended') {
        return await this.abandonStart({ code: 'capture-failed', message: 'The shared tab or screen went away.', hint: 'Try again.' }, true);
      }

      const recorder = this.media.createRecorder(this.capture.stream, recorderOptions(mimeType, bitrate));
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0) writer.write(event.data);
      };
      recorder.onerror = (event) => this.endEarly(recorderFailedError((event as ErrorEvent).error ?? event));
      this.recorder = recorder;
      recorder.start(TIMESLICE_MS);
      this.startedAt = clock.now();
      this.phase = 'recording';
      this.thumbnail = ThumbnailTask.ofCapture(this.capture.stream, { client: this.client, link: () => this.pipeline?.link, clock });
      this.thumbnail.start();
      publisher.dispatch({
        type: 'started',
        at: this.startedAt,
        source: data.source,
        microphone: data.microphone,
        title: this.title,
      });
      this.reportProgress();
      await spool.updateRecording(this.localId, { startedAt: this.startedAt }).catch(() => undefined);
      return { ok: true };
    } catch (error) {
      return await this.abandonStart(toRecorderError(error), true);
    }
  }

  /** Counts down on the badge/popup; false if cancelled (or stopped) meanwhile. */
  private async countdown(seconds: number): Promise<boolean> {
    this.phase = 'countdown';
    for (let left = Math.floor(seconds); left > 0; left--) {
      this.deps.publisher.dispatch({ type: 'countdown', secondsLeft: left });
      try {
        await this.deps.clock.sleep(1000, this.abort.signal);
      } catch {
        return false;
      }
      if (this.cancelled) return false;
    }
    return !this.cancelled;
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
    if (this.phase !== 'recording' || !this.recorder) return { ok: false, error: noRecordingError() };
    const at = this.deps.clock.now();
    this.recorder.pause();
    this.phase = 'paused';
    this.pausedSpans = withPauseStarted(this.pausedSpans, at);
    this.persistPauses();
    this.deps.publisher.dispatch({ type: 'paused', at });
    return { ok: true };
  }

  resume(): CommandResult {
    if (this.phase !== 'paused' || !this.recorder) return { ok: false, error: noRecordingError() };
    const at = this.deps.clock.now();
    this.recorder.resume();
    this.phase = 'recording';
    this.pausedSpans = withPauseEnded(this.pausedSpans, at);
    this.persistPauses();
    this.deps.publisher.dispatch({ type: 'resumed', at });
    return { ok: true };
  }

  private persistPauses(): void {
    const pausedSpans = this.pausedSpans;
    void this.deps.spool.updateRecording(this.localId, { pausedSpans }).catch(() => undefined);
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
    const settings = this.capture?.video.getSettings() ?? {};
    // A frame for the poster if there is none yet, while the capture is still live (bounded wait).
    const thumbnailReady = this.thumbnail?.beforeCaptureEnds();
    await this.stopRecorder();
    await thumbnailReady;
    this.capture?.stop();
    const writer = this.writer!;
    const pipeline = this.pipeline!;
    try {
      await spool.updateRecording(this.localId, (r) => ({ stoppedAt, timeline: withStop(r.timeline, stoppedAt) }));
      const finalized = await writer.finalize({
        status: 'uploading',
        durationMs,
        pausedSpans: this.pausedSpans,
        ...(settings.width ? { width: settings.width } : {}),
        ...(settings.height ? { height: settings.height } : {}),
      });
      if (this.cancelled) return { ok: true };
      if (finalized.totalBytes === 0) {
        const error: RecorderError = { code: 'recorder-failed', message: 'Nothing was recorded.', hint: 'Try again.' };
        await this.discardEverything();
        this.end();
        publisher.dispatch({ type: 'failed', error });
        return { ok: false, error };
      }
      pipeline.finalize(finalized.totalBytes, finalized.headerPatch);
      this.finishing = this.finishUpload({
        durationMs: finalized.record.durationMs ?? durationMs,
        ...(settings.width ? { width: settings.width } : {}),
        ...(settings.height ? { height: settings.height } : {}),
      });
      return { ok: true };
    } catch (error) {
      // The spool itself failed: keep what is there for recovery, and say so.
      if (this.cancelled) return { ok: true };
      const failure = error instanceof RecorderFailure ? error : new RecorderFailure(storageError(error));
      const recorderError = await recordFailure(spool, this.localId, failure);
      await pipeline.abort();
      this.end();
      publisher.dispatch({ type: 'failed', error: recorderError });
      this.deps.notify({ target: 'background', type: 'recording-failed', data: { message: recorderError.message, hint: recorderError.hint } });
      return { ok: false, error: recorderError };
    }
  }

  private async stopRecorder(): Promise<void> {
    if (this.recorder) await stopRecorderAndWait(this.recorder);
  }

  private async finishUpload(meta: { durationMs: number; width?: number; height?: number }): Promise<void> {
    const { spool, publisher, clock } = this.deps;
    try {
      const { shareUrl, serverId } = await completeUpload(
        { spool, client: this.client!, clock, signal: this.abort.signal },
        this.localId,
        this.pipeline!,
        meta,
      );
      if (this.cancelled) return;
      this.end();
      publisher.dispatch({ type: 'done', shareUrl, recordingId: serverId, ...(this.warning ? { warning: this.warning } : {}) });
      this.deps.notify({ target: 'background', type: 'recording-finished', data: { shareUrl, title: this.title } });
      if (this.warning) {
        this.deps.notify({ target: 'background', type: 'recording-failed', data: { message: this.warning.message, hint: this.warning.hint } });
      }
    } catch (error) {
      if (this.cancelled) return;
      const recorderError = await recordFailure(spool, this.localId, error);
      this.end();
      publisher.dispatch({ type: 'failed', error: recorderError });
      this.deps.notify({ target: 'background', type: 'recording-failed', data: { message: recorderError.message, hint: recorderError.hint } });
    }
  }

  private onUploadFailure(error: RecorderError): void {
    // While recording, a broken upload ends the recording (it is kept locally); the failure then
    // surfaces from finishUpload. During the countdown, start() checks pipeline.error itself.
    if (this.phase === 'recording' || this.phase === 'paused') {
      if (error.code !== 'server-unreachable') void this.stop();
    }
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
  private async discardEverything(): Promise<void> {
    const { spool, clock } = this.deps;
    await this.pipeline?.abort();
    await this.writer?.close(); // waits for in-flight writes; later chunks are dropped
    if (!this.client) return;
    const record = await spool.getRecording(this.localId).catch(() => undefined);
    const serverId = this.pipeline?.link?.serverId ?? record?.serverId;
    const uploadToken = this.pipeline?.link?.uploadToken ?? record?.uploadToken;
    await discardRecording({
      spool,
      localId: this.localId,
      client: this.client,
      clock,
      link: serverId && uploadToken ? { serverId, uploadToken } : undefined,
    }).catch((error: unknown) => console.warn('Reelay: discarding the recording failed:', error));
  }

  private end(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.deps.onEnded(this);
  }
}

