/**
 * Configuration: environment variables (plus an optional .env file, see loadDotEnv)
 * parsed with zod into a typed Config. Pure: nothing here touches DATA_DIR; secrets
 * that are generated once (API token, embedded store credentials) are resolved by
 * server.ts through data-dir.ts (the session secret through the database).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { DEFAULT_ACCOUNT_LIMITS, type AccountLimits } from './limits/account-limits';
import { REELAY_EXTENSION_ORIGIN } from '../../api/extension-id';

/** A bad configuration: `message` is ONE line naming the variable and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface S3Settings {
  /** Undefined: run the embedded store (server.ts fills in its endpoint). */
  endpoint: string | undefined;
  /** Address browsers use for the store; presigned URLs are made for it. */
  publicEndpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

export interface Config {
  port: number;
  /** Bind address; undefined = all interfaces. */
  host: string | undefined;
  /** Undefined until the port is known when PUBLIC_URL is not set (server.ts fills it in). */
  publicUrl: string | undefined;
  dataDir: string;
  apiToken: string | undefined;
  uploadTokenSecret: string | undefined;
  s3: S3Settings;
  embeddedS3Port: number;
  partUrlTtlSeconds: number;
  videoUrlTtlSeconds: number;
  sweepIntervalSeconds: number;
  sweepMaxAgeSeconds: number;
  extensionOrigins: string[];
  /** postgres://… ; undefined: the embedded PGlite database under DATA_DIR/db. */
  databaseUrl: string | undefined;
  /** Email of the first admin, created on first start. */
  adminEmail: string;
  /** Signs session cookies; undefined: generated once and kept in the database. */
  authSecret: string | undefined;
  /** UPLOAD_MAX_BYTES: the largest video file "Upload a video" takes (recordings/file-upload.ts). */
  uploadMaxBytes: number;
  /** SIGN_IN_ATTEMPTS_PER_MINUTE: sign-in attempts a minute per client address (default 10). */
  signInAttemptsPerMinute: number;
  /** SIGN_IN_ATTEMPTS_PER_ACCOUNT: sign-in attempts per email address in 15 minutes (default 20). */
  signInAttemptsPerAccount: number;
  /** What one account may do: STORAGE_QUOTA_BYTES, MAX_RECORDING_BYTES, MAX_RECORDING_MINUTES, RECORDINGS_PER_HOUR, PRESIGNS_PER_MINUTE. */
  accountLimits: AccountLimits;
  /** COMMENTS_PER_MINUTE: comments and reactions a minute from one client address (default 20). */
  commentsPerMinute: number;
  /** VIEW_REPORTS_PER_MINUTE: view starts and progress reports a minute from one client address (default 120). */
  viewReportsPerMinute: number;
}

/** UPLOAD_MAX_BYTES when not set: 5 GiB. */
export const DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 ** 3;
/** SIGN_IN_ATTEMPTS_PER_MINUTE when not set. */
export const DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE = 10;
/** COMMENTS_PER_MINUTE and VIEW_REPORTS_PER_MINUTE when not set: a burst of reactions is fine, a script posting all day is not. */
export const DEFAULT_COMMENTS_PER_MINUTE = 20;
export const DEFAULT_VIEW_REPORTS_PER_MINUTE = 120;
/** SIGN_IN_ATTEMPTS_PER_ACCOUNT when not set. */
export const DEFAULT_SIGN_IN_ATTEMPTS_PER_ACCOUNT = 20;

const SIGV4_MAX_EXPIRY_SECONDS = 7 * 24 * 3600;

const trimmed = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string());

/** Empty strings count as unset, so `FOO=` in a .env file means "use the default". */
function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
}

