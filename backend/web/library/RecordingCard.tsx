/**
 * One recording of the library: thumbnail (a neutral placeholder when there is none), title
 * linking to the share page, duration, date, owner (Team view); Copy link for everyone, Rename and
 * Delete for who may manage it (its owner, or an admin); on the owner's own cards (My recordings)
 * the view figures. Buttons carry the title in their names, so a screen reader's list of buttons
 * tells the cards apart.
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { LibraryRecording, UpdateRecordingResponse } from '../../../api/responses';
import { apiCall, plainWords } from '../shared/api';
import { ConfirmButton } from '../shared/ConfirmButton';
import { CopyButton } from '../shared/CopyButton';
import { formatDate, formatDuration, spokenDuration } from '../shared/format';
import { statsLine } from '../watch/time';
import { TitleEditor } from './TitleEditor';

export interface CardEvents {
  onRenamed: (recording: LibraryRecording) => void;
  onDeleted: (recording: LibraryRecording) => void;
  /** A line for the page's live status (copied, failed…). */
  onMessage: (message: string, tone?: 'error' | 'ok') => void;
}

const FILM_ICON = (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="m10 9 5 3-5 3z" />
  </svg>
);

function Thumbnail(props: { recording: LibraryRecording }): JSX.Element {
  const [failed, setFailed] = useState(false);
  const { recording } = props;
  return (
    <div class="thumb">
      {failed ? (
        <span class="placeholder">{FILM_ICON}</span>
      ) : (
        <img src={recording.thumbnailUrl} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />
      )}
      <span class="duration" aria-hidden="true">
        {formatDuration(recording.durationMs)}
      </span>
    </div>
  );
}

export function RecordingCard(props: { recording: LibraryRecording; canManage: boolean; showOwner: boolean } & CardEvents): JSX.Element {
  const { recording: r } = props;
  const [renaming, setRenaming] = useState(false);
  const [busy, setBusy] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  // The list carries the view figures of your own recordings; they show in My recordings (no owner shown).
  const stats = r.stats && !props.showOwner ? statsLine(r.stats) : '';
  const titleId = `rec-${r.id}`;
  const name = r.title || 'Untitled recording';

  function endRename() {
    setRenaming(false);
    setTimeout(() => renameButton.current?.focus(), 0);
  }

  async function save(title: string) {
    if (title === r.title) return endRename();
    setBusy(true);
    try {
      const res = await apiCall<UpdateRecordingResponse>('PATCH', `/api/recordings/${encodeURIComponent(r.id)}`, { title });
      props.onRenamed({ ...r, title: res.title });
      props.onMessage(`Renamed to “${res.title}”.`, 'ok');
      endRename();
    } catch (err) {
      props.onMessage(`Could not rename “${name}”. ${plainWords(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await apiCall('DELETE', `/api/recordings/${encodeURIComponent(r.id)}`);
      props.onDeleted(r);
    } catch (err) {
      setBusy(false);
      props.onMessage(`Could not delete “${name}”. ${plainWords(err)}`, 'error');
    }
  }

  return (
    <li class="card" aria-labelledby={titleId}>
      <Thumbnail recording={r} />
      <div class="card-body">
        {renaming ? (
          <TitleEditor id={r.id} title={r.title} busy={busy} onSave={save} onCancel={endRename} />
        ) : (
          <h3 id={titleId}>
            <a href={r.shareUrl}>{name}</a>
          </h3>
        )}
        <p class="meta">
          <span>
            <span class="sr-only">Length </span>
            <span aria-hidden="true">{formatDuration(r.durationMs)}</span>
            <span class="sr-only">{spokenDuration(r.durationMs)}</span>
          </span>
          <span>
            <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time>
          </span>
          {props.showOwner ? <span>by {r.owner.name}</span> : null}
        </p>
        {stats ? <p class="meta views">{stats}</p> : null}
        <div class="actions">
          <CopyButton
            text={r.shareUrl}
            label="Copy link"
            ariaLabel={`Copy link: ${name}`}
            onCopied={(ok) => props.onMessage(ok ? `Link to “${name}” copied.` : 'The link could not be copied: open the recording and copy its address instead.', ok ? 'ok' : 'error')}
          />
          {props.canManage && !renaming ? (
            <>
              <button type="button" ref={renameButton} class="btn btn-small" aria-label={`Rename: ${name}`} onClick={() => setRenaming(true)}>
                Rename
              </button>
              <ConfirmButton
                label="Delete"
                ariaLabel={`Delete: ${name}`}
                question={`Delete “${name}” for everyone? The video is removed from the server and its link stops working. This cannot be undone.`}
                confirmLabel="Delete for everyone"
                keepLabel="Keep it"
                disabled={busy}
                onConfirm={remove}
              />
            </>
          ) : null}
        </div>
      </div>
    </li>
  );
}
