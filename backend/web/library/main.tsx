/** /library: who may see it: signed-in people (the server sends others to /sign-in). */
import { render } from 'preact';
import { appRoot, pageUser } from '../shared/boot';
import { LibraryApp } from './LibraryApp';

const root = appRoot();
render(<LibraryApp user={pageUser(root)} />, root);
