/**
 * Uploads a recording while it is being recorded: creates the server recording (retrying while the
 * server is away — recording goes on into the spool meanwhile), cuts 5 MiB parts as bytes are
 * spooled (PartPlanner, held parts stay local until Stop; with `earlyHead`, part 1 goes up as the
 * head object as soon as it exists, see api-presigner.ts), feeds them to an UploadQueue reading from
 * the spool, persists every acknowledgement (its ETag) and, once finalized, resolves
 * `finish()` with the parts to complete the upload with.
 *
 * A queue that stalls (server away too long) is replaced by a fresh one after a pause while still
 * recording; after Stop a stall ends the pipeline with 'server_unreachable' (the spool keeps
 * everything, recovery continues later). Any other upload failure is fatal.
 */
import { PART_SIZE } from '../../../api';
import type { ChunkSpool } from '../core/chunk-spool';
import { PartPlanner, totalPartCount, type AcknowledgedPart } from '../core/part-cutter';
import { aheadOfTail } from '../core/recorder/complete-parts';
import type { BytePatch } from '../core/recorder/header-patch';
import { apiCallError, RecorderFailure, storageError, uploadFailureError } from '../core/recorder/recorder-errors';
import { emptyUploadProgress } from '../core/recorder/upload-progress';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from '../core/retry';
import { UploadAbortedError, UploadStalledError } from '../core/upload-errors';
import type { Clock, Connectivity, PartTransport } from '../core/upload-ports';
import { UploadQueue } from '../core/upload-queue';
import type { ApiClient } from '../shared/api-client';
import type { RecorderError, UploadProgress } from '../shared/recorder-status';
import { createApiPresigner, type Part1Target } from './api-presigner';
import type { SpooledBytes } from './chunk-writer';
import { LivePartSource } from './part-source';
import { storePartTransport } from './store-put';
import type { CreateParams, ServerLink } from './server-link';
import { browserConnectivity, systemClock } from './system-ports';

export type { CreateParams, ServerLink };

/** Part numbers presigned ahead of need while parts are being cut (one request covers them). */
const PRESIGN_AHEAD = 6;

export interface UploadPipelineOptions {
  spool: ChunkSpool;
  localId: string;
  client: ApiClient;
  /** The server recording, when it exists already (recovery). */
  link?: ServerLink;
  /** How to create the server recording when there is no link yet. */
  create?: CreateParams;
  /** Parts the server already holds (not uploaded again). */
  acknowledged?: readonly AcknowledgedPart[];
  bytesSpooled?: number;
  finalized?: boolean;
  headerPatch?: BytePatch | null;
  /** Parts kept local until finalize (e.g. part 1 for the WebM header patch). */
  heldParts?: readonly number[];
  /** Part 1 cut while recording goes up at once as the head object (the server patches it), not held. */
  earlyHead?: boolean;
  /** Told whenever progress or the server link changed. */
  onChange?: () => void;
  /** Told once when the pipeline gives up. */
  onFailure?: (error: RecorderError) => void;
  transport?: PartTransport;
  clock?: Clock;
  connectivity?: Connectivity;
  partSize?: number;
  maxInFlight?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  /** Pause before a new queue replaces a stalled one while still recording (default 15 s). */
  stallPauseMs?: number;
}

export class UploadPipeline {
  private readonly options: UploadPipelineOptions;
  private readonly partSize: number;
  private readonly clock: Clock;
  private readonly connectivity: Connectivity;
  private readonly transport: PartTransport;
  private readonly policy: RetryPolicy;
  private readonly planner: PartPlanner;
  private readonly controller = new AbortController();
  /** Parts handed out by the planner (part number -> size). */
  private readonly cut = new Map<number, number>();
  private readonly acked = new Map<number, AcknowledgedPart>();
  /** Parts held until finalize (heldParts, without part 1 when it goes up as the head). */
  private readonly held: readonly number[];
  private part1: Part1Target;
  private readonly source: LivePartSource;
  private queue: UploadQueue | undefined;
  private currentLink: ServerLink | undefined;
  private bytesRecorded: number;
  private finalized: boolean;
  private waitingForServer = false;
  /** The final complete call is being retried (set by completeUpload). */
  private completeRetrying = false;
  private creating: Promise<void> | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private failure: RecorderError | undefined;
  private waiters: { resolve: (parts: AcknowledgedPart[]) => void; reject: (error: RecorderFailure) => void }[] = [];

