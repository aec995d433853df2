/**
 * The page's shared state between its Preact roots (controls under the video, owner tools,
 * comments): the trim (the owner changes it, the player obeys) and the comments (the list adds,
 * the timeline shows markers). A tiny store rather than one tree, because the roots sit in
 * different places of the server's HTML.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Trim, ViewerComment } from '../../../api';

export interface WatchState {
  trim: Trim | null;
  comments: ViewerComment[];
}

export interface Store<T> {
  get(): T;
  set(patch: Partial<T>): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  const [, bump] = useState(0);
  useEffect(() => store.subscribe(() => bump((n) => n + 1)), [store]);
  return store.get();
}
