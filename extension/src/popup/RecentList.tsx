/** The last few recordings on this computer: links to finished ones, rename (on the server), delete. */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { LocalRecordingStatus, RecentRecording } from '../shared/recorder-status';
import { ConfirmButton } from '../ui/ConfirmButton';
import { formatBytes, formatElapsed, formatWhen } from '../ui/format';
import { deleteRecording, listRecent } from './recorder-client';
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

export function RecentList({ refreshKey }: { refreshKey: string }): JSX.Element | null {
  const [items, setItems] = useState<RecentRecording[] | null>(null);
  const [error, setError] = useState<string | null>(null);
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

  async function remove(item: RecentRecording): Promise<void> {
    const result = await deleteRecording(item.localId);
    if (!result.ok) setError(`${result.error.message} ${result.error.hint}`.trim());
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
      <h2 id="recent-heading">Recent</h2>
      <ul class="recent">
        {items.slice(0, SHOWN).map((item) => {
          const label = STATUS_LABEL[item.status];
          const linkable = item.status === 'done' && item.shareUrl;
          // The server keeps the title: renaming needs the server recording (its upload token).
          const renamable = item.recordingId !== undefined && item.status !== 'gone';
          const isRenaming = renaming === item.localId;
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
                  onRenamed={(title) => renamed(item.localId, title)}
                  onEditingChange={(editing) => setRenaming(editing ? item.localId : null)}
                />
              )}
              {item.status !== 'recording' && !isRenaming && (
                <ConfirmButton
                  label="Delete"
                  ariaLabel={`Delete ${item.title}`}
                  class="btn btn-link small"
                  question="Delete?"
                  confirmLabel="Delete"
                  keepLabel="Keep"
                  onConfirm={() => void remove(item)}
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
