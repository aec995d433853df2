/**
 * The database's rate counter (limits/rate-counter.ts) on the embedded PostgreSQL (PGlite), with a
 * clock the test moves: a sliding window, so a burst across a window boundary is still one burst.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrations';
import { PGliteDialect } from '../src/db/pglite-dialect';
import { DatabaseRateCounter, secondsUntilAllowed, slidingCount } from '../src/limits/rate-counter';

const MINUTE = { windowMs: 60_000, max: 10 };

describe('sliding-window arithmetic', () => {
  it('weighs the previous window by the part of it still inside the last minute', () => {
    expect(slidingCount(10, 0, 0)).toBe(10);
    expect(slidingCount(10, 2, 0.5)).toBe(7);
    expect(slidingCount(10, 3, 1)).toBe(3);
  });

  it('Retry-After: when enough of the previous window has slid out, or when a full current window ends', () => {
    // 20 s into a window, previous 10, current 1: allowed again once 10 × (1 − f) + 2 ≤ 10, f ≥ 0.2 → now.
    expect(secondsUntilAllowed(10, 1, MINUTE, 60_000 * 5 + 20_000)).toBe(1);
    // 6 s in, previous 10, current 1: f must reach 0.2 (12 s): 6 s more.
    expect(secondsUntilAllowed(10, 1, MINUTE, 60_000 * 5 + 6_000)).toBe(6);
    // The current window alone is full: its end.
    expect(secondsUntilAllowed(0, 11, MINUTE, 60_000 * 5 + 45_000)).toBe(15);
  });
});

describe('DatabaseRateCounter on PGlite', () => {
  let pg: PGlite;
  let db: Kysely<any>;
  let now = 0;
  beforeAll(async () => {
    pg = new PGlite();
    db = new Kysely<any>({ dialect: new PGliteDialect(pg) });
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('a burst straddling a window boundary is still limited (fixed windows would allow 2 × max)', async () => {
    const counter = new DatabaseRateCounter(db, () => now);
    now = 10 * 60_000 - 1_000; // 1 s before a boundary
    const results: (number | undefined)[] = [];
    for (let i = 0; i < 7; i++) results.push(await counter.take('burst', MINUTE));
    now = 10 * 60_000 + 500; // just after it
    for (let i = 0; i < 4; i++) results.push(await counter.take('burst', MINUTE));
    expect(results.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(results[10]).toBeGreaterThanOrEqual(1); // the 11th within 1.5 s is refused
    // A minute later the burst has slid out.
    now += 60_000;
    expect(await counter.take('burst', MINUTE)).toBeUndefined();
  });

  it('keys and window lengths count apart; old windows are swept', async () => {
    const counter = new DatabaseRateCounter(db, () => now);
    now = 100 * 60_000;
    for (let i = 0; i < 10; i++) expect(await counter.take('a', MINUTE)).toBeUndefined();
    expect(await counter.take('a', MINUTE)).toBeDefined();
    expect(await counter.take('b', MINUTE)).toBeUndefined();
    expect(await counter.take('a', { windowMs: 1_000, max: 10 })).toBeUndefined();
    now += 3 * 60_000;
    await counter.sweep();
    const left = await db.selectFrom('rate_limit_window').select('key').where('window_start', '<', now - 60_000).execute();
    expect(left).toEqual([]);
  });
});
