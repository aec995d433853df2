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
import type { UploadProgress, UploadRetryInfo } from '../shared/recorder-status';
import {
  backoffDelay,
  classifyPresignFailure,
  classifyPutFailure,
  DEFAULT_RETRY_POLICY,
  type FailureKind,
  type RetryPolicy,
} from './retry-policy';
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
import {
  byteLength,
  type Clock,
  type Connectivity,
  type PartBytes,
  type PartSource,
  type PartTransport,
  type Presigner,
} from './upload-ports';

/** S3's highest part number. */
const MAX_PART_NUMBER = 10_000;

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

/**
 * The popup's UploadProgress from the queue's progress and the recorder's byte count.
 * `partsNotYetCut`: parts recorded but not handed to the queue (held parts, the growing last part).
 */
export function toUploadProgress(queue: UploadQueueProgress, bytesRecorded: number, partsNotYetCut = 0): UploadProgress {
  return {
    partsUploaded: queue.partsUploaded,
    partsQueued: queue.partsQueued + partsNotYetCut,
    bytesRecorded,
    bytesUploaded: queue.bytesUploaded,
    backlogBytes: Math.max(0, bytesRecorded - queue.bytesUploaded),
    offline: queue.offline,
    waitingForServer: queue.waitingForServer,
    ...(queue.retrying ? { retrying: queue.retrying } : {}),
  };
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
  transientFailures: number;
  resigns: number;
  permanentFailures: number;
  /** Set while the task sleeps before its next attempt. */
  nextAttemptAt?: number;
  lastError?: string;
}

interface CachedUrl {
  url: string;
  expiresAt: number;
}

/** Wraps presigner errors so they are classified (and reported) as presign failures. */
class PresignFailure extends Error {
  constructor(
    readonly partNumbers: number[],
    override readonly cause: unknown,
  ) {
    super(describeError(cause));
  }
}

export class UploadQueue {
  private readonly options: UploadQueueOptions;
  private readonly policy: RetryPolicy;
  private readonly maxInFlight: number;
  private readonly presignBatchSize: number;
  private readonly presignAhead: number;
  private readonly urlExpiryMarginMs: number;
  private readonly random: () => number;
  private readonly controller = new AbortController();

  private readonly pending: PartToUpload[] = [];
  private readonly active = new Map<number, Task>();
  /** Parts the store accepted whose acknowledgement is being persisted (no longer holding a slot). */
  private readonly confirming = new Map<number, AcknowledgedPart>();
  /** The highest part number ever enqueued (presigning ahead continues after it). */
  private highestPart = 0;
  private readonly acked = new Map<number, AcknowledgedPart>();
  private readonly urls = new Map<number, CachedUrl>();
  private readonly presigning = new Map<number, Promise<Map<number, CachedUrl>>>();
  private sending = 0;
  private offlineWaiters = 0;
  private waitingForServer = false;
  private failure: UploadError | undefined;
  private idleWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(options: UploadQueueOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 3);
    this.presignBatchSize = Math.max(1, options.presignBatchSize ?? this.maxInFlight);
    this.presignAhead = Math.max(0, options.presignAhead ?? 0);
    this.urlExpiryMarginMs = options.urlExpiryMarginMs ?? 60_000;
    this.random = options.random ?? Math.random;
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

  /** Acknowledged parts sorted by part number (what CompleteMultipartUpload needs). */
  acknowledged(): AcknowledgedPart[] {
    return [...this.acked.values()].sort((a, b) => a.partNumber - b.partNumber);
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
        attempt: Math.max(...retryingTasks.map((t) => t.transientFailures + t.permanentFailures)),
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
      const task: Task = { ...part, transientFailures: 0, resigns: 0, permanentFailures: 0 };
      this.active.set(part.partNumber, task);
      started.push(task);
    }
    // Register all new tasks before any runs, so the first presign batch can include them all.
    for (const task of started) void this.run(task);
    this.presignUpcoming();
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
        const url = this.urlFor(partNumber, signal);
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