  constructor(options: UploadPipelineOptions) {
    this.options = options;
    this.partSize = options.partSize ?? PART_SIZE;
    this.clock = options.clock ?? systemClock;
    this.connectivity = options.connectivity ?? browserConnectivity();
    this.transport = options.transport ?? storePartTransport();
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    for (const ack of options.acknowledged ?? []) this.acked.set(ack.partNumber, ack);
    const ack1 = this.acked.get(1);
    this.part1 = ack1 ? (ack1.head ? 'head' : 'part') : options.earlyHead ? undefined : 'part';
    this.held = (options.heldParts ?? []).filter((n) => n !== 1 || !options.earlyHead);
    this.source = new LivePartSource(options.spool, options.localId, this.partSize);
    this.source.headerPatch = options.headerPatch ?? null;
    this.planner = new PartPlanner({ partSize: this.partSize, alreadyTaken: this.acked.keys(), hold: this.held });
    this.currentLink = options.link;
    this.bytesRecorded = options.bytesSpooled ?? 0;
    this.finalized = options.finalized ?? false;
  }

  get link(): ServerLink | undefined {
    return this.currentLink;
  }

  get error(): RecorderError | undefined {
    return this.failure;
  }

  /** The header patch (known once finalized): sent with complete when part 1 is the head. */
  get headerPatch(): BytePatch | null {
    return this.source.headerPatch;
  }

  /** Create the server recording if needed, then upload whatever is ready. */
  start(): void {
    if (this.currentLink) this.cutAndEnqueue();
    else this.creating ??= this.createLoop();
  }

  /** New bytes are in the spool (`written`: the Blob just committed, kept for sending). */
  spooled(bytesSpooled: number, written?: SpooledBytes): void {
    if (written) this.source.add(written);
    this.bytesRecorded = Math.max(this.bytesRecorded, bytesSpooled);
    this.releaseRecent();
    this.cutAndEnqueue();
    this.changed();
  }

  /** The stream is complete: release held parts (with their patch) and cut the last part. */
  finalize(totalBytes: number, headerPatch: BytePatch | null = null): void {
    this.bytesRecorded = totalBytes;
    this.finalized = true;
    this.source.headerPatch = headerPatch;
    for (const n of this.held) this.planner.release(n);
    this.cutAndEnqueue();
    this.check();
  }

  /** Finalized, every part acknowledged but the last, which is on its way: complete can go ahead of it. */
  tailInFlight(): ReturnType<typeof aheadOfTail> {
    if (this.failure || !this.finalized || !this.currentLink) return undefined;
    const count = totalPartCount(this.bytesRecorded, this.partSize);
    return aheadOfTail(this.acked, count, this.cut.get(count));
  }

  /** Resolves with every part (sorted) once the finalized stream is fully uploaded; rejects with RecorderFailure. */
  finish(): Promise<AcknowledgedPart[]> {
    if (this.failure) return Promise.reject(new RecorderFailure(this.failure));
    const promise = new Promise<AcknowledgedPart[]>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.check();
    return promise;
  }

  /** Stop everything in flight (cancel); finish() rejects. Resolves when a pending create settled. */
  async abort(): Promise<void> {
    if (!this.controller.signal.aborted) {
      this.source.clear();
      this.controller.abort(new UploadAbortedError());
      this.queue?.abort();
      if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
      this.fail({ code: 'unknown', message: 'The upload was cancelled.', hint: '' }, false);
    }
    await this.creating?.catch(() => undefined);
  }

  /** Every part is up and completing the upload waits for the server: shown like any other wait. */
  completeWaitingForServer(waiting: boolean): void {
    if (this.completeRetrying === waiting) return;
    this.completeRetrying = waiting;
    this.changed();
  }

  progress(): UploadProgress {
    const q = this.queue?.progress();
    let bytesUploaded = 0;
    for (const ack of this.acked.values()) bytesUploaded += ack.size;
    const parts = totalPartCount(this.bytesRecorded, this.partSize);
    return {
      ...emptyUploadProgress(),
      partsUploaded: this.acked.size,
      partsQueued: Math.max(0, parts - this.acked.size),
      bytesRecorded: this.bytesRecorded,
      bytesUploaded,
      backlogBytes: Math.max(0, this.bytesRecorded - bytesUploaded),
      offline: q?.offline ?? !this.connectivity.isOnline(),
      waitingForServer: this.waitingForServer || this.completeRetrying || (q?.waitingForServer ?? false),
      ...(q?.retrying ? { retrying: q.retrying } : {}),
    };
  }

  // --- server recording ----------------------------------------------------------------------------

