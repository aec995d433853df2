/** A list the page shows from one GET (tokens, people): loading, plain-words error, reload. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { apiCall, plainWords } from './api';

export function useApiList<T, R>(path: string, pick: (answer: R) => T[]) {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [error, setError] = useState('');
  const reload = useCallback(async () => {
    try {
      setItems(pick(await apiCall<R>('GET', path)));
      setError('');
    } catch (err) {
      setError(plainWords(err));
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, error, reload };
}
