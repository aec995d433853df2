/** /account: who may see it: signed-in people; the People part only for admins. */
import type { JSX } from 'preact';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { appRoot, pageUser, type PageUser } from '../shared/boot';
import { LiveStatus } from '../shared/LiveStatus';
import { PeoplePanel } from './PeoplePanel';
import { TokensPanel } from './TokensPanel';

function AccountApp(props: { user: PageUser }): JSX.Element {
  const [message, setMessage] = useState<{ text: string; tone?: 'error' | 'ok' | undefined }>({ text: '' });
  const say = (text: string, tone?: 'error' | 'ok') => setMessage({ text, tone });
  return (
    <>
      <p class="muted">
        Signed in as <strong>{props.user.name}</strong> ({props.user.role}).
      </p>
      <LiveStatus message={message.text} tone={message.tone} />
      <TokensPanel say={say} />
      {props.user.role === 'admin' ? <PeoplePanel me={props.user} say={say} /> : null}
    </>
  );
}

const root = appRoot();
render(<AccountApp user={pageUser(root)} />, root);
