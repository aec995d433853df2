/** The pages' side of signing in and out (the service worker does the work: background/sign-in.ts). */
import { message, type SignInResult, type SignOutResult } from './messages';
import { sendMessage } from './messaging';

export function signIn(serverUrl: string): Promise<SignInResult> {
  return sendMessage(message('background', 'sign-in', { serverUrl }));
}

export function signOut(): Promise<SignOutResult> {
  return sendMessage(message('background', 'sign-out', {}));
}
