/**
 * What one account may do (issue 15): a storage quota, the largest recording, and how often it may
 * create recordings and ask for part URLs. The server-wide values come from the environment
 * (config.ts); every account gets the same. The counts live in the database (rate-counter.ts), so
 * several processes sharing PostgreSQL enforce one limit, not one each.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { sql, type Kysely } from 'kysely';
import { PART_SIZE, presignPartsSchema, type RecordingLimits } from '../../../api';
import type { Database } from '../db/schema';
import { parseJsonBody } from '../http/body';
import { ApiError } from '../http/errors';
import { tooMany, type RateLimit } from '../http/rate-limit';
import type { RateCounter } from './rate-counter';

export interface AccountLimits {
  /** STORAGE_QUOTA_BYTES: everything one account keeps, finished and uploading. */
  storageQuotaBytes: number;
  /** MAX_RECORDING_BYTES: the largest one recording may grow (its parts). */
  maxRecordingBytes: number;
  /** MAX_RECORDING_MINUTES: the longest recording; told to the extension at create, which stops there. */
  maxRecordingMinutes: number;
  /** RECORDINGS_PER_HOUR: recordings (and uploaded files) an account may start per hour. */
  recordingsPerHour: number;
  /** PRESIGNS_PER_MINUTE: part-URL requests per account per minute (a recording asks about one per 5 MiB). */
  presignsPerMinute: number;
}

export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = {
  storageQuotaBytes: 100 * 1024 ** 3,
  maxRecordingBytes: 10 * 1024 ** 3,
  maxRecordingMinutes: 4 * 60,
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

/** What a new recording may grow to, given the bytes the account already holds (the create response's `limits`). */
export function recordingLimits(limits: AccountLimits, used: number): RecordingLimits {
  const room = Math.max(0, limits.storageQuotaBytes - used);
  return {
    maxBytes: Math.min(room, limits.maxRecordingBytes),
    limitedBy: room < limits.maxRecordingBytes ? 'storage_quota' : 'max_recording_size',
    maxLengthMs: limits.maxRecordingMinutes * 60_000,
  };
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the create middleware below: the new recording's limits, for the create response. */
    recordingLimits: RecordingLimits;
    /** Set by the presign middleware below: the requested parts that fit the limits (the others get no URL). */
    presignableParts: number[];
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

/** The body's part numbers (parsed once for the route too), or undefined when it is not a valid presign request (the route says why). */
async function requestedParts(c: Context): Promise<number[] | undefined> {
  return parseJsonBody(c, presignPartsSchema).then(
    (body) => body.partNumbers,
    () => undefined,
  );
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
        c.set('recordingLimits', recordingLimits(limits, used));
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
          // A part may be presigned while it starts inside the limits: the one that crosses them still
          // goes up. A batch that reaches past them (the uploader signs upcoming parts ahead) gets the
          // URLs of the parts that fit; only a request where none fits is refused.
          const others = await use.bytes(owner, id);
          const fits = (n: number) => (n - 1) * PART_SIZE < limits.maxRecordingBytes && others + (n - 1) * PART_SIZE < limits.storageQuotaBytes;
          const allowed = parts.filter(fits);
          if (allowed.length === 0) {
            const start = (Math.min(...parts) - 1) * PART_SIZE;
            throw start >= limits.maxRecordingBytes ? recordingTooLarge(limits.maxRecordingBytes) : quotaExceeded(limits.storageQuotaBytes);
          }
          c.set('presignableParts', allowed);
          await use.reserve(id, Math.max(...allowed) * PART_SIZE);
        }
      }
      await next();
    },
  };
}
