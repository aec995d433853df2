/**
 * Request limits per client address: the limit's shape, the address, the 429 and the middleware.
 * The counting is limits/rate-counter.ts's (in the database, so every process shares one count).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { RateCounter } from '../limits/rate-counter';
import { ApiError } from './errors';

export interface RateLimit {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
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

/** A middleware allowing `limit` requests per client address; `name` keeps this limit's count apart. */
export function limitPerAddress(counter: RateCounter, name: string, limit: RateLimit, what: string): MiddlewareHandler {
  return async (c, next) => {
    const wait = await counter.take(`${name}:${clientAddress(c)}`, limit);
    if (wait !== undefined) throw tooMany(wait, what);
    await next();
  };
}
