/**
 * The "connect to your Reelay server" form, shared by the popup (first run) and the options page.
 * "Sign in" opens the server's sign-in page and comes back with a personal API token (the service
 * worker runs it: background/sign-in.ts); or paste a token and Save, which checks URL + token
 * against GET /api/session before storing them.
 */
import { useState } from 'preact/hooks';
import type { InputHTMLAttributes, JSX } from 'preact';
import { checkConnection, ConnectionCheckError, type Connection } from '../shared/connection';
import { saveConnection } from '../shared/settings';
import { signIn } from '../shared/account-client';

export interface ConnectFormProps {
  /** Pre-fills the fields (options page, "change server" from the popup). */
  initial?: Connection | null;
  onConnected: (connection: Connection) => void;
  /** A link-style button next to Save, e.g. "Back" when editing an existing connection. */
  secondaryAction?: { label: string; onClick: () => void } | undefined;
}

export function ConnectForm({ initial, onConnected, secondaryAction }: ConnectFormProps): JSX.Element {
  const [serverUrl, setServerUrl] = useState(initial?.serverUrl ?? '');
  const [apiToken, setApiToken] = useState(initial?.apiToken ?? '');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<ConnectionCheckError | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  /** A sign-in the person cancelled: said calmly, not as an error. */
  const [cancelled, setCancelled] = useState<string | null>(null);

  async function onSignIn(): Promise<void> {
    if (signingIn || checking) return;
    setSigningIn(true);
    setError(null);
    setCancelled(null);
    try {
      const result = await signIn(serverUrl);
      if (result.ok) {
        setServerUrl(result.connection.serverUrl);
        onConnected(result.connection);
      } else if (result.cancelled) {
        setCancelled(result.message);
      } else {
        setError(new ConnectionCheckError(result.field, result.message));
      }
    } catch (err) {
      setError(new ConnectionCheckError(null, `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`));
    } finally {
      setSigningIn(false);
    }
  }

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (checking || signingIn) return;
    setChecking(true);
    setError(null);
    setCancelled(null);
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
    <form class="stack" onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={checking || signingIn}>
      <Field
        id="server-url"
        label="Server URL"
        input={{ name: 'serverUrl', type: 'url', inputMode: 'url', autoComplete: 'url', placeholder: 'http://localhost:8787' }}
        value={serverUrl}
        onValue={setServerUrl}
        invalid={urlInvalid}
      />
      <div class="row">
        <button type="button" class="btn btn-primary" disabled={signingIn || checking} aria-describedby="sign-in-help" onClick={() => void onSignIn()}>
          {signingIn ? 'Signing in…' : 'Sign in'}
        </button>
        <span id="sign-in-help" class="help">
          with your account on this server
        </span>
      </div>
      {cancelled && (
        <p class="small" role="status">
          {cancelled}
        </p>
      )}
      <p class="help">Or paste an API token:</p>
      <Field
        id="api-token"
        label="API token"
        input={{ name: 'apiToken', type: 'password', autoComplete: 'off' }}
        value={apiToken}
        onValue={setApiToken}
        invalid={tokenInvalid}
        help="A personal token from your account page, or the one the Reelay server printed when it started."
      />
      {error && (
        <p id="connect-error" class="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="row">
        <button type="submit" class="btn" disabled={checking || signingIn}>
          {checking ? 'Checking…' : 'Save'}
        </button>
        {secondaryAction && (
          <button type="button" class="btn btn-link" onClick={secondaryAction.onClick}>
            {secondaryAction.label}
          </button>
        )}
      </div>
    </form>
  );
}

interface FieldProps {
  id: string;
  label: string;
  /** name, type, autoComplete, ... */
  input: InputHTMLAttributes<HTMLInputElement>;
  value: string;
  onValue: (value: string) => void;
  /** The form's error is about this field: it names the error instead of the help. */
  invalid: boolean;
  help?: string;
}

/** A labelled, required input of the form. */
function Field({ id, label, input, value, onValue, invalid, help }: FieldProps): JSX.Element {
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        {...input}
        spellcheck={false}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'connect-error' : helpId}
        required
      />
      {help && (
        <p id={helpId} class="help">
          {help}
        </p>
      )}
    </div>
  );
}
