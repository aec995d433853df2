/**
 * The sign-in form: POST /api/auth/sign-in (JSON; the answer sets the session cookie), then on to
 * `next`. A failure says what happened and what to do, and focus stays in the form.
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiFailure, apiCall } from '../shared/api';

export function signInError(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (err.status === 401) return 'The email or the password is wrong. Check both and try again; if you forgot your password, ask an admin of this server for a new invite link.';
    if (err.status === 429) return 'Too many sign-in attempts. Wait a minute, then try again.';
    if (err.status === 400) return 'Enter your email address and your password.';
    if (err.status === 403) return 'This sign-in was refused because it did not come from this server\'s own page. Open this server\'s address directly and try again.';
    if (err.status === 0) return 'The server could not be reached. Check your connection, then try again.';
  }
  return 'Signing in failed because of a problem on the server. Try again in a moment.';
}

export function SignInForm(props: { next: string }): JSX.Element {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const email = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    setError('');
    try {
      await apiCall('POST', '/api/auth/sign-in', { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
      location.replace(props.next);
    } catch (err) {
      setError(signInError(err));
      setBusy(false);
      email.current?.focus();
    }
  }

  return (
    <form class="narrow" onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
      <p class="muted">Sign in with the email and password of your account on this Reelay server.</p>
      <div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required ref={email} autoFocus />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <p id="sign-in-error" class="error" role="alert">
        {error}
      </p>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
