/**
 * The in-process cache of pending uploads (upload.json): it only saves a GET per presign
 * request, the hottest path. Bounded; the oldest entry goes first. Correctness never depends
 * on it: every decision that matters reads the bucket (`fresh`).
 */
import type { PendingUpload } from './schemas';

const PENDING_CACHE_LIMIT = 10_000;

export class PendingCache {
  private readonly uploads = new Map<string, PendingUpload>();

  get(id: string): PendingUpload | undefined {
    return this.uploads.get(id);
  }

  remember(upload: PendingUpload): void {
    if (this.uploads.size >= PENDING_CACHE_LIMIT) {
      const oldest = this.uploads.keys().next().value;
      if (oldest !== undefined) this.uploads.delete(oldest);
    }
    this.uploads.set(upload.id, upload);
  }

  forget(id: string): void {
    this.uploads.delete(id);
  }
}
