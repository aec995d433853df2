/**
 * People: adding (through better-auth's admin API, so the password is hashed its way), invite
 * links (better-auth's reset-password verification, which also creates the credential account
 * of someone who has none yet), removing, and the first admin.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ApiError } from '../http/errors';
import { toRole, type TokenOwner } from './personal-tokens';
import type { Auth, Role } from './auth';

/** What invite() makes: 24 random bytes, base64url. */
const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** Invite (set-password) links work this long. */
export const INVITE_TTL_SECONDS = 7 * 24 * 3600;

export interface NewUser {
  email: string;
  name?: string | undefined;
  role: Role;
  password?: string | undefined;
}

export class Users {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly auth: Auth,
    private readonly publicUrl: string,
  ) {}

  async find(id: string): Promise<TokenOwner | undefined> {
    const row = await this.db.selectFrom('user').select(['id', 'email', 'name', 'role']).where('id', '=', id).executeTakeFirst();
    return row ? { ...row, role: toRole(row.role) } : undefined;
  }

  async list(): Promise<Array<TokenOwner & { createdAt: string }>> {
    const rows = await this.db.selectFrom('user').select(['id', 'email', 'name', 'role', 'createdAt']).orderBy('createdAt').execute();
    return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, role: toRole(r.role), createdAt: r.createdAt.toISOString() }));
  }

  /** Adds a person; answers with an invite link with which they choose their own password. */
  async create(input: NewUser): Promise<{ id: string; email: string; role: Role; inviteUrl: string }> {
    const email = input.email.toLowerCase();
    const taken = await this.db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new ApiError(409, 'email_taken', `Someone with the email ${email} already exists`);
    // Called without headers: a trusted server-side call (the route checked that the caller is an admin).
    const { user } = await this.auth.api
      .createUser({
        body: { email, name: input.name || email.split('@')[0]!, role: input.role, ...(input.password ? { password: input.password } : {}) },
      })
      .catch((err: unknown) => {
        // better-auth refuses with an APIError (statusCode 4xx): the caller's input, in our words.
        const status = (err as { statusCode?: number }).statusCode;
        if (status !== undefined && status < 500) throw new ApiError(400, 'invalid_request', (err as Error).message || 'The person could not be added');
        throw err;
      });
    return { id: user.id, email: user.email, role: toRole((user as { role?: string }).role), inviteUrl: await this.invite(user.id) };
  }

  /** A new set-password link for `userId`, valid for INVITE_TTL_SECONDS. */
  async invite(userId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    const ctx = await this.auth.$context;
    await ctx.internalAdapter.createVerificationValue({
      identifier: `reset-password:${token}`,
      value: userId,
      expiresAt: new Date(Date.now() + INVITE_TTL_SECONDS * 1000),
    });
    return `${this.publicUrl}/invite/${token}`;
  }

  /** The email an invite token is for, or undefined if it is unknown or expired. */
  async inviteEmail(token: string): Promise<string | undefined> {
    // Not a token we make (32 base64url characters): unknown, without asking the database (which
    // refuses some bytes, such as NUL, with an error rather than "no row").
    if (!INVITE_TOKEN_PATTERN.test(token)) return undefined;
    const ctx = await this.auth.$context;
    const v = await ctx.internalAdapter.findVerificationValue(`reset-password:${token}`);
    if (!v || v.expiresAt < new Date()) return undefined;
    return (await this.find(v.value))?.email;
  }

  /** Sets the password of an invite token's user (the token is used up). */
  async acceptInvite(token: string, password: string): Promise<void> {
    await this.auth.api.resetPassword({ body: { token, newPassword: password } });
  }

  async hasPassword(userId: string): Promise<boolean> {
    const ctx = await this.auth.$context;
    return Boolean((await ctx.internalAdapter.findCredentialAccount(userId))?.password);
  }

  /**
   * Removes a person: their sessions, tokens and password go; their recordings are handed to the
   * admin who removed them (nothing is deleted silently). Nobody removes themselves, and the last
   * admin stays.
   */
  async remove(id: string, by: TokenOwner): Promise<void> {
    if (id === by.id) throw new ApiError(400, 'bad_request', 'You cannot remove yourself');
    const target = await this.find(id);
    if (!target) throw new ApiError(404, 'not_found', 'No such person');
    await this.db.updateTable('recording').set({ owner_id: by.id }).where('owner_id', '=', id).execute();
    const ctx = await this.auth.$context;
    await ctx.internalAdapter.deleteUser(id);
  }

  /** The first admin: the oldest admin, created with `email` (and no password) when there is none. */
  async ensureFirstAdmin(email: string): Promise<TokenOwner> {
    const existing = await this.db
      .selectFrom('user')
      .select(['id', 'email', 'name', 'role'])
      .where('role', '=', 'admin')
      .orderBy('createdAt')
      .limit(1)
      .executeTakeFirst();
    if (existing) return { ...existing, role: 'admin' };
    const { user } = await this.auth.api.createUser({ body: { email, name: 'Admin', role: 'admin' } });
    return { id: user.id, email: user.email, name: user.name, role: 'admin' };
  }
}
