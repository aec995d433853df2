import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingSearch, SEARCH_DEBOUNCE_MS } from '../../web/library/pending-search';

/** The library's search box: what typing, Enter and "Clear search" do to the query, in order. */
describe('PendingSearch', () => {
  let query: string;
  let runs: string[];
  let search: PendingSearch;
  beforeEach(() => {
    vi.useFakeTimers();
    query = '';
    runs = [];
    search = new PendingSearch(
      (q) => {
        runs.push(q);
        query = q;
      },
      () => query,
    );
  });
  afterEach(() => vi.useRealTimers());

  it('typing searches once, after the pause, with the last words trimmed', () => {
    search.typed('st');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    search.typed(' standup ');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual(['standup']);
  });

  it('Enter searches at once and the pause does not search again', () => {
    search.typed('no such thing');
    search.submitted('no such thing');
    expect(runs).toEqual(['no such thing']);
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS * 2);
    expect(runs).toEqual(['no such thing']);
  });

  it('"Clear search" right after Enter stays cleared when the pause ends (the CI race)', () => {
    search.typed('no such thing');
    search.submitted('no such thing');
    query = ''; // the Clear button sets the query from outside…
    search.cancel(); // …and the box forgets what was typed
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS * 2);
    expect(query).toBe('');
    expect(runs).toEqual(['no such thing']);
  });

  it('a query set from outside before the pause ends wins, even without cancel', () => {
    search.typed('tour');
    query = 'tour';
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(runs).toEqual([]);
  });

  it('typing back the words already searched does not search', () => {
    query = 'tour';
    search.typed('tour ');
    expect(search.pending).toBe(false);
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(runs).toEqual([]);
  });
});
