/** Search by title: results follow typing (debounced) and Enter searches at once. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { MAX_TITLE_LENGTH } from '../../../api/limits';

const DEBOUNCE_MS = 300;

export function SearchBox(props: { value: string; onSearch: (q: string) => void }): JSX.Element {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  useEffect(() => {
    if (text.trim() === props.value) return;
    const timer = setTimeout(() => props.onSearch(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(text.trim());
      }}
    >
      <div class="field">
        <label for="library-search">Search by title</label>
        <input id="library-search" type="search" value={text} maxLength={MAX_TITLE_LENGTH} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      <button type="submit" class="btn">
        Search
      </button>
    </form>
  );
}
