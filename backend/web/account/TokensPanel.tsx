/**
 * Personal API tokens: the list (name, made, last used; never the token), a new one (shown once,
 * with Copy), and Revoke. The extension's "Sign in" makes one of these too.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CreateTokenResponse, TokensResponse } from '../../../api/responses';
import { apiCall, plainWords } from '../shared/api';
import { ConfirmButton } from '../shared/ConfirmButton';
import { CopyButton } from '../shared/CopyButton';
import { formatDate } from '../shared/format';
import { useApiList } from '../shared/useApiList';

type Token = TokensResponse['tokens'][number];

export function TokensPanel(props: { say: (text: string, tone?: 'error' | 'ok') => void }): JSX.Element {
  const tokens = useApiList<Token, TokensResponse>('/api/tokens', (r) => r.tokens);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | undefined>();
  const [busy, setBusy] = useState(false);

  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await apiCall<CreateTokenResponse>('POST', '/api/tokens', { name: name.trim() });
      setCreated({ name: name.trim(), token: res.token });
      setName('');
      props.say(`Token “${name.trim()}” created. Copy it now: it is shown only this once.`, 'ok');
      await tokens.reload();
    } catch (err) {
      props.say(`Could not create the token. ${plainWords(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: Token) {
    try {
      await apiCall('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
      props.say(`Token “${token.name}” revoked. Anything that used it must be given a new one.`, 'ok');
      await tokens.reload();
    } catch (err) {
      props.say(`Could not revoke “${token.name}”. ${plainWords(err)}`, 'error');
    }
  }

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Personal API tokens</h2>
      <p class="muted">A token lets the Reelay extension or a script act as you. Paste it into the extension's “API token”, or use its “Sign in”, which makes one for you.</p>
      {tokens.error ? <p class="error">Could not load your tokens. {tokens.error}</p> : null}
      {tokens.items && tokens.items.length === 0 ? <p>You have no tokens yet.</p> : null}
      {tokens.items && tokens.items.length > 0 ? (
        <ul class="table" aria-label="Your tokens">
          {tokens.items.map((t) => (
            <li key={t.id}>
              <span class="grow">
                <strong>{t.name}</strong>
                <span class="muted">
                  {' '}
                  · made {formatDate(t.createdAt)} · {t.lastUsedAt ? `last used ${formatDate(t.lastUsedAt)}` : 'never used'}
                </span>
              </span>
              <ConfirmButton
                label="Revoke"
                ariaLabel={`Revoke: ${t.name}`}
                question={`Revoke “${t.name}”? Whatever uses it (the extension, a script) stops working at once.`}
                confirmLabel="Revoke token"
                keepLabel="Keep it"
                onConfirm={() => void revoke(t)}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {created ? (
        <div class="notice" role="group" aria-label={`New token ${created.name}`}>
          <p>
            Your new token <strong>{created.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <p class="secret" aria-label="The new token">{created.token}</p>
          <div class="row">
            <CopyButton text={created.token} label="Copy token" onCopied={(ok) => props.say(ok ? 'Token copied.' : 'The token could not be copied: select it and copy it by hand.', ok ? 'ok' : 'error')} />
            <button type="button" class="btn btn-small" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <form class="inline" onSubmit={create}>
        <div class="field">
          <label for="token-name">Name of a new token</label>
          <input id="token-name" value={name} maxLength={100} required placeholder="e.g. work laptop" onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Create token
        </button>
      </form>
    </section>
  );
}
