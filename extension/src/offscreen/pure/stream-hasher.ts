/**
 * The running SHA-256 of the spooled stream, behind an interface: the writer hands each chunk over
 * and persists the state it gets back, in call order, whenever it is ready. The recorder hashes
 * inline. (A dedicated-worker hasher was measured: the replay benchmark spooled ~25 % faster, but
 * the extension's renderer process held ~50 MiB more — the worker's copies of every chunk waiting
 * for its GC — for no gain at a real recording's 0.4 MiB/s.)
 */
import type { HashState } from '../../core/chunk-spool';
import { Sha256 } from './sha256';

export interface StreamHasher {
  /** Hash the next bytes; resolves with the state after them, or undefined once the hash is lost. */
  update(bytes: Uint8Array): Promise<HashState | undefined>;
  /** A write failed: continue from `state` (undefined: the empty stream); what came after is forgotten. */
  rewind(state: HashState | undefined): void;
  /** Release what the hasher holds (e.g. its worker). */
  close(): void;
}

/** Starts a hasher that continues from `state` (undefined: from the empty stream). */
export type StreamHasherFactory = (state: HashState | undefined) => StreamHasher;

/** Hashes on the calling thread. */
export const inlineStreamHasher: StreamHasherFactory = (state) => {
  let hash = state ? Sha256.fromState(state) : new Sha256();
  return {
    update: async (bytes) => hash.update(bytes).state(),
    rewind: (to) => {
      hash = to ? Sha256.fromState(to) : new Sha256();
    },
    close: () => {},
  };
};

/** Whether a persisted state can be continued from. */
export function isValidHashState(state: HashState): boolean {
  try {
    Sha256.fromState(state);
    return true;
  } catch {
    return false;
  }
}

/** The hex digest of the stream a state covers. */
export function digestOf(state: HashState): string {
  return Sha256.fromState(state).hex();
}
