/**
 * Options page: the same connect form as the popup (Sign in, or paste an API token), the current
 * connection and who is signed in, Sign out; then the recording settings.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { ConnectForm } from '../ui/ConnectForm';
import { describeUser } from '../shared/connection';
import { signOut } from '../shared/account-client';
import { useConnection } from '../ui/useConnection';
import { RecordingSettings } from './RecordingSettings';

export function OptionsPage(): JSX.Element {
  const [connection, setConnection] = useConnection();
  const [justSaved, setJustSaved] = useState(false);
  /** What Sign out did, e.g. that the server could not be told. */
  const [notice, setNotice] = useState<string | null>(null);

  async function onSignOut(): Promise<void> {
    setJustSaved(false);
    const result = await signOut().catch((err: unknown) => ({ message: `Sign out failed: ${String(err)}` }));
    setNotice(result.message);
  }

  return (
    <main class="options-main stack">
      <Brand />
      <p class="muted">
        Reelay uploads your recordings to your own server while you record. Enter the server address and sign in
        with your account, or paste an API token.
      </p>
      {connection === undefined ? (
        <p class="muted">Loading…</p>
      ) : (
        <>
          {connection ? (
            <p class="alert alert-ok" role="status">
              {justSaved ? 'Saved. ' : ''}Connected to <strong>{connection.serverUrl}</strong>
              {connection.user && (
                <>
                  {' '}
                  as <strong>{describeUser(connection.user)}</strong>
                </>
              )}
            </p>
          ) : (
            notice && (
              <p class="small" role="status">
                {notice}
              </p>
            )
          )}
          <ConnectForm
            key={connection?.checkedAt ?? 0}
            initial={connection}
            onConnected={(c) => {
              setConnection(c);
              setJustSaved(true);
              setNotice(null);
            }}
            secondaryAction={connection ? { label: 'Sign out', onClick: () => void onSignOut() } : undefined}
          />
        </>
      )}
      <RecordingSettings />
    </main>
  );
}
