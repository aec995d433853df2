/**
 * The pluggable step between MediaRecorder and the spool. Every recorder chunk goes through
 * `push`; what it returns is what gets spooled and uploaded. At Stop, `end` flushes held bytes and
 * `finalize` may return a patch for bytes already spooled (in a held part, usually part 1) and a
 * trailer appended as the stream's last bytes. The state is plain JSON, persisted with every chunk
 * in the same IndexedDB transaction, so a recording interrupted mid-way can still be finalized.
 */
import type { BytePatch } from '../recorder/header-patch';

export interface StreamFinalization {
  /** Bytes to overwrite inside the held parts when they are uploaded; null: nothing to patch. */
  headerPatch: BytePatch | null;
  /** Bytes appended after the stream's last byte (may be empty). */
  trailer: Uint8Array;
  /** Why the result is not fully fixed, for logs; null when all is well. */
  problem: string | null;
  /** The media duration read from the stream itself (null: unknown, use the wall clock). */
  durationMs: number | null;
}

export interface StreamTransform {
  push(chunk: Uint8Array): Uint8Array;
  /** After the last chunk: bytes still held (usually none). */
  end(): Uint8Array;
  /** JSON state: persist it with the bytes push()/end() returned. */
  state(): unknown;
  /** After end(); `streamBytes` is the stream's length with end()'s bytes (spooled with the trailer, in one transaction). */
  finalize(streamBytes: number): StreamFinalization;
}

export interface StreamTransformFactory {
  /** Stored in the record so recovery restores the same transform. */
  readonly name: string;
  /** Parts that must stay local until Stop because finalize() may patch them. */
  readonly heldParts: readonly number[];
  create(): StreamTransform;
  restore(state: unknown): StreamTransform;
}

/** Passes bytes through unchanged: the stored object is exactly what MediaRecorder produced. */
export const identityTransform: StreamTransformFactory = {
  name: 'identity',
  heldParts: [],
  create: () => identity(),
  restore: () => identity(),
};

function identity(): StreamTransform {
  return {
    push: (chunk) => chunk,
    end: () => new Uint8Array(0),
    state: () => null,
    finalize: () => ({ headerPatch: null, trailer: new Uint8Array(0), problem: null, durationMs: null }),
  };
}
