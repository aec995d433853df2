/**
 * People (admins only; the API refuses anyone else): who has an account, add a person (an invite
 * link to choose a password, or a first password), remove a person. Their recordings pass to the
 * admin who removes them, as the API does.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CreateUserResponse, UsersResponse } from '../../../api/responses';
import { apiCall, plainWords } from '../shared/api';
import type { PageUser } from '../shared/boot';
import { ConfirmButton } from '../shared/ConfirmButton';
import { CopyButton } from '../shared/CopyButton';
import { formatDate } from '../shared/format';
import { useApiList } from '../shared/useApiList';

type Person = UsersResponse['users'][number];

export function PeoplePanel(props: { me: PageUser; say: (text: string, tone?: 'error' | 'ok') => void }): JSX.Element {
  const people = useApiList<Person, UsersResponse>('/api/users', (r) => r.users);
  const [added, setAdded] = useState<{ email: string; inviteUrl: string } | undefined>();
  const [busy, setBusy] = useState(false);

  async function add(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    const name = String(data.get('name') ?? '').trim();
    setBusy(true);
    try {
      const res = await apiCall<CreateUserResponse>('POST', '/api/users', {
        email: String(data.get('email') ?? ''),
        role: data.get('role') === 'admin' ? 'admin' : 'member',
        ...(name ? { name } : {}),
        ...(password ? { password } : {}),
      });
      setAdded({ email: res.email, inviteUrl: res.inviteUrl });
      form.reset();
      props.say(`${res.email} added. Send them the invite link${password ? ', or the password you chose' : ''}.`, 'ok');
      await people.reload();
    } catch (err) {
      props.say(`Could not add this person. ${plainWords(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function remove(person: Person) {
    try {
      await apiCall('DELETE', `/api/users/${encodeURIComponent(person.id)}`);
      props.say(`${person.email} removed. Their recordings are yours now.`, 'ok');
      await people.reload();
    } catch (err) {
      props.say(`Could not remove ${person.email}. ${plainWords(err)}`, 'error');
    }
  }

  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      {people.error ? <p class="error">Could not load the people of this server. {people.error}</p> : null}
      {people.items ? (
        <ul class="table" aria-label="People on this server">
          {people.items.map((p) => (
            <li key={p.id}>
              <span class="grow">
                <strong>{p.name || p.email}</strong>
                <span class="muted">
                  {' '}
                  · {p.email} · {p.role === 'admin' ? 'admin' : 'member'} · since {formatDate(p.createdAt)}
                </span>
              </span>
              {p.id === props.me.id ? (
                <span class="muted">you</span>
              ) : (
                <ConfirmButton
                  label="Remove"
                  ariaLabel={`Remove: ${p.email}`}
                  question={`Remove ${p.email}? They can no longer sign in, their tokens stop working, and their recordings become yours.`}
                  confirmLabel="Remove person"
                  keepLabel="Keep"
                  onConfirm={() => void remove(p)}
                />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {added ? (
        <div class="notice" role="group" aria-label={`Invite link for ${added.email}`}>
          <p>
            Invite link for <strong>{added.email}</strong> (works once, for 7 days): with it they choose their password.
          </p>
          <p class="secret">{added.inviteUrl}</p>
          <div class="row">
            <CopyButton text={added.inviteUrl} label="Copy invite link" onCopied={(ok) => props.say(ok ? 'Invite link copied.' : 'The link could not be copied: select it and copy it by hand.', ok ? 'ok' : 'error')} />
            <button type="button" class="btn btn-small" onClick={() => setAdded(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <h3>Add a person</h3>
      <form class="inline" onSubmit={add}>
        <div class="field">
          <label for="person-email">Email</label>
          <input id="person-email" name="email" type="email" required autocomplete="off" />
        </div>
        <div class="field">
          <label for="person-name">Name (optional)</label>
          <input id="person-name" name="name" maxLength={100} autocomplete="off" />
        </div>
        <div class="field">
          <label for="person-role">Role</label>
          <select id="person-role" name="role" aria-describedby="role-help">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div class="field">
          <label for="person-password">First password (optional)</label>
          <input id="person-password" name="password" type="password" minLength={8} maxLength={128} autocomplete="new-password" aria-describedby="password-help" />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Add person
        </button>
      </form>
      <p class="muted" id="role-help">
        A member manages their own recordings; an admin manages everyone's recordings and the people of this server.
      </p>
      <p class="muted" id="password-help">
        At least 8 characters. Without one, they choose their password through the invite link.
      </p>
    </section>
  );
}
