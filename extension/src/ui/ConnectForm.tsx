/**
 * The "connect to your Reelay server" form, shared by the popup (first run) and
 * the options page. Checks URL + token against GET /api/session before storing them.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { checkConnection, ConnectionCheckError, saveConnection, type Connection } from '../shared/settings';

export interface ConnectFormProps {
  /** Pre-fills the fields (options page, "change server" from the popup). */
  initial?: Connection | null;
  onConnected: (connection: Connection) => void;
  /** Shown next to Save, e.g. a "Back" button when editing an existing connection. */
  secondaryAction?: JSX.Element | undefined;
}

export function ConnectForm({ initial, onConnected, secondaryAction }: ConnectFormProps): JSX.Element {
  const [serverUrl, setServerUrl] = useState(initial?.serverUrl ?? '');
  const [apiToken, setApiToken] = useState(initial?.apiToken ?? '');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<ConnectionCheckError | null>(null);

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (checking) return;
    setChecking(true);
    setError(null);
    try {
      const connection = await checkConnection(serverUrl, apiToken);
      await saveConnection(connection);
      setServerUrl(connection.serverUrl);
      onConnected(connection);
    } catch (err) {
      setError(err instanceof ConnectionCheckError ? err : new ConnectionCheckError(null, String(err)));
    } finally {
      setChecking(false);
    }
  }

  const urlInvalid = error?.field === 'serverUrl';
  const tokenInvalid = error?.field === 'apiToken';
  return (
    <form class="stack" onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={checking}>
      <div class="field">
        <label for="server-url">Server URL</label>
        <input
          id="server-url"
          name="serverUrl"
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="http://localhost:8787"
          spellcheck={false}
          value={serverUrl}
          onInput={(e) => setServerUrl(e.currentTarget.value)}
          aria-invalid={urlInvalid}
          aria-describedby={urlInvalid ? 'connect-error' : undefined}
          required
        />
      </div>
      <div class="field">
        <label for="api-token">API token</label>
        <input
          id="api-token"
          name="apiToken"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={apiToken}
          onInput={(e) => setApiToken(e.currentTarget.value)}
          aria-invalid={tokenInvalid}
          aria-describedby={tokenInvalid ? 'connect-error' : 'api-token-help'}
          required
        />
        <p id="api-token-help" class="help">Printed by the Reelay server when it starts.</p>
      </div>
      {error && (
        <p id="connect-error" class="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={checking}>
          {checking ? 'Checking…' : 'Save'}
        </button>
        {secondaryAction}
      </div>
    </form>
  );
}
