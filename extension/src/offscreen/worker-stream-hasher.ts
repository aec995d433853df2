/**
 * StreamHasher running in a dedicated worker (hash-worker.ts): the offscreen document only copies
 * each chunk's bytes over, and the hashing runs beside its main thread instead of on it.
 * If the worker cannot start or fails, the hash is lost (update resolves undefined) — the
 * recording itself never depends on it.
 */
import type { HashState } from '../core/chunk-spool';
import type { HashWorkerReply, HashWorkerRequest } from './pure/hash-worker-protocol';
import { inlineStreamHasher, type StreamHasher, type StreamHasherFactory } from './pure/stream-hasher';

class WorkerStreamHasher implements StreamHasher {
  /** Updates waiting for their reply, oldest first (the worker answers in order). */
  private readonly waiting: ((state: HashState | undefined) => void)[] = [];
  private lost = false;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<HashWorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'error') this.lose(reply.message);
      else this.waiting.shift()?.(reply.state);
    };
    worker.onerror = (event) => this.lose(event.message);
  }

  update(bytes: Uint8Array): Promise<HashState | undefined> {
    if (this.lost) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.post({ type: 'update', bytes });
    });
  }

  rewind(state: HashState | undefined): void {
    this.post({ type: 'reset', state });
  }

  close(): void {
    this.worker.terminate();
    this.lose();
  }

  private post(request: HashWorkerRequest): void {
    try {
      this.worker.postMessage(request);
    } catch (error) {
      this.lose(String(error));
    }
  }

  private lose(reason?: string): void {
    if (reason && !this.lost) console.warn('Reelay: the stream hash worker failed; the recording goes on without a digest:', reason);
    this.lost = true;
    for (const resolve of this.waiting.splice(0)) resolve(undefined);
  }
}

/** A worker-backed hasher, or the inline one where no Worker can be started. */
export const workerStreamHasher: StreamHasherFactory = (state) => {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return inlineStreamHasher(state);
  }
  const hasher = new WorkerStreamHasher(worker);
  if (state) worker.postMessage({ type: 'reset', state } satisfies HashWorkerRequest);
  return hasher;
};
