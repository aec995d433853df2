/**
 * Popup root: first run shows the connect form (Sign in, or paste an API token); once connected,
 * the recording panel, and who is signed in with Sign out.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { ConnectForm } from '../ui/ConnectForm';
import { useConnection } from '../ui/useConnection';
import { describeUser } from '../shared/connection';
import { signOut } from '../shared/account-client';
import { RecordPanel } from './RecordPanel';

export function PopupApp(): JSX.Element {
  const [connection, setConnection] = useConnection();
  const [editing, setEditing] = useState(false);
  /** What Sign out did (e.g. the server could not be told), shown above the connect form. */
  const [notice, setNotice] = useState<string | null>(null);

  async function onSignOut(): Promise<void> {
    const result = await signOut().catch((err: unknown) => ({ ok: true as const, revoked: false, message: `Sign out: ${String(err)}` }));
    setNotice(result.message);
    setEditing(false);
    setConnection(null);
  }

  let body: JSX.Element;
  if (connection === undefined) {
    body = <p class="muted">Loading…</p>;
  } else if (connection === null || editing) {
    body = (
      <>
        {notice && (
          <p class="small" role="status">
            {notice}
          </p>
        )}
        <p class="muted small">Connect Reelay to your server to start recording.</p>
        <ConnectForm
          initial={connection}
          onConnected={(c) => {
            setNotice(null);
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
        <RecordPanel onEditServer={() => setEditing(true)} serverUrl={connection.serverUrl} />
        <footer class="row spread small muted">
          <span class="grow ellipsis">Connected to {connection.serverUrl}</span>
          <button type="button" class="btn btn-link small" onClick={() => setEditing(true)}>
            Server settings
          </button>
        </footer>
      </>
    );
  }

  // Who is signed in sits beside the logo: the popup has no height to spare (600 px, five Recent rows).
  const user = connection ? connection.user : undefined;
  return (
    <main class="popup-main stack">
      <Brand>
        {connection && !editing && (
          <div class="row account">
            {user && (
              <span class="small muted ellipsis" title={describeUser(user)}>
                Signed in as <strong>{user.name.trim() || user.email}</strong>
              </span>
            )}
            <button type="button" class="btn btn-link small" onClick={() => void onSignOut()}>
              Sign out
            </button>
          </div>
        )}
      </Brand>
      {body}
    </main>
  );
}
