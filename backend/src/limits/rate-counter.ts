/**
 * Request counters in the database, where several backend processes sharing one PostgreSQL count
 * together (issue 15: "rate limits count correctly across several backend processes"); behind an
 * interface so routes don't know where the count lives.
 *
 * Why a sliding window and not fixed ones: with fixed windows a client gets 2 × max across a
 * boundary (max at 0:59, max again at 1:00), and a test that happens to straddle one sees no limit.
 * Each key keeps a count per fixed window [floor(now / windowMs) × windowMs, + windowMs); the
 * estimate weighs the previous window by how much of it still lies inside the last windowMs
 * (Cloudflare's approximation): previous × (1 − elapsed) + current.
 */
import { sql, type Kysely } from 'kysely';
import type { RateLimit } from '../http/rate-limit';

export interface RateCounter {
  /** Counts one request for `key` under `limit`: undefined when allowed, else the seconds until it is. */
  take(key: string, limit: RateLimit): Promise<number | undefined>;
}

export const windowStart = (now: number, windowMs: number) => Math.floor(now / windowMs) * windowMs;

/** Requests in the last windowMs, estimated from the previous and current fixed windows. */
export function slidingCount(previous: number, current: number, elapsedFraction: number): number {
  return previous * (1 - elapsedFraction) + current;
}

/**
 * Seconds until one more request would be allowed, if none comes meanwhile (`current` counts the
 * requests of this window so far, refused ones too): when the previous window's weight has fallen
 * far enough, or, if the current window alone is full, when it ends (at least 1).
 */
export function secondsUntilAllowed(previous: number, current: number, limit: RateLimit, now: number): number {
  const start = windowStart(now, limit.windowMs);
  // Allowed again once previous × (1 − f) + current ≤ max − 1 (room for the next request, counted as it comes).
  const room = limit.max - 1 - current;
  const untilMs = room < 0 || previous === 0 ? start + limit.windowMs - now : Math.max(0, (1 - room / previous) * limit.windowMs - (now - start));
  return Math.max(1, Math.ceil(untilMs / 1000));
}

/** How often (in takes) old windows are deleted from the table. */
const SWEEP_EVERY = 500;

/**
 * One row per key and window; the upsert's increment is atomic in PostgreSQL (and PGlite), so
 * concurrent processes never lose a count. A row is kept until the window after it has ended
 * (it weighs into that one); older rows are swept now and then.
 */
export class DatabaseRateCounter implements RateCounter {
  private takes = 0;
  constructor(
    private readonly db: Kysely<any>,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, limit: RateLimit): Promise<number | undefined> {
    const now = this.now();
    const { windowMs } = limit;
    const start = windowStart(now, windowMs);
    const id = `${windowMs}:${key}`;
    // One statement: count this request and read the previous window's count.
    const { rows } = await sql<{ current: number | string; previous: number | string | null }>`
      with counted as (
        insert into "rate_limit_window" ("key", "window_start", "expires_at", "count")
        values (${id}, ${start}, ${start + 2 * windowMs}, 1)
        on conflict ("key", "window_start") do update set "count" = "rate_limit_window"."count" + 1
        returning "count")
      select (select "count" from counted) as "current",
             (select "count" from "rate_limit_window" where "key" = ${id} and "window_start" = ${start - windowMs}) as "previous"`.execute(this.db);
    const current = Number(rows[0]?.current ?? 0);
    const previous = Number(rows[0]?.previous ?? 0);
    if (++this.takes % SWEEP_EVERY === 0) void this.sweep(now).catch(() => undefined);
    if (slidingCount(previous, current, (now - start) / windowMs) <= limit.max) return undefined;
    return secondsUntilAllowed(previous, current, limit, now);
  }

  async sweep(now = this.now()): Promise<void> {
    await sql`delete from "rate_limit_window" where "expires_at" <= ${now}`.execute(this.db);
  }
}
