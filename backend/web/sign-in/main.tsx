/** /sign-in: who may see it: anyone. Signs in with email and password, then goes on to `next`. */
import { render } from 'preact';
import { appRoot } from '../shared/boot';
import { SignInForm } from './SignInForm';

const root = appRoot();
// The server has already reduced `next` to a path on this server (web/next-path.ts).
render(<SignInForm next={root.dataset.next || '/library'} />, root);
