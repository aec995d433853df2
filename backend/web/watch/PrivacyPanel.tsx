/**
 * The owner's link privacy: who can watch (anyone with the link, team members signed in, anyone
 * with a password), an optional expiry date, whether downloads are allowed → PATCH
 * /api/recordings/:id {privacy}. The password is never read back: the field stays empty, and
 * left empty keeps the one set.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { LinkPrivacy, LinkVisibility, PrivacyRequest } from '../../../api';
import { apiCall, plainWords } from '../shared/api';
import { apiPath } from './watch-data';

type Say = (message: string, tone?: 'error' | 'ok') => void;

const CHOICES: { value: LinkVisibility; label: string }[] = [
  { value: 'public', label: 'Anyone with the link' },
  { value: 'team', label: 'Team members signed in' },
  { value: 'password', label: 'Anyone with a password' },
];

/** "2026-12-31" → the end of that day in the viewer's time zone, as an ISO string; "" → null. */
export function expiryFromDate(date: string): string | null {
  if (!date) return null;
  const d = new Date(`${date}T23:59:59`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function dateOf(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function PrivacyPanel(props: { id: string; privacy: LinkPrivacy | undefined; downloads: boolean; say: Say }): JSX.Element {
  // Without settings from the server (not saved yet): the default, anyone with the link.
  const [saved, setSaved] = useState<LinkPrivacy>(props.privacy ?? { visibility: 'public', expiresAt: null, downloads: props.downloads, hasPassword: false });
  const [visibility, setVisibility] = useState<LinkVisibility>(saved.visibility);
  const [password, setPassword] = useState('');
  const [expires, setExpires] = useState(dateOf(saved.expiresAt));
  const [downloads, setDownloads] = useState(saved.downloads);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (visibility === 'password' && !password && !saved.hasPassword) {
      return props.say('Choose a password for the link (at least 4 characters).', 'error');
    }
    const req: PrivacyRequest = { visibility, downloads, expiresAt: expiryFromDate(expires), ...(visibility === 'password' && password ? { password } : {}) };
    setBusy(true);
    try {
      await apiCall('PATCH', apiPath(props.id), { privacy: req });
      setSaved({ visibility, downloads, expiresAt: req.expiresAt ?? null, hasPassword: saved.hasPassword || (visibility === 'password' && !!password) });
      setPassword('');
      props.say('Sharing settings saved.', 'ok');
    } catch (err) {
      props.say(`The sharing settings were not saved. ${plainWords(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" aria-labelledby="privacy-heading" onSubmit={submit}>
      <h3 id="privacy-heading">Privacy</h3>
      <fieldset>
        <legend>Who can watch</legend>
        {CHOICES.map((c) => (
          <label key={c.value} class="choice">
            <input type="radio" name="visibility" value={c.value} checked={visibility === c.value} onChange={() => setVisibility(c.value)} />
            {c.label}
          </label>
        ))}
      </fieldset>
      {visibility === 'password' ? (
        <div class="field">
          <label for="link-password">Password</label>
          <input
            id="link-password"
            type="password"
            autocomplete="new-password"
            value={password}
            placeholder={saved.hasPassword ? 'Unchanged' : ''}
            aria-describedby={saved.hasPassword ? 'link-password-hint' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {saved.hasPassword ? (
            <span id="link-password-hint" class="quiet">
              A password is set; leave this empty to keep it.
            </span>
          ) : null}
        </div>
      ) : null}
      <div class="field">
        <label for="link-expires">Expires (optional)</label>
        <input id="link-expires" type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
      </div>
      <label class="choice">
        <input type="checkbox" checked={downloads} onChange={(e) => setDownloads(e.currentTarget.checked)} />
        Allow downloads
      </label>
      <div class="buttons">
        <button type="submit" class="button" disabled={busy}>
          Save privacy
        </button>
      </div>
    </form>
  );
}
