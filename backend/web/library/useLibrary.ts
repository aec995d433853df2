/**
 * The library's list for one view and search: the first page, "Load more" (nextCursor), and
 * local updates after a rename or a delete. An answer to an older view or search is dropped, so
 * typing fast never shows the results of a previous query.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryRecording, LibraryResponse } from '../../../api/responses';
import { apiCall, plainWords } from '../shared/api';

export type Scope = 'mine' | 'team';

export interface LibraryList {
  items: LibraryRecording[];
  nextCursor: string | null;
  /** 'first' while the first page of this view/search loads, 'more' while "Load more" does. */
  loading: 'first' | 'more' | false;
  /** Plain words, empty when the last load worked. */
  error: string;
  /** The first page of the current view/search has arrived. */
  loaded: boolean;
}

export function libraryPath(scope: Scope, q: string, cursor?: string): string {
  const params = new URLSearchParams({ scope });
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  return `/api/recordings?${params}`;
}

export function useLibrary(scope: Scope, q: string) {
  const [list, setList] = useState<LibraryList>({ items: [], nextCursor: null, loading: 'first', error: '', loaded: false });
  const generation = useRef(0);

  const load = useCallback(
    async (cursor?: string) => {
      const mine = ++generation.current;
      setList((l) => ({ ...l, loading: cursor ? 'more' : 'first', error: '', ...(cursor ? {} : { loaded: false }) }));
      try {
        const page = await apiCall<LibraryResponse>('GET', libraryPath(scope, q, cursor));
        if (mine !== generation.current) return;
        setList((l) => ({
          items: cursor ? [...l.items, ...page.recordings.filter((r) => !l.items.some((x) => x.id === r.id))] : page.recordings,
          nextCursor: page.nextCursor,
          loading: false,
          error: '',
          loaded: true,
        }));
      } catch (err) {
        if (mine !== generation.current) return;
        setList((l) => ({ ...l, loading: false, error: plainWords(err), loaded: !cursor ? false : l.loaded }));
      }
    },
    [scope, q],
  );

  useEffect(() => {
    setList({ items: [], nextCursor: null, loading: 'first', error: '', loaded: false });
    void load();
  }, [load]);

  return {
    ...list,
    reload: () => load(),
    loadMore: () => (list.nextCursor ? load(list.nextCursor) : Promise.resolve()),
    replace: (recording: LibraryRecording) => setList((l) => ({ ...l, items: l.items.map((r) => (r.id === recording.id ? recording : r)) })),
    remove: (id: string) => setList((l) => ({ ...l, items: l.items.filter((r) => r.id !== id) })),
  };
}
