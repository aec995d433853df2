/**
 * Uploads parts through presigned URLs: at most `maxInFlight` PUTs at a time, presigning in small
 * batches (optionally ahead of need), retrying transient failures with backoff, re-signing on 403,
 * waiting (without spending retries) while offline. Each success is reported through
 * `onAcknowledged`, which the caller must persist before dropping the part's chunks; the part
 * counts as uploaded only after that callback resolved. The PUT's slot is free as soon as the
 * store answered, so persisting one acknowledgement never holds up the next PUT.
 *
 * The queue never fails the recording while a part still has retries left; when it gives up it
 * rejects `idle()` with a typed UploadError and aborts the other in-flight PUTs.
 */
import type { AcknowledgedPart } from './part-cutter';
import { PresignedUrls, PresignFailure } from './presigned-urls';
import type { UploadRetryInfo } from '../shared/recorder-status';
import { classifyCallFailure, classifyPutFailure, DEFAULT_RETRY_POLICY, RetryBudget, type RetryPolicy } from './retry';
import {
  AckPersistError,
  describeError,
  PartRejectedError,
  PartSizeMismatchError,
  PresignRejectedError,
  UploadAbortedError,
  UploadError,
  UploadStalledError,
} from './upload-errors';
import { byteLength, type Clock, type Connectivity, type PartBytes, type PartSource, type PartTransport, type Presigner } from './upload-ports';

export interface PartToUpload {
  partNumber: number;
  /** Exact size the part must have (PART_SIZE, or less for the last part). */
  size: number;
}

export interface UploadQueueProgress {
  partsUploaded: number;
  /** Not yet acknowledged: waiting for a slot, in flight, or waiting for a retry. */
  partsQueued: number;
  partsInFlight: number;
  bytesUploaded: number;
  bytesQueued: number;
  retrying?: UploadRetryInfo;
  offline: boolean;
  waitingForServer: boolean;
}

export interface UploadQueueOptions {
  presigner: Presigner;
  transport: PartTransport;
  source: PartSource;
  connectivity: Connectivity;
  clock: Clock;
  /** Persist the acknowledgement (e.g. in IndexedDB). Chunks may be dropped only after it resolved. */
  onAcknowledged: (ack: AcknowledgedPart) => Promise<void>;
  onProgress?: (progress: UploadQueueProgress) => void;
  /** Parts acknowledged in an earlier session (resume): counted as uploaded, never re-sent. */
  acknowledged?: Iterable<AcknowledgedPart>;
  maxInFlight?: number;
  /** How many part numbers one presign request may cover (default: maxInFlight). */
  presignBatchSize?: number;
  /**
   * Presign ahead (default 0 = only when a part starts): keep URLs ready for the next this-many
   * part numbers after the ones in flight — queued parts first, then the numbers that follow the
   * highest part seen (parts a live recording is about to cut) — so no PUT waits for a presign.
   */
  presignAhead?: number;
  /** A cached URL is reused until this long before it expires (default 60 s). */
  urlExpiryMarginMs?: number;
  retry?: Partial<RetryPolicy>;
  /** [0, 1) source for backoff jitter (default Math.random). */
  random?: () => number;
  signal?: AbortSignal;
}

interface Task extends PartToUpload {
  budget: RetryBudget;
  /** Set while the task sleeps before its next attempt. */
  nextAttemptAt?: number;
  lastError?: string;
}

export class UploadQueue {
  private readonly options: UploadQueueOptions;
  private readonly policy: RetryPolicy;
  private readonly maxInFlight: number;
  private readonly random: () => number;
  private readonly controller = new AbortController();

