/**
 * What one account may do (issue 15): a storage quota, the largest recording, and how often it may
 * create recordings and ask for part URLs. The server-wide values come from the environment
 * (config.ts); every account gets the same. The counts live in the database (rate-counter.ts), so
 * several processes sharing PostgreSQL enforce one limit, not one each.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { sql, type Kysely } from 'kysely';
import { PART_SIZE, presignPartsSchema } from '../../../api';
import type { Database } from '../db/schema';
import { ApiError } from '../http/errors';
import { tooMany, type RateLimit } from '../http/rate-limit';
import type { RateCounter } from './rate-counter';

export interface AccountLimits {
  /** STORAGE_QUOTA_BYTES: everything one account keeps, finished and uploading. */
  storageQuotaBytes: number;
  /** MAX_RECORDING_BYTES: the largest one recording may grow (its parts). */
  maxRecordingBytes: number;
  /** RECORDINGS_PER_HOUR: recordings (and uploaded files) an account may start per hour. */
  recordingsPerHour: number;
  /** PRESIGNS_PER_MINUTE: part-URL requests per account per minute (a recording asks about one per 5 MiB). */
  presignsPerMinute: number;
}

export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = {
  storageQuotaBytes: 100 * 1024 ** 3,
  maxRecordingBytes: 10 * 1024 ** 3,
  recordingsPerHour: 120,
  presignsPerMinute: 600,
};

const GiB = 1024 ** 3;
const inWords = (bytes: number) => (bytes >= GiB ? `${+(bytes / GiB).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 ** 2)} MB`);

export function quotaExceeded(quota: number): ApiError {
  return new ApiError(403, 'quota_exceeded', `Your storage is full (${inWords(quota)}). Delete recordings you no longer need in the library, then try again.`);
}

export function recordingTooLarge(max: number): ApiError {
  return new ApiError(413, 'recording_too_large', `A recording may be at most ${inWords(max)}. Stop this one and start a new one.`);
}

/** Bytes an account holds: finished recordings' sizes, and what unfinished uploads have reserved. */
export class StorageUse {
  constructor(private readonly db: Kysely<Database>) {}

  async bytes(ownerId: string, exceptId?: string): Promise<number> {
    let q = this.db
      .selectFrom('recording')
      .select(sql<string | number | null>`sum(coalesce("size", "reserved_bytes"))`.as('used'))
      .where('owner_id', '=', ownerId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    const row = await q.executeTakeFirst();
    return Number(row?.used ?? 0);
  }

  /** Raises the recording's reservation to `bytes` (never lowers it). */
  async reserve(id: string, bytes: number): Promise<void> {
    await this.db
      .updateTable('recording')
      .set({ reserved_bytes: sql<number>`greatest("reserved_bytes", ${bytes})` })
      .where('id', '=', id)
      .execute();
  }
}

export interface LimitDeps {
  limits: AccountLimits;
  counter: RateCounter;
  use: StorageUse;
  /** The owner of a recording (upload-token routes have no signed-in person). */
  ownerOf: (id: string) => Promise<string | undefined>;
}

const HOUR: Pick<RateLimit, 'windowMs'> = { windowMs: 3600_000 };
const MINUTE: Pick<RateLimit, 'windowMs'> = { windowMs: 60_000 };

/** `file.size` of a create request for a video file (recordings/file-upload.ts), when the body has one. */
async function declaredFileSize(c: Context): Promise<number | undefined> {
  try {
    const size = (JSON.parse(await c.req.text()) as { file?: { size?: unknown } } | null)?.file?.size;
    return typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : undefined;
  } catch {
    return undefined;
  }
}

/** The body's part numbers, or undefined when it is not a valid presign request (the route says why). */
async function requestedParts(c: Context): Promise<number[] | undefined> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return undefined;
  }
  const parsed = presignPartsSchema.safeParse(body);
  return parsed.success ? parsed.data.partNumbers : undefined;
}

/**
 * Middlewares for the recording routes: `create` after the person is known (c.get('user')),
 * `presign` after the upload token is checked. Each throws the JSON error the limit calls for.
 */
export function accountLimitMiddlewares(deps: LimitDeps): { create: MiddlewareHandler; presign: MiddlewareHandler } {
  const { limits, counter, use } = deps;
  return {
    create: async (c: Context, next) => {
      const user = c.get('user') as { id: string } | undefined;
      if (user) {
        const wait = await counter.take(`create:${user.id}`, { ...HOUR, max: limits.recordingsPerHour });
        if (wait !== undefined) throw tooMany(wait, 'new recordings from your account');
        const used = await use.bytes(user.id);
        if (used >= limits.storageQuotaBytes) throw quotaExceeded(limits.storageQuotaBytes);
        // A video file says its size up front: refuse at once what could never fit.
        const fileSize = await declaredFileSize(c);
        if (fileSize !== undefined && fileSize > limits.maxRecordingBytes) throw recordingTooLarge(limits.maxRecordingBytes);
        if (fileSize !== undefined && used + fileSize > limits.storageQuotaBytes) throw quotaExceeded(limits.storageQuotaBytes);
      }
      await next();
    },
    presign: async (c: Context, next) => {
      const id = c.req.param('id') ?? '';
      const owner = await deps.ownerOf(id);
      // Unknown to the catalogue: the route answers (404 or the store's own answer).
      if (owner) {
        const wait = await counter.take(`presign:${owner}`, { ...MINUTE, max: limits.presignsPerMinute });
        if (wait !== undefined) throw tooMany(wait, 'part requests from your account');
        const parts = await requestedParts(c);
        if (parts) {
          // A part may be presigned while it starts inside the limit: the one that crosses it still goes up.
          const start = (Math.max(...parts) - 1) * PART_SIZE;
          if (start >= limits.maxRecordingBytes) throw recordingTooLarge(limits.maxRecordingBytes);
          if ((await use.bytes(owner, id)) + start >= limits.storageQuotaBytes) throw quotaExceeded(limits.storageQuotaBytes);
          await use.reserve(id, start + PART_SIZE);
        }
      }
      await next();
    },
  };
}
