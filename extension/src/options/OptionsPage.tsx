/** Options page: the same connect form as the popup, plus the current connection. */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { ConnectForm } from '../ui/ConnectForm';
import { clearConnection, loadConnection, onConnectionChanged, type Connection } from '../shared/settings';

export function OptionsPage(): JSX.Element {
  const [connection, setConnection] = useState<Connection | null | undefined>(undefined);
  const [justSaved, setJustSaved] = useState(false);

  useEffect(() => {
    void loadConnection().then(setConnection);
    return onConnectionChanged(setConnection);
  }, []);

  return (
    <main class="options-main stack">
      <Brand />
      <p class="muted">
        Reelay uploads your recordings to your own server while you record. Enter the server address and the API
        token it printed when it started.
      </p>
      {connection === undefined ? (
        <p class="muted">Loading…</p>
      ) : (
        <>
          {connection && (
            <p class="alert alert-ok" role="status">
              {justSaved ? 'Saved. ' : ''}Connected to <strong>{connection.serverUrl}</strong>
            </p>
          )}
          <ConnectForm
            key={connection?.checkedAt ?? 0}
            initial={connection}
            onConnected={(c) => {
              setConnection(c);
              setJustSaved(true);
            }}
            secondaryAction={
              connection ? (
                <button
                  type="button"
                  class="btn btn-link"
                  onClick={() => {
                    setJustSaved(false);
                    void clearConnection();
                  }}
                >
                  Disconnect
                </button>
              ) : undefined
            }
          />
        </>
      )}
    </main>
  );
}
