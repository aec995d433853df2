/**
 * What the sweeper may remove besides abandoned multipart uploads, decided from a listing of
 * recordings/ alone (pure; the store calls are in leftover-sweep.ts):
 *   - a finished recording (meta.json) is never touched, but for a head object (part 1 uploaded
 *     early) that its complete could not delete: once old, it is spent;
 *   - a pending marker (upload.json) older than the cutoff is only a candidate: the sweeper
 *     removes it after checking that its multipart upload is gone and was never completed;
 *   - objects under a prefix with neither marker are orphans (a thumbnail PUT through a URL
 *     signed before a DELETE, what a removed marker left): removed once older than the cutoff.
 */
import { headKey, idFromKey, metaKey, pendingKey } from './keys';
import type { StoredObject } from './store';

/** The listed objects of one recording (everything under recordings/<id>/). */
export interface RecordingObjects {
  id: string;
  objects: StoredObject[];
}

export type LeftoverVerdict =
  /** Finished, or something in it is recent enough to be in use. */
  | { kind: 'keep' }
  /** An old upload.json: remove it if its upload turns out to be gone (leftover-sweep.ts). */
  | { kind: 'stale-pending' }
  /** Neither marker: these keys (old enough) belong to no recording. */
  | { kind: 'orphaned'; keys: string[] }
  /** Finished, with these keys (old enough) that only an upload needed (the head). */
  | { kind: 'spent'; keys: string[] };

/**
 * Groups a key-ordered listing by recording; keys outside recordings/<id>/ are skipped.
 * (Keys sharing a prefix are contiguous in S3's order, so each recording comes once.)
 */
export async function* groupByRecording(listing: AsyncIterable<StoredObject>): AsyncGenerator<RecordingObjects> {
  let current: RecordingObjects | undefined;
  for await (const object of listing) {
    const id = idFromKey(object.key);
    if (id === undefined) continue;
    if (current?.id !== id) {
      if (current) yield current;
      current = { id, objects: [] };
    }
    current.objects.push(object);
  }
  if (current) yield current;
}

/** Older than the cutoff (an object without a date is never old: better kept than lost). */
function isOld(object: StoredObject, cutoffMs: number): boolean {
  return object.lastModified !== undefined && object.lastModified.getTime() <= cutoffMs;
}

export function classifyRecording({ id, objects }: RecordingObjects, cutoffMs: number): LeftoverVerdict {
  if (objects.some((o) => o.key === metaKey(id))) {
    const spent = objects.filter((o) => o.key === headKey(id) && isOld(o, cutoffMs)).map((o) => o.key);
    return spent.length > 0 ? { kind: 'spent', keys: spent } : { kind: 'keep' };
  }
  const pending = objects.find((o) => o.key === pendingKey(id));
  if (pending) return isOld(pending, cutoffMs) ? { kind: 'stale-pending' } : { kind: 'keep' };
  const keys = objects.filter((o) => isOld(o, cutoffMs)).map((o) => o.key);
  return keys.length > 0 ? { kind: 'orphaned', keys } : { kind: 'keep' };
}

/** The same recording once its upload.json is gone (what remains may be orphaned). */
export function withoutPendingMarker({ id, objects }: RecordingObjects): RecordingObjects {
  return { id, objects: objects.filter((o) => o.key !== pendingKey(id)) };
}
