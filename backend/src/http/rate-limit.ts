/**
 * Fixed-window request limits per key (an address, an account), kept in this process's memory:
 * enough to stop a flood from one client. Several processes each keep their own count, so the
 * effective limit is per process; that is the trade for needing no shared store.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors';

export interface RateLimit {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

/** Keys are dropped once their window has passed; this bounds the memory a flood of keys can take. */
const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`: undefined when allowed, else the seconds until it is. */
  take(key: string): number | undefined {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.limit.windowMs) {
      if (!window && this.windows.size >= MAX_KEYS) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit.max) return Math.max(1, Math.ceil((window.start + this.limit.windowMs - now) / 1000));
    window.count++;
    return undefined;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.limit.windowMs) this.windows.delete(key);
    // Still full (a flood inside one window): forget the oldest half rather than grow without bound.
    if (this.windows.size >= MAX_KEYS) [...this.windows.keys()].slice(0, MAX_KEYS / 2).forEach((k) => this.windows.delete(k));
  }
}

/** The client's address as the socket saw it (no proxy header is trusted); 'local' in app.request() tests. */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

export function tooMany(retryAfterSeconds: number, what: string): ApiError {
  return new ApiError(429, 'rate_limited', `Too many ${what}. Try again in ${retryAfterSeconds} s.`, {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** A middleware allowing `limit` requests per client address. */
export function limitPerAddress(limiter: RateLimiter, what: string): MiddlewareHandler {
  return async (c, next) => {
    const wait = limiter.take(clientAddress(c));
    if (wait !== undefined) throw tooMany(wait, what);
    await next();
  };
}
