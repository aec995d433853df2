/**
 * The proof that a viewer typed a recording's password (issue 14): a cookie named after that
 * recording, `reelay_unlock_<id>=<expiry>.<HMAC>`. The HMAC covers the id, the expiry and the
 * password's stored hash, so a changed password relocks every viewer and a cookie cannot be moved
 * to another recording. The key is made once per server and kept in the database (`setting`), so
 * every process of one server agrees on it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const UNLOCK_COOKIE_PREFIX = 'reelay_unlock_';
/** A viewer types the password again after a week. */
export const UNLOCK_MAX_AGE_SECONDS = 7 * 24 * 3600;
const SETTING = 'link_unlock_secret';

export const unlockCookieName = (id: string) => `${UNLOCK_COOKIE_PREFIX}${id}`;

export class LinkUnlocks {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cookie value proving the password of `id` (as hashed now) was typed. */
  async issue(id: string, passwordHash: string): Promise<string> {
    const expires = Math.floor(this.now() / 1000) + UNLOCK_MAX_AGE_SECONDS;
    return `${expires}.${await this.mac(id, passwordHash, expires)}`;
  }

  async verify(id: string, passwordHash: string, value: string | undefined): Promise<boolean> {
    const match = value ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires * 1000 <= this.now()) return false;
    const expected = Buffer.from(await this.mac(id, passwordHash, expires), 'base64url');
    const given = Buffer.from(match[2]!, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async mac(id: string, passwordHash: string, expires: number): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(`${id}\n${expires}\n${passwordHash}`)
      .digest('base64url');
  }

  private secret(): Promise<Buffer> {
    this.key ??= this.loadSecret().catch((err: unknown) => {
      this.key = undefined; // a database hiccup: try again on the next request
      throw err;
    });
    return this.key;
  }

  private async loadSecret(): Promise<Buffer> {
    await this.db
      .insertInto('setting')
      .values({ name: SETTING, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('setting').select('value').where('name', '=', SETTING).executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'base64url');
  }
}
