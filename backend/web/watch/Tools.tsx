/**
 * Under the title: "Embed" for every viewer (the <iframe> snippet, shown and copied), and for who
 * manages the recording (its owner, an admin) the view figures from GET /stats ("12 views ·
 * 5 viewers · 64% watched on average") and the Trim and Privacy panels.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RecordingStats, WatchPageData } from '../../../api';
import { apiCall, plainWords } from '../shared/api';
import { CopyButton } from '../shared/CopyButton';
import type { Playback } from './playback';
import { PrivacyPanel } from './PrivacyPanel';
import type { Store, WatchState } from './store';
import { statsLine } from './time';
import { TrimPanel } from './TrimPanel';
import { apiPath } from './watch-data';

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The snippet other sites paste (the embed page allows being framed; the share page doesn't). */
export function embedSnippet(url: string, title: string): string {
  return `<iframe src="${attr(url)}" width="640" height="360" frameborder="0" allow="fullscreen; picture-in-picture" allowfullscreen title="${attr(title)}"></iframe>`;
}

function Stats(props: { id: string }): JSX.Element {
  const [line, setLine] = useState('Loading views…');
  useEffect(() => {
    apiCall<RecordingStats>('GET', apiPath(props.id, '/stats')).then(
      (s) => setLine(statsLine(s)),
      (err) => setLine(`Views could not be loaded. ${plainWords(err)}`),
    );
  }, [props.id]);
  return (
    <p class="stats" id="watch-stats">
      {line}
    </p>
  );
}

export function Tools(props: { data: WatchPageData; playback: Playback; store: Store<WatchState> }): JSX.Element {
  const { data } = props;
  const [embedOpen, setEmbedOpen] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: 'error' | 'ok' }>({ message: '', tone: 'ok' });
  const say = (message: string, tone: 'error' | 'ok' = 'ok') => setStatus({ message, tone });
  const snippet = embedSnippet(data.urls.embed, data.title);
  return (
    <section class="tools" aria-label="Sharing">
      {data.viewer.canManage ? <Stats id={data.id} /> : null}
      <div class="buttons">
        <button type="button" class="button secondary" aria-expanded={embedOpen} aria-controls="embed-panel" onClick={() => setEmbedOpen(!embedOpen)}>
          Embed
        </button>
      </div>
      {embedOpen ? (
        <div class="panel" id="embed-panel">
          <label for="embed-code">Embed code</label>
          <textarea id="embed-code" readOnly rows={3} value={snippet} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={snippet} label="Copy embed code" onCopied={(ok) => say(ok ? 'Embed code copied.' : 'Could not copy: select the code and copy it yourself.', ok ? 'ok' : 'error')} />
        </div>
      ) : null}
      {data.viewer.canManage ? (
        <details class="owner">
          <summary>Trim and privacy</summary>
          <div class="panels">
            <TrimPanel id={data.id} durationMs={data.durationMs} playback={props.playback} store={props.store} say={say} />
            <PrivacyPanel id={data.id} privacy={data.privacy} downloads={data.downloads} say={say} />
          </div>
        </details>
      ) : null}
      <p class={`say ${status.tone}`} role="status">
        {status.message}
      </p>
    </section>
  );
}
