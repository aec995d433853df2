/** Messages between the offscreen document and hash-worker.ts. */
import type { HashState } from '../../core/chunk-spool';

export type HashWorkerRequest =
  /** Hash these bytes next; the worker answers with one reply. */
  | { type: 'update'; bytes: Uint8Array }
  /** Continue from this state (undefined: the empty stream); no reply. */
  | { type: 'reset'; state: HashState | undefined };

export type HashWorkerReply = { type: 'state'; state: HashState } | { type: 'error'; message: string };
