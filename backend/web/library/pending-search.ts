/**
 * Typing searches after a pause; Enter searches at once. Why a class and not an effect: the
 * pending search must die the moment anything else sets the query (Enter, "Clear search", a
 * view change). A timer that outlives those fires the old words afterwards, and the box snaps
 * back to a search the user just cleared (CI caught it: "Clear search" left "no such thing").
 */
export const SEARCH_DEBOUNCE_MS = 300;

export class PendingSearch {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Runs a search for these words (already trimmed). */
    private readonly run: (q: string) => void,
    /** The query now shown, so a pause on the same words searches nothing. */
    private readonly current: () => string,
    private readonly delayMs = SEARCH_DEBOUNCE_MS,
  ) {}

  /** The user typed: search after a pause, unless something else sets the query first. */
  typed(text: string): void {
    this.cancel();
    const q = text.trim();
    if (q === this.current()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (q !== this.current()) this.run(q);
    }, this.delayMs);
  }

  /** Enter: search now, and forget the pause's search. */
  submitted(text: string): void {
    this.cancel();
    this.run(text.trim());
  }

  /** The query was set from outside (Clear search, another view): what was typed is no longer pending. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }
}
