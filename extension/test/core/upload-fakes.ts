/**
 * FAKE ports for unit-testing the upload queue without I/O. (The real HTTP path is covered by
 * upload-queue.integration.test.ts against the real backend and store.)
 */
import { byteLength, type Clock, type Connectivity, type PartBytes, type PartSource, type PartTransport, type Presigner, type PresignedUrls } from '../../src/core/upload-ports';

/** A clock whose sleep returns at once (after a macrotask) and moves time forward; records every sleep. */
export class FakeInstantClock implements Clock {
  time = 1_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
    await new Promise((r) => setImmediate(r));
    signal.throwIfAborted();
  }
}

/** Connectivity switched by the test. */
export class FakeConnectivity implements Connectivity {
  private online = true;
  private waiters: (() => void)[] = [];
  waitCalls = 0;
  isOnline(): boolean {
    return this.online;
  }
  set(online: boolean): void {
    this.online = online;
    if (online) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
  waitOnline(signal: AbortSignal): Promise<void> {
    this.waitCalls++;
    if (this.online) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

/** Issues fake://part/<n>?v=<version> URLs valid for `ttlMs`; scripted failures per call. */
export class FakePresigner implements Presigner {
  readonly batches: number[][] = [];
  /** Errors thrown by the next calls, in order. */
  readonly failures: unknown[] = [];
  private version = 0;
  constructor(
    private readonly clock: Clock,
    public ttlMs = 15 * 60_000,
  ) {}
  async presign(partNumbers: number[], signal: AbortSignal): Promise<PresignedUrls> {
    signal.throwIfAborted();
    this.batches.push([...partNumbers]);
    await Promise.resolve();
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    this.version++;
    const urls: Record<string, string> = {};
    for (const n of partNumbers) urls[String(n)] = `fake://part/${n}?v=${this.version}`;
    return { urls, expiresAt: this.clock.now() + this.ttlMs };
  }
}

export function fakePartBytes(partNumber: number, size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (partNumber * 31 + i) & 0xff);
}

/** Serves deterministic bytes; `sizeOverride` makes it return a wrong size for a part. */
export class FakePartSource implements PartSource {
  readonly reads: number[] = [];
  sizeOverride = new Map<number, number>();
  async readPart(partNumber: number, size: number): Promise<PartBytes> {
    this.reads.push(partNumber);
    return fakePartBytes(partNumber, this.sizeOverride.get(partNumber) ?? size);
  }
}

export interface FakePut {
  url: string;
  partNumber: number;
  bytes: number;
  signal: AbortSignal;
}

type Outcome = 'ok' | unknown;

/**
 * A store fake: answers each PUT by the part's script (default 'ok' → ETag "etag-<n>-<bytes>").
 * With `gated`, PUTs wait until the test calls `release()` so concurrency can be observed.
 */
export class FakePartTransport implements PartTransport {
  readonly puts: FakePut[] = [];
  readonly script = new Map<number, Outcome[]>();
  inFlight = 0;
  maxInFlight = 0;
  gated = false;
  /** Called when an attempt fails, e.g. to simulate going offline at the same moment. */
  onFailure?: (partNumber: number) => void;
  private gates: (() => void)[] = [];

  fail(partNumber: number, ...outcomes: Outcome[]): this {
    this.script.set(partNumber, [...(this.script.get(partNumber) ?? []), ...outcomes]);
    return this;
  }

  /** Let the oldest `count` gated PUTs proceed. */
  release(count = 1): void {
    for (let i = 0; i < count; i++) this.gates.shift()?.();
  }

  get waiting(): number {
    return this.gates.length;
  }

  async put(url: string, body: PartBytes, signal: AbortSignal): Promise<string> {
    const partNumber = Number(/part\/(\d+)/.exec(url)?.[1]);
    this.puts.push({ url, partNumber, bytes: byteLength(body), signal });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        if (this.gated) this.gates.push(resolve);
        else setImmediate(resolve);
      });
      const outcome = this.script.get(partNumber)?.shift() ?? 'ok';
      if (outcome !== 'ok') {
        this.onFailure?.(partNumber);
        throw outcome;
      }
      return `"etag-${partNumber}-${byteLength(body)}"`;
    } finally {
      this.inFlight--;
    }
  }
}
