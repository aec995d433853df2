/** Inline rename: a labelled field with Save and Cancel; Escape cancels. Empty means "Untitled recording". */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_TITLE_LENGTH } from '../../../api/limits';

export function TitleEditor(props: {
  id: string;
  title: string;
  busy: boolean;
  onSave: (title: string) => void;
  onCancel: () => void;
}): JSX.Element {
  const [value, setValue] = useState(props.title);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const fieldId = `title-${props.id}`;
  return (
    <form
      class="rename"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(value.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onCancel();
        }
      }}
    >
      <label for={fieldId}>New title</label>
      <input id={fieldId} ref={input} value={value} maxLength={MAX_TITLE_LENGTH} onInput={(e) => setValue(e.currentTarget.value)} />
      <div class="row">
        <button type="submit" class="btn btn-small btn-primary" disabled={props.busy}>
          {props.busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="btn btn-small" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
