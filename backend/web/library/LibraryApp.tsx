/**
 * /library: "My recordings" and "Team", search by title, cards newest first with "Load more",
 * and the recordings' actions. The view and the search are kept in the address (?view=&q=), so a
 * reload or a shared address shows the same list.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryRecording } from '../../../api/responses';
import type { PageUser } from '../shared/boot';
import { LiveStatus } from '../shared/LiveStatus';
import { RecordingCard } from './RecordingCard';
import { SearchBox } from './SearchBox';
import { UploadSlot } from './UploadSlot';
import { useLibrary, type Scope } from './useLibrary';
import { PANEL_ID, tabId, ViewTabs } from './ViewTabs';

function initialState(): { scope: Scope; q: string } {
  const params = new URLSearchParams(location.search);
  return { scope: params.get('view') === 'team' ? 'team' : 'mine', q: (params.get('q') ?? '').trim() };
}

function emptyText(scope: Scope, q: string): string {
  if (q) return `No recordings have a title with “${q}”. Try other words, or clear the search.`;
  return scope === 'mine'
    ? 'You have no recordings yet. Record your screen with the Reelay extension, or upload a video; it shows up here.'
    : 'Nobody on this server has a recording yet.';
}

export function LibraryApp(props: { user: PageUser }): JSX.Element {
  const [{ scope, q }, setView] = useState(initialState);
  const list = useLibrary(scope, q);
  const [message, setMessage] = useState<{ text: string; tone?: 'error' | 'ok' | undefined }>({ text: '' });
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const params = new URLSearchParams();
    if (scope === 'team') params.set('view', 'team');
    if (q) params.set('q', q);
    const search = params.toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
  }, [scope, q]);

  const canManage = (r: LibraryRecording) => props.user.role === 'admin' || r.owner.id === props.user.id;
  const say = (text: string, tone?: 'error' | 'ok') => setMessage({ text, tone });
  const loadingText = list.loading === 'first' ? 'Loading recordings…' : list.loading === 'more' ? 'Loading more recordings…' : '';

  return (
    <>
      {/* Outside the views, so an upload in progress keeps its progress bar when the view changes.
          A new upload is the newest recording of both views: reload the list to show it. */}
      <UploadSlot onUploaded={() => void list.reload()} />
      <div class="toolbar">
        <ViewTabs scope={scope} onChange={(next) => setView({ scope: next, q })} />
        <SearchBox value={q} onSearch={(next) => setView({ scope, q: next })} />
      </div>
      <LiveStatus message={message.text || loadingText} tone={message.text ? message.tone : undefined} statusRef={status} />
      <section id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(scope)} aria-busy={list.loading === 'first'}>
        {list.error ? (
          <div class="notice" role="alert">
            <p class="error">Could not load the recordings. {list.error}</p>
            <button type="button" class="btn" onClick={() => (list.loaded ? list.loadMore() : list.reload())}>
              Try again
            </button>
          </div>
        ) : null}
        {list.loaded && list.items.length === 0 && !list.error ? (
          <div class="notice empty">
            <p>{emptyText(scope, q)}</p>
            {q ? (
              <button type="button" class="btn" onClick={() => setView({ scope, q: '' })}>
                Clear search
              </button>
            ) : null}
          </div>
        ) : null}
        {list.items.length > 0 ? (
          <ul class="cards" aria-label={scope === 'mine' ? 'My recordings' : 'Team recordings'}>
            {list.items.map((r) => (
              <RecordingCard
                key={r.id}
                recording={r}
                canManage={canManage(r)}
                showOwner={scope === 'team'}
                onRenamed={list.replace}
                onDeleted={(gone) => {
                  list.remove(gone.id);
                  say(`Deleted “${gone.title || 'Untitled recording'}”. Its link no longer works.`, 'ok');
                  // The card (and the button that had focus) is gone: focus goes to what just happened.
                  setTimeout(() => status.current?.focus(), 0);
                }}
                onMessage={say}
              />
            ))}
          </ul>
        ) : null}
        {list.nextCursor && list.items.length > 0 ? (
          <div class="more">
            <button type="button" class="btn" disabled={list.loading !== false} onClick={() => void list.loadMore()}>
              {list.loading === 'more' ? 'Loading…' : 'Load more'}
            </button>
          </div>
        ) : null}
      </section>
    </>
  );
}