function integer(min: number, max: number, what: string) {
  return trimmed.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number (${what})`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
  );
}

function httpUrl(what: string) {
  return trimmed.pipe(
    z.string().refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username;
      } catch {
        return false;
      }
    }, `must be an http(s) URL without query or credentials (${what})`),
  );
}

const bool = trimmed.pipe(
  z
    .string()
    .regex(/^(true|false|1|0|yes|no)$/i, 'must be true or false')
    .transform((s) => /^(true|1|yes)$/i.test(s)),
);

/** S3 multipart's ceiling in 5 MiB parts (10,000 × 5 MiB): api/limits.ts MAX_FILE_BYTES. */
const UPLOAD_MAX_BYTES_CEILING = 10_000 * 5 * 1024 * 1024;
const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** A size such as 5368709120, 500MiB, 2 GB or 5GiB, in bytes, up to `ceiling`. */
const byteSizeUpTo = (ceiling: number, why: string) => trimmed.pipe(
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?$/i, 'must be a size in bytes, optionally with a unit (e.g. 5GiB, 500MB)')
    .transform((s) => {
      const [, number, unit] = /^([\d.]+)\s*([a-z]*)$/i.exec(s)!;
      return Math.floor(Number(number) * { ...BYTE_UNITS, tb: 1e12, tib: 1024 ** 4 }[unit!.toLowerCase()]!);
    })
    .pipe(z.number().min(1, 'must be at least 1 byte').max(ceiling, `must be at most ${ceiling} bytes (${why})`)),
);

/** A size such as 5368709120, 500MiB, 2 GB or 5GiB, in bytes. */
const byteSize = trimmed.pipe(
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb|kib|mib|gib)?$/i, 'must be a size in bytes, optionally with a unit (e.g. 5GiB, 500MB)')
    .transform((s) => {
      const [, number, unit] = /^([\d.]+)\s*([a-z]*)$/i.exec(s)!;
      return Math.floor(Number(number) * BYTE_UNITS[unit!.toLowerCase()]!);
    })
    .pipe(z.number().min(1, 'must be at least 1 byte').max(UPLOAD_MAX_BYTES_CEILING, `must be at most ${UPLOAD_MAX_BYTES_CEILING} bytes (10,000 parts of 5 MiB)`)),
);

/** Origin patterns such as chrome-extension://* or https://*.example.com (no path). */
const ORIGIN_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/[^\s/,]+$/i;

const envSchema = z.object({
  DATABASE_URL: optional(
    trimmed.pipe(z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')),
  ),
  ADMIN_EMAIL: optional(trimmed.pipe(z.email('must be an email address'))),
  UPLOAD_MAX_BYTES: optional(byteSize),
  SIGN_IN_ATTEMPTS_PER_MINUTE: optional(integer(1, 100_000, 'sign-in attempts a minute per client address')),
  SIGN_IN_ATTEMPTS_PER_ACCOUNT: optional(integer(1, 100_000, 'sign-in attempts per account in 15 minutes')),
  STORAGE_QUOTA_BYTES: optional(byteSizeUpTo(2 ** 50, 'a pebibyte')),
  MAX_RECORDING_BYTES: optional(byteSizeUpTo(UPLOAD_MAX_BYTES_CEILING, '10,000 parts of 5 MiB')),
  MAX_RECORDING_MINUTES: optional(integer(1, 24 * 60, 'the longest recording, in minutes (at most a day)')),
  RECORDINGS_PER_HOUR: optional(integer(1, 1_000_000, 'new recordings an hour per account')),
  PRESIGNS_PER_MINUTE: optional(integer(1, 1_000_000, 'part-URL requests a minute per account')),
  COMMENTS_PER_MINUTE: optional(integer(1, 1_000_000, 'comments and reactions a minute per client address')),
  VIEW_REPORTS_PER_MINUTE: optional(integer(1, 1_000_000, 'view reports a minute per client address')),
  AUTH_SECRET: optional(trimmed.pipe(z.string().min(32, 'must be at least 32 characters'))),
  PORT: optional(integer(0, 65535, 'a TCP port, 0 picks a free one')),
  HOST: optional(trimmed),
  PUBLIC_URL: optional(httpUrl('e.g. https://reelay.example.com')),
  DATA_DIR: optional(trimmed),
  API_TOKEN: optional(
    trimmed.pipe(
      z
        .string()
        .min(16, 'must be at least 16 characters')
        .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
  ),
  UPLOAD_TOKEN_SECRET: optional(trimmed.pipe(z.string().min(16, 'must be at least 16 characters'))),
  S3_ENDPOINT: optional(httpUrl('the S3 API address, e.g. http://127.0.0.1:9000')),
  S3_PUBLIC_ENDPOINT: optional(httpUrl('the store address browsers use')),
  S3_REGION: optional(trimmed.pipe(z.string().regex(/^[a-z0-9-]+$/i, 'must look like us-east-1 or auto'))),
  S3_BUCKET: optional(
    trimmed.pipe(
      z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name (3-63 of a-z 0-9 . -)'),
    ),
  ),
  S3_ACCESS_KEY_ID: optional(trimmed),
  S3_SECRET_ACCESS_KEY: optional(trimmed),
  S3_FORCE_PATH_STYLE: optional(bool),
  EMBEDDED_S3_PORT: optional(integer(0, 65535, 'a TCP port, 0 picks a free one')),
  PART_URL_TTL_SECONDS: optional(integer(1, SIGV4_MAX_EXPIRY_SECONDS, 'seconds')),
  VIDEO_URL_TTL_SECONDS: optional(integer(1, SIGV4_MAX_EXPIRY_SECONDS, 'seconds')),
  SWEEP_INTERVAL_SECONDS: optional(integer(0, 365 * 24 * 3600, 'seconds, 0 turns the sweeper off')),
  SWEEP_MAX_AGE_SECONDS: optional(integer(1, 365 * 24 * 3600, 'seconds')),
  EXTENSION_ORIGINS: optional(
    trimmed.pipe(
      z
        .string()
        .transform((s) =>
          s
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean),
        )
        .pipe(
          z
            .array(z.string().regex(ORIGIN_PATTERN, 'each entry must be an origin like chrome-extension://* (no path)'))
            .min(1, 'must list at least one origin'),
        ),
    ),
  ),
});

/** Parses the environment; throws ConfigError with one clear line on the first problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    const value = env[name];
    throw new ConfigError(`Invalid ${name}${value === undefined ? '' : ` (${JSON.stringify(value)})`}: ${issue.message}`);
  }
  const e = result.data;
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError('Invalid S3 credentials: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither');
  }
  if (!e.S3_ENDPOINT && e.S3_FORCE_PATH_STYLE === false) {
    throw new ConfigError('Invalid S3_FORCE_PATH_STYLE: the embedded store (no S3_ENDPOINT) needs path-style addressing');
  }
  const port = e.PORT ?? 8787;
  return {
    port,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ? stripTrailingSlash(e.PUBLIC_URL) : port === 0 ? undefined : `http://localhost:${port}`,
    dataDir: resolve(e.DATA_DIR ?? './data'),
    apiToken: e.API_TOKEN,
    uploadTokenSecret: e.UPLOAD_TOKEN_SECRET,
    s3: {
      endpoint: e.S3_ENDPOINT ? stripTrailingSlash(e.S3_ENDPOINT) : undefined,
      publicEndpoint: e.S3_PUBLIC_ENDPOINT ? stripTrailingSlash(e.S3_PUBLIC_ENDPOINT) : undefined,
      region: e.S3_REGION ?? 'us-east-1',
      bucket: e.S3_BUCKET ?? 'reelay',
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? true,
    },
    embeddedS3Port: e.EMBEDDED_S3_PORT ?? 8788,
    partUrlTtlSeconds: e.PART_URL_TTL_SECONDS ?? 900,
    videoUrlTtlSeconds: e.VIDEO_URL_TTL_SECONDS ?? 3600,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS ?? 3600,
    sweepMaxAgeSeconds: e.SWEEP_MAX_AGE_SECONDS ?? 24 * 3600,
    // The extension's pinned id (manifest.json `key`), not any chrome-extension:// origin.
    extensionOrigins: e.EXTENSION_ORIGINS ?? [REELAY_EXTENSION_ORIGIN],
    databaseUrl: e.DATABASE_URL,
    adminEmail: (e.ADMIN_EMAIL ?? 'admin@reelay.local').toLowerCase(),
    authSecret: e.AUTH_SECRET,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE ?? DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE,
    signInAttemptsPerAccount: e.SIGN_IN_ATTEMPTS_PER_ACCOUNT ?? DEFAULT_SIGN_IN_ATTEMPTS_PER_ACCOUNT,
    accountLimits: {
      storageQuotaBytes: e.STORAGE_QUOTA_BYTES ?? DEFAULT_ACCOUNT_LIMITS.storageQuotaBytes,
      maxRecordingBytes: e.MAX_RECORDING_BYTES ?? DEFAULT_ACCOUNT_LIMITS.maxRecordingBytes,
      maxRecordingMinutes: e.MAX_RECORDING_MINUTES ?? DEFAULT_ACCOUNT_LIMITS.maxRecordingMinutes,
      recordingsPerHour: e.RECORDINGS_PER_HOUR ?? DEFAULT_ACCOUNT_LIMITS.recordingsPerHour,
      presignsPerMinute: e.PRESIGNS_PER_MINUTE ?? DEFAULT_ACCOUNT_LIMITS.presignsPerMinute,
    },
    commentsPerMinute: e.COMMENTS_PER_MINUTE ?? DEFAULT_COMMENTS_PER_MINUTE,
    viewReportsPerMinute: e.VIEW_REPORTS_PER_MINUTE ?? DEFAULT_VIEW_REPORTS_PER_MINUTE,
  };
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Returns `env` merged over the variables of the .env file at `path` (if it exists):
 * real environment variables win. Throws ConfigError if the file cannot be parsed.
 */
export function loadDotEnv(
  env: Record<string, string | undefined>,
  path = resolve('.env'),
): Record<string, string | undefined> {
  if (!existsSync(path)) return env;
  let fromFile: Record<string, string>;
  try {
    fromFile = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new ConfigError(`Cannot read ${path}: ${(err as Error).message}`);
  }
  return { ...fromFile, ...env };
}
