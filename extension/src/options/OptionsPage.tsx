/** Options page: the same connect form as the popup, plus the current connection; then the recording settings. */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { ConnectForm } from '../ui/ConnectForm';
import { clearConnection } from '../shared/settings';
import { useConnection } from '../ui/useConnection';
import { RecordingSettings } from './RecordingSettings';

export function OptionsPage(): JSX.Element {
  const [connection, setConnection] = useConnection();
  const [justSaved, setJustSaved] = useState(false);

  function disconnect(): void {
    setJustSaved(false);
    void clearConnection();
  }

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
            secondaryAction={connection ? { label: 'Disconnect', onClick: disconnect } : undefined}
          />
        </>
      )}
      <RecordingSettings />
    </main>
  );
}
