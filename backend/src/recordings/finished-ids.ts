/**
 * The recordings this process knows are finished (it completed them, or read their meta.json), so
 * that the video route redirects without reading meta.json again: the first viewer's request is on
 * the path from Stop to a playing video. Deleting through this process forgets the id; a recording
 * deleted by another process stays here, and its video URL then answers the store's 404, as it
 * would have a moment after the delete. Bounded; the oldest id goes first.
 */
const FINISHED_IDS_LIMIT = 10_000;

export class FinishedIds {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = FINISHED_IDS_LIMIT) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  remember(id: string): void {
    if (this.ids.has(id)) return;
    if (this.ids.size >= this.limit) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    this.ids.add(id);
  }

  forget(id: string): void {
    this.ids.delete(id);
  }
}
