/**
 * The last few recordings on this computer: links to finished ones, rename (on the server), and two
 * ways out. Delete removes the video from the server for everyone with the link (a finished one as
 * the signed-in person; an unfinished upload is aborted); Remove from list only forgets it here.
 * "See all" opens the server's library.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { isWebUrl } from '../core/url-safety';
import type { LocalRecordingStatus, RecentRecording } from '../shared/recorder-status';
import { ConfirmButton } from '../ui/ConfirmButton';
import { formatBytes, formatElapsed, formatWhen } from '../ui/format';
import { deleteForEveryone, deleteRecording, listRecent } from './recorder-client';
import { TitleEditor } from './TitleEditor';

const SHOWN = 5;

const STATUS_LABEL: Record<LocalRecordingStatus, { text: string; tone: '' | 'warn' | 'error' } | null> = {
  recording: { text: 'Recording', tone: '' },
  uploading: { text: 'Uploading', tone: 'warn' },
  completing: { text: 'Finishing', tone: 'warn' },
  done: null,
  interrupted: { text: 'Interrupted', tone: 'warn' },
  failed: { text: 'Failed', tone: 'error' },
  gone: { text: 'Not on server', tone: 'error' },
};

export function RecentList({ refreshKey, serverUrl }: { refreshKey: string; serverUrl: string }): JSX.Element | null {
  const [items, setItems] = useState<RecentRecording[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Why the last Delete or Remove did not work, in words (the list stays). */
  const [notice, setNotice] = useState<string | null>(null);
  /** The row whose title form is open (its other buttons hide meanwhile). */
  const [renaming, setRenaming] = useState<string | null>(null);

  function load(): void {
    listRecent().then(
      (list) => {
        setItems(list);
        setError(null);
      },
      (err: unknown) => setError(`Could not load recent recordings: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  useEffect(load, [refreshKey]);

  /** Remove from list, or Delete of an unfinished upload (the recorder aborts it with its upload token). */
  async function forget(item: RecentRecording): Promise<void> {
    const result = await deleteRecording(item.localId);
    setNotice(result.ok ? null : `${result.error.message} ${result.error.hint}`.trim());
    load();
  }

  async function deleteEverywhere(item: RecentRecording, recordingId: string): Promise<void> {
    const result = await deleteForEveryone(item.localId, recordingId);
    setNotice(result.ok ? null : result.message);
    load();
  }

  function renamed(localId: string, title: string): void {
    setItems((list) => list?.map((i) => (i.localId === localId ? { ...i, title } : i)) ?? null);
    load();
  }

  if (error) return <p class="small muted">{error}</p>;
  if (!items || items.length === 0) return null;
  const now = Date.now();
  return (
    <section class="stack-tight" aria-labelledby="recent-heading">
      <div class="row spread">
        <h2 id="recent-heading">Recent</h2>
        <a class="small" href={`${serverUrl}/library`} target="_blank" rel="noopener" aria-label="See all recordings (opens your library)">
          See all
        </a>
      </div>
      {notice && (
        <p class="alert alert-error small" role="alert">
          {notice}
        </p>
      )}
      <ul class="recent">
        {items.slice(0, SHOWN).map((item) => {
          const label = STATUS_LABEL[item.status];
          const linkable = item.status === 'done' && isWebUrl(item.shareUrl);
          // The server keeps the title: renaming needs the server recording.
          const renamable = item.recordingId !== undefined && item.status !== 'gone';
          const isRenaming = renaming === item.localId;
          // Finished: changed as the signed-in person. Unfinished: the recorder's upload token still drives it.
          const finishedId = item.status === 'done' ? item.recordingId : undefined;
          return (
            <li key={item.localId}>
              <div class="grow">
                {linkable ? (
                  <a class="title" href={item.shareUrl} target="_blank" rel="noopener">
                    {item.title}
                  </a>
                ) : (
                  <span class="title">{item.title}</span>
                )}
                {/* The details line tells recordings of the same page apart: when, how long, how big. */}
                <span class="small muted details">
                  <time dateTime={new Date(item.createdAt).toISOString()} title={new Date(item.createdAt).toLocaleString()}>
                    {formatWhen(item.createdAt, now)}
                  </time>
                  {` · ${formatElapsed(item.durationMs)}`}
                  {item.bytes > 0 ? ` · ${formatBytes(item.bytes)}` : ''}
                  {item.error ? ` · ${item.error.message}` : ''}
                </span>
              </div>
              {label && <span class={`badge ${label.tone ? `badge-${label.tone}` : ''}`}>{label.text}</span>}
              {renamable && (
                <TitleEditor
                  localId={item.localId}
                  title={item.title}
                  finishedRecordingId={finishedId}
                  onRenamed={(title) => renamed(item.localId, title)}
                  onEditingChange={(editing) => setRenaming(editing ? item.localId : null)}
                />
              )}
              {finishedId !== undefined && !isRenaming && (
                <ConfirmButton
                  label="Delete"
                  ariaLabel={`Delete ${item.title}`}
                  class="btn btn-link small"
                  question="Delete the video for everyone with the link?"
                  confirmLabel="Delete"
                  keepLabel="Keep"
                  onConfirm={() => void deleteEverywhere(item, finishedId)}
                />
              )}
              {finishedId === undefined && item.status !== 'recording' && item.status !== 'gone' && !isRenaming && (
                <ConfirmButton
                  label="Delete"
                  ariaLabel={`Delete ${item.title}`}
                  class="btn btn-link small"
                  question="Delete? Its upload stops and nothing is kept."
                  confirmLabel="Delete"
                  keepLabel="Keep"
                  onConfirm={() => void forget(item)}
                />
              )}
              {(finishedId !== undefined || item.status === 'gone') && !isRenaming && (
                <button type="button" class="btn btn-link small" aria-label={`Remove from list: ${item.title}`} onClick={() => void forget(item)}>
                  Remove from list
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
