/**
 * The poster image of one recording, best effort: a frame is grabbed ~1 s into the recording and
 * PUT through a presigned URL (POST /api/recordings/:id/thumbnail) as soon as the server recording
 * exists. Nothing here can affect the recording: errors are logged, never thrown. If the first
 * attempt failed, Stop tries once more (a fresh frame while the capture is still live, and/or the
 * upload again).
 */
import type { Clock } from '../core/upload-ports';
import type { ApiClient } from '../shared/api-client';
import { storePut } from './store-put';
import type { ThumbnailContentType } from '../../../api';
import { captureThumbnail, liveVideoTrack, ThumbnailUnsupportedError } from './thumbnail-capture';
import { THUMBNAIL_DELAY_MS } from '../core/recorder/thumbnail-size';

export interface ThumbnailLink {
  serverId: string;
  uploadToken: string;
}

export interface ThumbnailTaskOptions {
  client: ApiClient;
  /** Grabs and encodes one frame of the live capture. */
  grab: () => Promise<Blob>;
  /** The server recording, once it exists. */
  link: () => ThumbnailLink | undefined;
  clock: Clock;
  delayMs?: number;
  /** For the PUT to the store (default: global fetch). */
  fetch?: typeof fetch;
  log?: (message: string, error?: unknown) => void;
}

export type ThumbnailState = 'waiting' | 'grabbing' | 'ready' | 'uploading' | 'uploaded' | 'failed' | 'stopped';

/** Grabs and upload attempts: one of each while recording, one more of each after Stop. */
const MAX_GRABS = 2;
const MAX_UPLOADS = 2;

export class ThumbnailTask {
  private image: Blob | undefined;
  private state: ThumbnailState = 'waiting';
  private grabs = 0;
  private grabbing: Promise<void> | undefined;
  private uploads = 0;
  private uploading: Promise<void> | undefined;
  /** Stop was pressed: a failed attempt may be repeated once. */
  private stopPressed = false;
  private readonly controller = new AbortController();
  private readonly log: (message: string, error?: unknown) => void;

  /** A task grabbing its frame from the live capture's video track. */
  static ofCapture(stream: MediaStream, options: Omit<ThumbnailTaskOptions, 'grab'>): ThumbnailTask {
    return new ThumbnailTask({ ...options, grab: () => captureThumbnail(liveVideoTrack(stream)) });
  }

  constructor(private readonly options: ThumbnailTaskOptions) {
    this.log = options.log ?? ((message, error) => console.warn(`Reelay thumbnail: ${message}`, error ?? ''));
  }

  get status(): ThumbnailState {
    return this.state;
  }

  /** Recording started: grab a frame after the delay, upload once the server recording exists. */
  start(): void {
    const signal = this.controller.signal;
    void this.options.clock.sleep(this.options.delayMs ?? THUMBNAIL_DELAY_MS, signal).then(
      async () => {
        if (this.grabs === 0) await this.grab();
        this.uploadIfPossible();
      },
      () => undefined, // stopped meanwhile
    );
  }

  /** The server link may have appeared. */
  linkChanged(): void {
    this.uploadIfPossible();
  }

  /**
   * Stop was pressed and the capture is still live: grab a frame if there is none yet (or wait for
   * the grab in progress). A failed upload may then run once more; it starts when the server
   * recording exists and is not awaited here, so Stop never waits for the store.
   */
  async beforeCaptureEnds(maxWaitMs = 2000): Promise<void> {
    if (this.controller.signal.aborted) return;
    this.stopPressed = true;
    const grab = this.grabbing ?? (!this.image && this.grabs < MAX_GRABS ? this.grab() : undefined);
    if (grab) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
      await Promise.race([grab, late]);
      clearTimeout(timer);
      void grab.then(() => this.uploadIfPossible()); // a late frame still goes up
    }
    this.uploadIfPossible();
  }

  /** Resolves when the grab and upload started so far have settled (tests). */
  async settled(): Promise<void> {
    for (;;) {
      const pending = this.grabbing ?? this.uploading;
      if (!pending) return;
      await pending;
    }
  }

  /** Recording cancelled: drop everything still pending. */
  stop(): void {
    this.controller.abort();
    if (this.state !== 'uploaded') this.state = 'stopped';
  }

  private grab(): Promise<void> {
    this.grabs++;
    this.state = 'grabbing';
    this.grabbing = (async () => {
      try {
        const image = await this.options.grab();
        if (image.size === 0) throw new Error('the encoded frame is empty');
        this.image = image;
        if (this.state === 'grabbing') this.state = 'ready';
      } catch (error) {
        if (this.state === 'grabbing') this.state = 'failed';
        // Contexts without the APIs (Node tests) just have no thumbnail: not worth a warning.
        if (!(error instanceof ThumbnailUnsupportedError)) this.log('could not grab a frame', error);
      } finally {
        this.grabbing = undefined;
      }
    })();
    return this.grabbing;
  }

  private uploadIfPossible(): void {
    if (this.controller.signal.aborted || this.state !== 'ready' || !this.image || this.uploading) return;
    if (this.uploads >= (this.stopPressed ? MAX_UPLOADS : 1)) return;
    const link = this.options.link();
    if (!link) return;
    const image = this.image;
    this.uploads++;
    this.state = 'uploading';
    this.uploading = (async () => {
      try {
        await this.upload(link, image);
        this.state = 'uploaded';
      } catch (error) {
        if (this.controller.signal.aborted) return;
        this.state = 'ready'; // the image is kept: Stop allows one more attempt
        this.log(`upload attempt ${this.uploads} failed`, error);
      } finally {
        this.uploading = undefined;
      }
      // Failed after Stop was pressed (or while Stop waited): the one retry runs now.
      this.uploadIfPossible();
    })();
  }

  private async upload(link: ThumbnailLink, image: Blob): Promise<void> {
    const signal = this.controller.signal;
    const contentType = (image.type || 'image/jpeg') as ThumbnailContentType;
    const target = await this.options.client.presignThumbnail(link.serverId, link.uploadToken, { contentType, size: image.size }, signal);
    const headers = target.headers ?? { 'Content-Type': contentType };
    await storePut(target.url, image, { signal, headers, fetch: this.options.fetch });
  }
}
