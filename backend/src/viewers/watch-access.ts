/**
 * Who may watch a recording: the one place every share-side route asks (issue 14). The page
 * /v/:id and its status, video, download and thumbnail, /embed/:id, /oembed, GET
 * /api/recordings/:id, and the comments and views routes.
 *
 * The owner and admins always pass. Otherwise a link past its expiry date is refused ('expired'),
 * a team-only link needs a signed-in member ('team'), a password link needs the unlock cookie of
 * that recording ('password', see link-unlock.ts). A recording the library does not know (made
 * before accounts) is public, as it always was.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AccountUser } from '../accounts';
import { optionalUser, recordingId, type UserAuthOptions } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import type { WatchContext, WatchViewer } from '../share/watch-context';
import { playedMs, type LinkFacts, type LinkSettings } from './link-settings';
import { unlockCookieName, type LinkUnlocks } from './link-unlock';

export type WatchRefusal = 'team' | 'password' | 'expired';

export type WatchDecision =
  | { allowed: true; facts: LinkFacts | undefined; viewer: WatchViewer; user: AccountUser | undefined }
  | { allowed: false; reason: WatchRefusal; facts: LinkFacts };

/** The owner of the recording or an admin. */
export function canManage(user: AccountUser | undefined, facts: { ownerId: string } | undefined): boolean {
  return !!user && (user.role === 'admin' || (facts !== undefined && user.id === facts.ownerId));
}

/** Pure: why this viewer may not watch, or undefined when they may. */
export function refusal(facts: LinkFacts, who: { user: AccountUser | undefined; unlocked: boolean }, now: number): WatchRefusal | undefined {
  if (canManage(who.user, facts)) return undefined;
  const { visibility, expiresAt } = facts.privacy;
  if (expiresAt !== null && Date.parse(expiresAt) <= now) return 'expired';
  if (visibility === 'team' && !who.user) return 'team';
  if (visibility === 'password' && !who.unlocked) return 'password';
  return undefined;
}

/** A refusal as an API error (JSON routes). */
export function refusalError(reason: WatchRefusal): ApiError {
  switch (reason) {
    case 'team':
      return new ApiError(401, 'unauthorized', 'Only team members may watch this recording: sign in first', { 'WWW-Authenticate': 'Bearer' });
    case 'password':
      return new ApiError(403, 'password_required', 'This recording needs its password: open its link and type the password');
    case 'expired':
      return new ApiError(410, 'link_expired', 'This link has expired: ask its owner for a new one');
  }
}

export interface WatchAccessDeps {
  settings: LinkSettings;
  unlocks: LinkUnlocks;
  auth: UserAuthOptions;
  now?: () => number;
}

export class WatchAccess {
  readonly settings: LinkSettings;
  readonly unlocks: LinkUnlocks;
  private readonly now: () => number;

  constructor(private readonly deps: WatchAccessDeps) {
    this.settings = deps.settings;
    this.unlocks = deps.unlocks;
    this.now = deps.now ?? Date.now;
  }

  /**
   * The decision for this request, or undefined when the library does not know `id` and
   * `requireKnown` is set. `viewer: false`: the caller needs only the answer, not who asked.
   * `from: 'page'` identifies the viewer by session cookie only (a page
   * never carries a bearer token; a bad one must not turn a page into an error), 'api' by either.
   */
  async decide(c: Context, id: string, opts: { from: 'page' | 'api'; requireKnown?: boolean; viewer?: boolean }): Promise<WatchDecision | undefined> {
    const facts = await this.deps.settings.facts(id);
    if (!facts && opts.requireKnown) return undefined;
    const unlocked =
      !!facts && facts.privacy.visibility === 'password' && facts.passwordHash !== null
        ? await this.deps.unlocks.verify(id, facts.passwordHash, getCookie(c, unlockCookieName(id)))
        : false;
    const now = this.now();
    // Who is watching costs a session lookup: skipped (`viewer: false`) when it cannot change the answer.
    const anonymous = facts && refusal(facts, { user: undefined, unlocked }, now);
    const user = opts.viewer === false && !anonymous ? undefined : await this.viewer(c, opts.from);
    const reason = facts && refusal(facts, { user, unlocked }, now);
    if (facts && reason) return { allowed: false, reason, facts };
    return {
      allowed: true,
      facts,
      user,
      viewer: { signedIn: !!user, ...(user ? { name: user.name || user.email } : {}), canManage: canManage(user, facts) },
    };
  }

  private async viewer(c: Context, from: 'page' | 'api'): Promise<AccountUser | undefined> {
    if (from === 'api') return optionalUser(c, this.deps.auth);
    if (!c.req.header('cookie')) return undefined;
    return (await this.deps.auth.accounts.identify(c.req.raw.headers, undefined))?.user;
  }
}

export interface Watchable {
  id: string;
  ownerId: string;
  /** What a viewer can watch: the trimmed span when there is a trim, else the whole length (views' ratio, cap). */
  durationMs: number | null;
}

/** For JSON routes of a recording the library knows: 404 if unknown, the refusal as an API error. */
export async function watchable(c: Context, access: WatchAccess): Promise<Watchable> {
  const id = recordingId(c);
  const decision = await access.decide(c, id, { from: 'api', requireKnown: true });
  if (!decision) throw notFound();
  if (!decision.allowed) throw refusalError(decision.reason);
  const facts = decision.facts!;
  return { id, ownerId: facts.ownerId, durationMs: playedMs(facts.durationMs, facts.trim) };
}

/** What the share page and the embed page are told of a viewer let in (share/watch-context.ts). */
export function watchContext(id: string, decision: Extract<WatchDecision, { allowed: true }>, embed: boolean): WatchContext {
  const { facts, viewer } = decision;
  return {
    id,
    trim: facts?.trim ?? null,
    ...(viewer.canManage && facts ? { privacy: facts.privacy } : {}),
    downloads: facts?.privacy.downloads ?? true,
    viewer,
    embed,
  };
}
