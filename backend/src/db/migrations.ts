/**
 * The one schema, as ordered migrations run at every start (Kysely's Migrator). On PostgreSQL the
 * Migrator takes a transaction-scoped advisory lock and runs the pending migrations in one
 * transaction, so several processes starting at once apply each migration exactly once.
 * Migrations are append-only: never edit one that has shipped, add the next.
 *
 * 001 is better-auth's schema (email/password and the admin plugin's role fields), as its
 * `getMigrations()` compiles it for PostgreSQL; the rest is Reelay's.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';

const MIGRATIONS: Record<string, Migration> = {
  '001_accounts': {
    async up(db) {
      await sql`create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" boolean not null, "image" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null, "role" text, "banned" boolean, "banReason" text, "banExpires" timestamptz)`.execute(db);
      await sql`create table "session" ("id" text not null primary key, "expiresAt" timestamptz not null, "token" text not null unique, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade, "impersonatedBy" text)`.execute(db);
      await sql`create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz, "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null)`.execute(db);
      await sql`create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" timestamptz not null, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null)`.execute(db);
      await sql`create index "session_userId_idx" on "session" ("userId")`.execute(db);
      await sql`create index "account_userId_idx" on "account" ("userId")`.execute(db);
      await sql`create index "verification_identifier_idx" on "verification" ("identifier")`.execute(db);
    },
  },
  '002_library': {
    async up(db) {
      // Server-wide settings every process must agree on (e.g. the session-signing secret).
      await sql`create table "setting" ("name" text primary key, "value" text not null)`.execute(db);
      // Personal API tokens: only a SHA-256 of the token is kept (tokens are 256 random bits).
      await sql`create table "api_token" (
        "id" text primary key,
        "user_id" text not null references "user" ("id") on delete cascade,
        "name" text not null,
        "token_hash" text not null unique,
        "from_env" boolean not null default false,
        "created_at" timestamptz not null default now(),
        "last_used_at" timestamptz)`.execute(db);
      await sql`create index "api_token_user_idx" on "api_token" ("user_id")`.execute(db);
      // The library: one row per recording (the bucket keeps the bytes and its own meta.json).
      await sql`create table "recording" (
        "id" text primary key,
        "owner_id" text not null references "user" ("id"),
        "title" text not null,
        "status" text not null check ("status" in ('uploading', 'ready')),
        "mime_type" text not null,
        "created_at" timestamptz not null,
        "completed_at" timestamptz,
        "duration_ms" double precision,
        "size" bigint)`.execute(db);
      await sql`create index "recording_newest_idx" on "recording" ("created_at" desc, "id" desc)`.execute(db);
      await sql`create index "recording_owner_newest_idx" on "recording" ("owner_id", "created_at" desc, "id" desc)`.execute(db);
    },
  },
  '003_viewers': {
    async up(db) {
      // Comments and reactions (a reaction is a comment with an emoji): they go with their recording.
      // A removed person's comments stay, under the name they had.
      await sql`create table "comment" (
        "id" text primary key,
        "recording_id" text not null references "recording" ("id") on delete cascade,
        "at_ms" integer not null,
        "author" text not null,
        "user_id" text references "user" ("id") on delete set null,
        "text" text,
        "emoji" text,
        "created_at" timestamptz not null default now(),
        check (("text" is null) <> ("emoji" is null)))`.execute(db);
      await sql`create index "comment_recording_idx" on "comment" ("recording_id", "at_ms")`.execute(db);
      // One row per view (a page that played); `viewer` is the anonymous viewer cookie.
      await sql`create table "recording_view" (
        "id" text primary key,
        "recording_id" text not null references "recording" ("id") on delete cascade,
        "viewer" text not null,
        "watched_ms" double precision not null default 0,
        "created_at" timestamptz not null default now())`.execute(db);
      await sql`create index "recording_view_recording_idx" on "recording_view" ("recording_id")`.execute(db);
    },
  },
  '004_link_privacy': {
    async up(db) {
      // The owner's sharing settings (issue 14): the played span (nothing re-encoded) and the link's privacy.
      // password_hash is scrypt's (viewers/link-password.ts), never the password.
      await sql`alter table "recording"
        add column "trim_start_ms" integer,
        add column "trim_end_ms" integer,
        add column "visibility" text not null default 'public' check ("visibility" in ('public', 'team', 'password')),
        add column "password_hash" text,
        add column "expires_at" timestamptz,
        add column "downloads" boolean not null default true`.execute(db);
    },
  },
  '005_limits': {
    async up(db) {
      // Request counters shared by every process (limits/rate-counter.ts): one row per key and window.
      await sql`create table "rate_limit_window" (
        "key" text not null,
        "window_start" bigint not null,
        "expires_at" bigint not null,
        "count" integer not null,
        primary key ("key", "window_start"))`.execute(db);
      await sql`create index "rate_limit_window_expires_idx" on "rate_limit_window" ("expires_at")`.execute(db);
      // What an unfinished upload may yet take of its owner's quota: the highest part presigned × the part size.
      await sql`alter table "recording" add column "reserved_bytes" bigint not null default 0`.execute(db);
    },
  },
};

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrate(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'reelay_migration',
    migrationLockTableName: 'reelay_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
