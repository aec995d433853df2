/**
 * Who reads which data folder of a manifest object (object-files.ts), so that deleting or
 * replacing an object never pulls the parts from under a GET that is streaming them: the
 * folder is "retired" (no new readers) and removed when its last reader is done, as on S3,
 * where a GET started before a delete reads to the end.
 */
import { promises as fs } from 'node:fs';

export class DataFolders {
  /** Data folder → number of streams reading it. */
  private readonly readers = new Map<string, number>();
  /** Data folders no longer referenced: no new readers; removed when the last one is done. */
  private readonly retiring = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  /** Registers a reader; false if the folder is retiring or already gone (read the object again). */
  async acquire(dir: string): Promise<boolean> {
    if (this.retiring.has(dir)) return false;
    this.readers.set(dir, (this.readers.get(dir) ?? 0) + 1);
    // Removed between reading the manifest and now (an earlier retire() had finished)?
    const exists = await fs.access(dir).then(
      () => true,
      () => false,
    );
    if (!exists) this.release(dir);
    return exists;
  }

  release(dir: string): void {
    const left = (this.readers.get(dir) ?? 1) - 1;
    if (left > 0) {
      this.readers.set(dir, left);
      return;
    }
    this.readers.delete(dir);
    if (this.retiring.has(dir)) void this.remove(dir);
  }

  /** The folder is no longer referenced: removed now, or when its last reader is done. */
  async retire(dir: string): Promise<void> {
    this.retiring.add(dir);
    if (!this.readers.has(dir)) await this.remove(dir);
  }

  private async remove(dir: string): Promise<void> {
    try {
      await fs.rm(dir, { recursive: true, force: true });
      this.retiring.delete(dir);
    } catch (err) {
      // Left for the startup recovery (an unreferenced data folder is removed there).
      this.log(`[embedded-s3] could not remove ${dir}: ${(err as Error).message}`);
    }
  }
}