  private readonly pending: PartToUpload[] = [];
  private readonly active = new Map<number, Task>();
  /** Parts the store accepted whose acknowledgement is being persisted (no longer holding a slot). */
  private readonly confirming = new Map<number, AcknowledgedPart>();
  /** The highest part number ever enqueued (presigning ahead continues after it). */
  private highestPart = 0;
  private readonly acked = new Map<number, AcknowledgedPart>();
  private readonly urls: PresignedUrls;
  private sending = 0;
  private offlineWaiters = 0;
  private waitingForServer = false;
  private failure: UploadError | undefined;
  private idleWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(options: UploadQueueOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 3);
    this.random = options.random ?? Math.random;
    this.urls = new PresignedUrls({
      presigner: options.presigner,
      clock: options.clock,
      order: {
        inFlight: () => [...this.active.keys()],
        queued: () => this.pending.map((p) => p.partNumber),
        highest: () => this.highestPart,
      },
      batchSize: Math.max(1, options.presignBatchSize ?? this.maxInFlight),
      ahead: Math.max(0, options.presignAhead ?? 0),
      expiryMarginMs: options.urlExpiryMarginMs ?? 60_000,
    });
    for (const ack of options.acknowledged ?? []) this.acked.set(ack.partNumber, ack);
    const external = options.signal;
    if (external) {
      if (external.aborted) this.fail(new UploadAbortedError({ cause: external.reason }));
      else external.addEventListener('abort', () => this.fail(new UploadAbortedError({ cause: external.reason })), { once: true });
    }
  }

  /** Queue parts for upload. Parts already acknowledged, queued or in flight are ignored. */
  enqueue(parts: PartToUpload | readonly PartToUpload[]): void {
    if (this.failure) throw this.failure;
    for (const part of Array.isArray(parts) ? parts : [parts as PartToUpload]) {
      const n = part.partNumber;
      if (this.acked.has(n) || this.active.has(n) || this.confirming.has(n) || this.pending.some((p) => p.partNumber === n)) continue;
      this.pending.push({ partNumber: n, size: part.size });
      this.highestPart = Math.max(this.highestPart, n);
    }
    this.pending.sort((a, b) => a.partNumber - b.partNumber);
    this.pump();
    this.emitProgress();
  }

  /** Resolves once nothing is queued or in flight; rejects with the queue's UploadError. */
  idle(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  /** Cancel: abort in-flight PUTs and sleeps; idle() rejects with UploadAbortedError. */
  abort(reason?: unknown): void {
    this.fail(new UploadAbortedError({ cause: reason }));
  }

  get error(): UploadError | undefined {
    return this.failure;
  }

  progress(): UploadQueueProgress {
    let bytesUploaded = 0;
    for (const ack of this.acked.values()) bytesUploaded += ack.size;
    let bytesQueued = 0;
    for (const p of this.pending) bytesQueued += p.size;
    for (const t of this.active.values()) bytesQueued += t.size;
    for (const a of this.confirming.values()) bytesQueued += a.size;
    const retryingTasks = [...this.active.values()].filter((t) => t.nextAttemptAt !== undefined);
    const progress: UploadQueueProgress = {
      partsUploaded: this.acked.size,
      partsQueued: this.pending.length + this.active.size + this.confirming.size,
      partsInFlight: this.sending,
      bytesUploaded,
      bytesQueued,
      offline: this.offlineWaiters > 0,
      waitingForServer: this.waitingForServer,
    };
    if (retryingTasks.length > 0) {
      const last = retryingTasks.find((t) => t.lastError !== undefined);
      progress.retrying = {
        parts: retryingTasks.length,
        attempt: Math.max(...retryingTasks.map((t) => t.budget.transient + t.budget.permanent)),
        nextAttemptAt: Math.min(...retryingTasks.map((t) => t.nextAttemptAt!)),
        ...(last?.lastError !== undefined ? { lastError: last.lastError } : {}),
      };
    }
    return progress;
  }

  // --- scheduling --------------------------------------------------------------------------------

  private pump(): void {
    if (this.failure) return;
    const started: Task[] = [];
    while (this.active.size < this.maxInFlight && this.pending.length > 0) {
      const part = this.pending.shift()!;
      const task: Task = { ...part, budget: new RetryBudget(this.policy, this.random) };
      this.active.set(part.partNumber, task);
      started.push(task);
    }
    // Register all new tasks before any runs, so the first presign batch can include them all.
    for (const task of started) void this.run(task);
    this.urls.presignUpcoming(this.controller.signal);
    this.settleIdle();
  }

  private async run(task: Task): Promise<void> {
    let ack: AcknowledgedPart | undefined;
    try {
      ack = await this.upload(task);
      this.confirming.set(task.partNumber, ack); // before the slot frees: idle() must not resolve in between
    } catch (error) {
      this.fail(error instanceof UploadError ? error : new PartRejectedError(task.partNumber, 1, { cause: error }));
    } finally {
      this.active.delete(task.partNumber);
      this.pump();
      this.emitProgress();
    }
    if (ack) await this.confirm(ack);
  }

  /** Persist a part the store accepted; only then does it count as uploaded. */
  private async confirm(ack: AcknowledgedPart): Promise<void> {
    try {
      await this.options.onAcknowledged(ack);
      if (this.failure) return;
      this.acked.set(ack.partNumber, ack);
      this.waitingForServer = false;
    } catch (error) {
      this.fail(new AckPersistError(ack.partNumber, { cause: error }));
    } finally {
      this.confirming.delete(ack.partNumber);
      this.settleIdle();
      this.emitProgress();
    }
  }

  private isIdle(): boolean {
    return this.pending.length === 0 && this.active.size === 0 && this.confirming.size === 0;
  }

  private fail(error: UploadError): void {
    if (this.failure) return;
    this.failure = error;
    this.controller.abort(error);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w.reject(error);
    this.emitProgress();
  }

  private settleIdle(): void {
    if (this.failure || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w.resolve();
  }

  private emitProgress(): void {
    this.options.onProgress?.(this.progress());
  }

  // --- one part ----------------------------------------------------------------------------------

  /** PUT one part until the store accepts it (retrying as the policy allows); resolves with its acknowledgement. */
  private async upload(task: Task): Promise<AcknowledgedPart> {
    const signal = this.controller.signal;
    const { partNumber } = task;
    let body: PartBytes | undefined;
    for (;;) {
      if (signal.aborted) throw this.failure ?? new UploadAbortedError();
      await this.waitUntilOnline(signal);
      let etag: string;
      try {
        // The URL and the bytes are fetched side by side (presign round trip ‖ spool read).
        const url = this.urls.urlFor(partNumber, signal);
        url.catch(() => {}); // observed below; a failed read must not leave it unhandled
        body ??= await this.readBody(task, signal);
        const signed = await url;
        this.sending++;
        this.emitProgress();
        try {
          etag = await this.options.transport.put(signed, body, signal);
        } finally {
          this.sending--;
        }
      } catch (error) {
        if (signal.aborted) throw this.failure ?? new UploadAbortedError({ cause: error });
        if (error instanceof UploadError) throw error;
        await this.handleFailure(task, error, signal);
        continue;
      }
      return { partNumber, etag, size: task.size };
    }
  }

  private async readBody(task: Task, signal: AbortSignal): Promise<PartBytes> {
    const body = await this.options.source.readPart(task.partNumber, task.size, signal);
    const actual = byteLength(body);
    if (actual !== task.size) throw new PartSizeMismatchError(task.partNumber, task.size, actual);
    return body;
  }

  /** Decide what a failed attempt means (core/retry.ts); sleeps for backoff, or throws when out of retries. */
  private async handleFailure(task: Task, error: unknown, signal: AbortSignal): Promise<void> {
    const isPresign = error instanceof PresignFailure;
    const cause = isPresign ? error.cause : error;
    const kind = isPresign ? classifyCallFailure(cause) : classifyPutFailure(cause);
    task.lastError = describeError(cause);
    if (kind === 'transient' && !this.options.connectivity.isOnline()) return; // went offline: free retry
    const { budget } = task;
    const step = budget.spend(kind, kind === 'transient' ? (cause as { retryAfterMs?: number }).retryAfterMs : undefined);
    if (!step.retry) {
      if (kind === 'transient') throw new UploadStalledError(task.partNumber, budget.attempts, { cause });
      if (isPresign) throw new PresignRejectedError(error.partNumbers, { cause });
      throw new PartRejectedError(task.partNumber, budget.attempts + (kind === 'fatal' ? 1 : 0), { cause });
    }
    if (kind === 'resign') {
      this.urls.forget(task.partNumber);
      return; // retry at once with a fresh URL
    }
    if (kind === 'transient') this.waitingForServer = true;
    await this.backoff(task, step.delayMs, signal);
  }

  private async backoff(task: Task, delay: number, signal: AbortSignal) {
    task.nextAttemptAt = this.options.clock.now() + delay;
    this.emitProgress();
    try {
      await this.options.clock.sleep(delay, signal);
    } finally {
      delete task.nextAttemptAt;
      this.emitProgress();
    }
  }

  private async waitUntilOnline(signal: AbortSignal): Promise<void> {
    if (this.options.connectivity.isOnline()) return;
    this.offlineWaiters++;
    this.emitProgress();
    try {
      await this.options.connectivity.waitOnline(signal);
    } finally {
      this.offlineWaiters--;
      this.emitProgress();
    }
  }
}
