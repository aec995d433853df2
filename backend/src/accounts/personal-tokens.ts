/**
 * Personal API tokens: `rly_` + 256 random bits, shown once; the database keeps only their
 * SHA-256 (a fast hash is enough for random tokens, and it lets any process look one up by
 * index). API_TOKEN (or the token generated into DATA_DIR/api-token) is the first admin's token,
 * marked `from_env` and replaced when it changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Role } from './auth';

export const TOKEN_PREFIX = 'rly_';
export const ENV_TOKEN_NAME = 'API_TOKEN';

export interface TokenOwner {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toRole(role: string | null | undefined): Role {
  return role === 'admin' ? 'admin' : 'member';
}

/** How stale last_used_at may be before a request updates it (one write per token per minute at most). */
const LAST_USED_GRANULARITY_MS = 60_000;

export class PersonalTokens {
  constructor(private readonly db: Kysely<Database>) {}

  async create(userId: string, name: string): Promise<{ id: string; token: string }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = randomBytes(12).toString('base64url');
    await this.db.insertInto('api_token').values({ id, user_id: userId, name, token_hash: hashToken(token), last_used_at: null }).execute();
    return { id, token };
  }

  /** The user a token belongs to, or undefined. */
  async verify(token: string): Promise<TokenOwner | undefined> {
    const row = await this.db
      .selectFrom('api_token')
      .innerJoin('user', 'user.id', 'api_token.user_id')
      .select(['api_token.id as tokenId', 'api_token.last_used_at', 'user.id', 'user.email', 'user.name', 'user.role'])
      .where('api_token.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row) return undefined;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) {
      await this.db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', row.tokenId).execute();
    }
    return { id: row.id, email: row.email, name: row.name, role: toRole(row.role) };
  }

  async list(userId: string): Promise<TokenInfo[]> {
    const rows = await this.db
      .selectFrom('api_token')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.created_at.toISOString(),
      lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
    }));
  }

  /** Revokes a token of `userId` (an admin: anyone's); false if there is no such token for them. */
  async revoke(id: string, by: { id: string; role: Role }): Promise<boolean> {
    let q = this.db.deleteFrom('api_token').where('id', '=', id);
    if (by.role !== 'admin') q = q.where('user_id', '=', by.id);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Makes `token` the admin's API_TOKEN (replacing an older one), unless it already is. */
  async ensureEnvToken(adminId: string, token: string): Promise<void> {
    const hash = hashToken(token);
    const existing = await this.db.selectFrom('api_token').select(['id', 'user_id']).where('token_hash', '=', hash).executeTakeFirst();
    if (existing) return;
    await this.db.deleteFrom('api_token').where('from_env', '=', true).execute();
    await this.db
      .insertInto('api_token')
      .values({ id: randomBytes(12).toString('base64url'), user_id: adminId, name: ENV_TOKEN_NAME, token_hash: hash, from_env: true, last_used_at: null })
      .execute();
  }
}
