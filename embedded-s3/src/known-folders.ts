/**
 * Folders this process has created or found, so that a write into one costs no `mkdir -p`
 * each time (the temp, data, completed-uploads and key folders are written on every
 * complete and PutObject). Folders are only ever removed by DeleteBucket (s3rver's, the whole
 * bucket folder) and recovery (before any request): a write that finds its folder gone
 * (ENOENT) creates it and is tried once more, so a stale entry costs one retry, never an error.
 */
import { promises as fs } from 'node:fs';

/** Key folders are many (one per recording): past this many, start over rather than grow for ever. */
const MAX_KNOWN = 10_000;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

export class KnownFolders {
  private readonly known = new Set<string>();

  private async create(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    if (this.known.size >= MAX_KNOWN) this.known.clear();
    this.known.add(dir);
  }

  /** Runs `write` (which puts something in `dir`) once `dir` exists. */
  async within<T>(dir: string, write: () => Promise<T>): Promise<T> {
    const known = this.known.has(dir);
    if (!known) await this.create(dir);
    try {
      return await write();
    } catch (err) {
      if (!known || !isMissing(err)) throw err;
      this.known.delete(dir);
      await this.create(dir);
      return write();
    }
  }
}