  /** Create the server recording, retried while the server is away (bounded once Stop was pressed). */
  private async createLoop(): Promise<void> {
    const params = this.options.create;
    const { spool, localId, client } = this.options;
    const signal = this.controller.signal;
    if (!params) return this.fail({ code: 'unknown', message: 'No server recording and no way to create one.', hint: '' });
    let attemptsAfterStop = 0;
    let created;
    try {
      created = await withRetries((s) => client.createRecording(params.apiToken, { title: params.title, mimeType: params.mimeType }, s), {
        clock: this.clock,
        signal,
        maxAttempts: Infinity,
        policy: this.policy,
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: (error) => {
          this.waitingForServer = true;
          this.changed();
          if (this.finalized && ++attemptsAfterStop >= this.policy.maxTransientAttempts) throw error;
        },
      });
    } catch (error) {
      if (!signal.aborted) this.fail(apiCallError(error, client.serverUrl));
      return;
    }
    const { id: serverId, uploadId, uploadToken, shareUrl, limits } = created;
    try {
      // Persisted before the first byte goes up: recovery needs the upload token.
      await spool.updateRecording(localId, { serverId, uploadId, uploadToken, shareUrl });
    } catch (error) {
      return this.fail(storageError(error));
    }
    if (signal.aborted) return;
    this.currentLink = { serverId, uploadToken, shareUrl, ...(limits ? { limits } : {}) };
    this.waitingForServer = false;
    this.changed();
    this.cutAndEnqueue();
    this.check();
  }

  // --- parts -----------------------------------------------------------------------------------------

  private cutAndEnqueue(): void {
    if (this.failure || this.controller.signal.aborted) return;
    for (const { partNumber, size } of this.planner.take(this.bytesRecorded, this.finalized)) {
      this.cut.set(partNumber, size);
      if (partNumber === 1) this.part1 ??= this.finalized ? 'part' : 'head'; // cut while recording: the head
    }
    if (!this.currentLink || this.stallTimer !== undefined) return;
    const queue = (this.queue ??= this.newQueue(this.currentLink));
    const pending = [...this.cut].filter(([n]) => !this.acked.has(n)).map(([partNumber, size]) => ({ partNumber, size }));
    if (pending.length === 0) return;
    try {
      queue.enqueue(pending);
    } catch {
      return; // the queue failed; its idle() watcher handles it
    }
    queue.idle().then(
      () => this.check(),
      (error: unknown) => this.onQueueFailure(queue, error),
    );
  }

  private newQueue(link: ServerLink): UploadQueue {
    const { spool, localId, client } = this.options;
    return new UploadQueue({
      presigner: createApiPresigner(client, link.serverId, link.uploadToken, () => this.part1),
      transport: this.transport,
      source: this.source,
      connectivity: this.connectivity,
      clock: this.clock,
      acknowledged: this.acked.values(),
      ...(this.options.maxInFlight !== undefined ? { maxInFlight: this.options.maxInFlight } : {}),
      // While recording, the next parts' URLs are signed before the parts exist.
      ...(this.finalized ? {} : { presignAhead: PRESIGN_AHEAD, presignBatchSize: PRESIGN_AHEAD + 3 }),
      retry: this.policy,
      ...(this.options.random ? { random: this.options.random } : {}),
      onProgress: () => this.changed(),
      onAcknowledged: async (put) => {
        const ack = put.partNumber === 1 && this.part1 === 'head' ? { ...put, head: true } : put;
        await spool.acknowledgePart(localId, ack);
        this.acked.set(ack.partNumber, ack);
        this.releaseRecent();
        this.changed();
        this.check();
      },
    });
  }

  private releaseRecent(): void {
    this.source.release(this.acked, this.held, !this.finalized);
  }

  private onQueueFailure(queue: UploadQueue, error: unknown): void {
    if (queue !== this.queue || this.controller.signal.aborted) return;
    if (error instanceof UploadAbortedError) return;
    const serverUrl = this.options.client.serverUrl;
    if (error instanceof UploadStalledError && !this.finalized) {
      // Still recording: keep spooling, try again with a fresh queue after a pause.
      this.queue = undefined;
      this.waitingForServer = true;
      this.stallTimer = setTimeout(() => {
        this.stallTimer = undefined;
        this.cutAndEnqueue();
      }, this.options.stallPauseMs ?? 15_000);
      this.changed();
      return;
    }
    this.fail(uploadFailureError(error, serverUrl));
  }

  // --- completion --------------------------------------------------------------------------------------

  private check(): void {
    if (this.failure) return;
    if (!this.finalized || !this.currentLink) return;
    const count = totalPartCount(this.bytesRecorded, this.partSize);
    for (let n = 1; n <= count; n++) if (!this.acked.has(n)) return;
    const parts = [...this.acked.values()].filter((a) => a.partNumber <= count).sort((a, b) => a.partNumber - b.partNumber);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve(parts);
  }

  private fail(error: RecorderError, notify = true): void {
    if (this.failure) return;
    this.failure = error;
    this.queue?.abort();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new RecorderFailure(error));
    if (notify) this.options.onFailure?.(error);
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.();
  }
}
