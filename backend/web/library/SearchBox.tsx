/** Search by title: results follow typing (after a pause) and Enter searches at once. */
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_TITLE_LENGTH } from '../../../api/limits';
import { PendingSearch } from './pending-search';

export function SearchBox(props: { value: string; onSearch: (q: string) => void }): JSX.Element {
  const [text, setText] = useState(props.value);
  const latest = useRef(props);
  latest.current = props;
  const pending = useRef<PendingSearch | undefined>(undefined);
  pending.current ??= new PendingSearch(
    (q) => latest.current.onSearch(q),
    () => latest.current.value,
  );
  // A layout effect runs in the same task as the render, so no pending timer can fire between
  // "Clear search" setting the query and the box forgetting what was typed.
  useLayoutEffect(() => {
    pending.current?.cancel();
    setText(props.value);
  }, [props.value]);
  useEffect(() => () => pending.current?.cancel(), []);
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        pending.current?.submitted(text);
      }}
    >
      <div class="field">
        <label for="library-search">Search by title</label>
        <input
          id="library-search"
          type="search"
          value={text}
          maxLength={MAX_TITLE_LENGTH}
          onInput={(e) => {
            setText(e.currentTarget.value);
            pending.current?.typed(e.currentTarget.value);
          }}
        />
      </div>
      <button type="submit" class="btn">
        Search
      </button>
    </form>
  );
}
