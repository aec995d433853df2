/**
 * Fixed-window request counters in the database, where several backend processes sharing one
 * PostgreSQL count together (issue 15: "rate limits count correctly across several backend
 * processes"); behind an interface so routes don't know where the count lives. A window is
 * [floor(now / windowMs) × windowMs, + windowMs).
 */
import { sql, type Kysely } from 'kysely';
import type { RateLimit } from '../http/rate-limit';

export interface RateCounter {
  /** Counts one request for `key` under `limit`: undefined when allowed, else the seconds until it is. */
  take(key: string, limit: RateLimit): Promise<number | undefined>;
}

const windowStart = (now: number, windowMs: number) => Math.floor(now / windowMs) * windowMs;
const secondsLeft = (start: number, limit: RateLimit, now: number) => Math.max(1, Math.ceil((start + limit.windowMs - now) / 1000));

/** How often (in takes) old windows are deleted from the table. */
const SWEEP_EVERY = 500;

/**
 * One row per key and window; the upsert's increment is atomic in PostgreSQL (and PGlite), so
 * concurrent processes never lose a count. Old windows are swept now and then.
 */
export class DatabaseRateCounter implements RateCounter {
  private takes = 0;
  constructor(
    private readonly db: Kysely<any>,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, limit: RateLimit): Promise<number | undefined> {
    const now = this.now();
    const start = windowStart(now, limit.windowMs);
    const id = `${limit.windowMs}:${key}`;
    const { rows } = await sql<{ count: number | string }>`
      insert into "rate_limit_window" ("key", "window_start", "expires_at", "count")
      values (${id}, ${start}, ${start + limit.windowMs}, 1)
      on conflict ("key", "window_start") do update set "count" = "rate_limit_window"."count" + 1
      returning "count"`.execute(this.db);
    if (++this.takes % SWEEP_EVERY === 0) void this.sweep(now).catch(() => undefined);
    return Number(rows[0]?.count ?? 0) > limit.max ? secondsLeft(start, limit, now) : undefined;
  }

  async sweep(now = this.now()): Promise<void> {
    await sql`delete from "rate_limit_window" where "expires_at" <= ${now}`.execute(this.db);
  }
}
