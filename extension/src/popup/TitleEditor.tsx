/**
 * Inline title editing for one recent recording: a "Rename" button that turns into a small form
 * (Title field, Save, Cancel). Enter saves, Escape cancels. A recording still uploading is renamed
 * by the recorder (offscreen/update-recording.ts, with its upload token); a finished one by the
 * service worker as the signed-in person (background/manage-recording.ts). While saving, nothing is
 * disabled (a disabled control drops focus to <body>): the field is read-only and the buttons say
 * so with aria-disabled; a failed save puts focus back in the field, with the error as its
 * description. Closing the form puts focus back on "Rename".
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { MAX_TITLE_LENGTH } from '../../../api';
import { renameOnServer, updateRecording } from './recorder-client';

export interface TitleEditorProps {
  localId: string;
  title: string;
  /** A finished recording: renamed as the signed-in person (its upload token no longer changes it). */
  finishedRecordingId?: string | undefined;
  /** Called with the title the server stored. */
  onRenamed: (title: string) => void;
  /** Lets the list hide the row's other controls while the form is open. */
  onEditingChange?: (editing: boolean) => void;
}

/** The title the server stored; throws with a sentence for the user. */
async function rename(localId: string, title: string, finishedRecordingId: string | undefined): Promise<string> {
  const result = finishedRecordingId !== undefined ? await renameOnServer(finishedRecordingId, title) : await updateRecording(localId, { title });
  if (!result.ok) throw new Error(result.message);
  return result.recording.title;
}

export function TitleEditor(props: TitleEditorProps): JSX.Element {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(props.title);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  /** Set when the form closes: "Rename" takes focus back once rendered. */
  const refocus = useRef(false);

  // The field gets focus when the form opens (the autofocus attribute is ignored after page load).
  useEffect(() => {
    if (editing) {
      field.current?.focus();
      field.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      renameButton.current?.focus();
    }
  }, [editing]);

  // A failed save: back to the field, which now names the error.
  useEffect(() => {
    if (error) field.current?.focus();
  }, [error]);

  function open(value: boolean): void {
    if (!value) refocus.current = true;
    setEditing(value);
    setError(null);
    setDraft(props.title);
    props.onEditingChange?.(value);
  }

  async function save(event?: Event): Promise<void> {
    event?.preventDefault();
    if (saving || draft.trim() === '') return;
    if (draft.trim() === props.title) return open(false);
    setSaving(true);
    setError(null);
    try {
      const saved = await rename(props.localId, draft, props.finishedRecordingId);
      setSaving(false);
      open(false);
      props.onRenamed(saved);
    } catch (err) {
      setSaving(false);
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  if (!editing) {
    return (
      <button type="button" ref={renameButton} class="btn btn-link small" aria-label={`Rename ${props.title}`} onClick={() => open(true)}>
        Rename
      </button>
    );
  }

  const errorId = `rename-error-${props.localId}`;
  return (
    <form
      class="stack-tight"
      style="flex-basis:100%"
      aria-label={`Rename ${props.title}`}
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          open(false);
        }
      }}
    >
      <input
        type="text"
        aria-label="Title"
        value={draft}
        ref={field}
        maxLength={MAX_TITLE_LENGTH}
        readOnly={saving}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
      />
      <div class="row">
        <button type="submit" class="btn btn-primary small" aria-disabled={saving || draft.trim() === '' ? 'true' : undefined}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="btn small" aria-disabled={saving ? 'true' : undefined} onClick={() => !saving && open(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p id={errorId} class="small" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