  /** Decide what a failed attempt means; sleeps for backoff, or throws when out of retries. */
  private async handleFailure(task: Task, error: unknown, signal: AbortSignal): Promise<void> {
    const isPresign = error instanceof PresignFailure;
    const cause = isPresign ? error.cause : error;
    const kind: FailureKind = isPresign ? classifyPresignFailure(cause) : classifyPutFailure(cause);
    task.lastError = describeError(cause);
    const reject = (attempts: number): UploadError =>
      isPresign
        ? new PresignRejectedError(error.partNumbers, { cause })
        : new PartRejectedError(task.partNumber, attempts, { cause });
    const attempts = () => task.transientFailures + task.resigns + task.permanentFailures;

    if (kind === 'transient' && !this.options.connectivity.isOnline()) return; // went offline: free retry
    switch (kind) {
      case 'fatal':
        throw reject(attempts() + 1);
      case 'resign':
        this.urls.delete(task.partNumber);
        task.resigns++;
        if (task.resigns > this.policy.maxResignAttempts) throw reject(attempts());
        return; // retry at once with a fresh URL
      case 'permanent':
        task.permanentFailures++;
        if (task.permanentFailures >= this.policy.maxPermanentAttempts) throw reject(attempts());
        await this.backoff(task, task.permanentFailures, undefined, signal);
        return;
      case 'transient': {
        task.transientFailures++;
        if (task.transientFailures >= this.policy.maxTransientAttempts) {
          throw new UploadStalledError(task.partNumber, attempts(), { cause });
        }
        this.waitingForServer = true;
        const retryAfter = (cause as { retryAfterMs?: number }).retryAfterMs;
        await this.backoff(task, task.transientFailures, retryAfter, signal);
        return;
      }
    }
  }

  private async backoff(task: Task, retry: number, retryAfterMs: number | undefined, signal: AbortSignal) {
    const delay = backoffDelay(retry, this.policy, this.random, retryAfterMs);
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

  // --- presigned URLs ----------------------------------------------------------------------------

  private isFresh(cached: CachedUrl | undefined): cached is CachedUrl {
    return cached !== undefined && this.options.clock.now() < cached.expiresAt - this.urlExpiryMarginMs;
  }

  /** A usable URL for part n: cached, joined from a batch in progress, or from a new batch. */
  private async urlFor(partNumber: number, signal: AbortSignal): Promise<string> {
    const cached = this.urls.get(partNumber);
    if (this.isFresh(cached)) return cached.url;
    const batch = this.presigning.get(partNumber) ?? this.presignBatch(partNumber, signal);
    // A freshly signed URL is used even if the local clock calls it stale (clock skew); a 403 re-signs.
    const fresh = (await batch).get(partNumber);
    if (!fresh) throw new PresignFailure([partNumber], new Error(`the presigner returned no URL for part ${partNumber}`));
    return fresh.url;
  }

  /** The part numbers to sign after the ones in flight: queued first, then those after the highest seen. */
  private upcoming(): number[] {
    const numbers = this.pending.slice(0, this.presignAhead).map((p) => p.partNumber);
    for (let n = this.highestPart + 1; numbers.length < this.presignAhead && n <= MAX_PART_NUMBER; n++) numbers.push(n);
    return numbers;
  }

  /** With `presignAhead`: start a batch in the background when an upcoming part has no usable URL. */
  private presignUpcoming(): void {
    if (this.presignAhead === 0 || this.failure) return;
    const missing = this.upcoming().find((n) => !this.presigning.has(n) && !this.isFresh(this.urls.get(n)));
    // A failure here costs nothing: the part presigns (and retries) for itself when it starts.
    if (missing !== undefined) this.presignBatch(missing, this.controller.signal).catch(() => {});
  }

  /** Presign part n together with the parts about to be sent next (in flight first, then queued, then upcoming). */
  private presignBatch(partNumber: number, signal: AbortSignal): Promise<Map<number, CachedUrl>> {
    const numbers = [partNumber];
    const candidates = [...[...this.active.keys()].sort((a, b) => a - b), ...this.pending.map((p) => p.partNumber), ...this.upcoming()];
    for (const n of candidates) {
      if (numbers.length >= this.presignBatchSize) break;
      if (n === partNumber || this.presigning.has(n) || this.isFresh(this.urls.get(n))) continue;
      numbers.push(n);
    }
    const promise = (async () => {
      try {
        const { urls, expiresAt } = await this.options.presigner.presign(numbers, signal);
        const result = new Map<number, CachedUrl>();
        for (const n of numbers) {
          const url = urls[String(n)];
          if (url === undefined) continue;
          const entry = { url, expiresAt };
          result.set(n, entry);
          this.urls.set(n, entry);
        }
        return result;
      } catch (error) {
        throw new PresignFailure(numbers, error);
      } finally {
        for (const n of numbers) this.presigning.delete(n);
      }
    })();
    for (const n of numbers) this.presigning.set(n, promise);
    // Parts that join this batch later handle its rejection themselves; avoid an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }
}
