/**
 * Signing in and out (part of the typed contract in messages.ts, which re-exports these). The
 * service worker runs the sign-in: chrome.identity.launchWebAuthFlow outlives the popup, which
 * closes when the sign-in window takes the focus. Pure types.
 */
import type { Connection } from './connection';

export type SignInResult =
  | { ok: true; connection: Connection }
  | { ok: false; message: string; field: 'serverUrl' | null; cancelled: boolean };

/** Signed out locally; `revoked` false when the server could not be told (the token may still work there). */
export type SignOutResult = { ok: true; revoked: boolean; message: string };

/** target 'background'. */
export interface AccountBackgroundMessages {
  /** Opens <server>/extension/authorize, stores the personal token it brings back (where a pasted one goes). */
  'sign-in': { data: { serverUrl: string }; response: SignInResult };
  /** Forgets the token here and revokes it on the server when Sign in made it. */
  'sign-out': { data: Record<string, never>; response: SignOutResult };
}

export const ACCOUNT_BACKGROUND_TYPES = {
  'sign-in': true,
  'sign-out': true,
} as const satisfies Record<keyof AccountBackgroundMessages, true>;
