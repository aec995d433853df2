/**
 * Popup root: first run shows the connect form; once connected, the recording panel.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { ConnectForm } from '../ui/ConnectForm';
import { useConnection } from '../ui/useConnection';
import { RecordPanel } from './RecordPanel';

export function PopupApp(): JSX.Element {
  const [connection, setConnection] = useConnection();
  const [editing, setEditing] = useState(false);

  let body: JSX.Element;
  if (connection === undefined) {
    body = <p class="muted">Loading…</p>;
  } else if (connection === null || editing) {
    body = (
      <>
        <p class="muted small">Connect Reelay to your server to start recording.</p>
        <ConnectForm
          initial={connection}
          onConnected={(c) => {
            setConnection(c);
            setEditing(false);
          }}
          secondaryAction={connection ? { label: 'Back', onClick: () => setEditing(false) } : undefined}
        />
      </>
    );
  } else {
    body = (
      <>
        <RecordPanel onEditServer={() => setEditing(true)} />
        <footer class="row spread small muted">
          <span class="grow" style="overflow:hidden;text-overflow:ellipsis;white-space:nowrap">
            Connected to {connection.serverUrl}
          </span>
          <button type="button" class="btn btn-link small" onClick={() => setEditing(true)}>
            Server settings
          </button>
        </footer>
      </>
    );
  }

  return (
    <main class="popup-main stack">
      <Brand />
      {body}
    </main>
  );
}
