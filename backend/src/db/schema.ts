/**
 * Row types of the tables Reelay queries itself (Kysely's typing); better-auth's own tables are
 * typed only as far as Reelay reads them. The SQL lives in migrations.ts.
 */
import type { ColumnType, Generated } from 'kysely';

export interface UserTable {
  id: string;
  name: string;
  email: string;
  role: string | null;
  createdAt: ColumnType<Date, never, never>;
}

export interface SettingTable {
  name: string;
  value: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  from_env: Generated<boolean>;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}

export interface RecordingTable {
  id: string;
  owner_id: string;
  title: string;
  status: 'uploading' | 'ready';
  mime_type: string;
  created_at: Date;
  completed_at: Date | null;
  duration_ms: number | null;
  /** bigint: node-postgres answers a string, PGlite a number (see toNumber). */
  size: ColumnType<string | number | null, number | null, number | null>;
  /** Sharing (migration 004): the played span, both null for the whole recording. */
  trim_start_ms: ColumnType<number | null, number | null | undefined, number | null>;
  trim_end_ms: ColumnType<number | null, number | null | undefined, number | null>;
  visibility: ColumnType<'public' | 'team' | 'password', 'public' | 'team' | 'password' | undefined, 'public' | 'team' | 'password'>;
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  downloads: ColumnType<boolean, boolean | undefined, boolean>;
  /** Quota (migration 005): what an unfinished upload may yet take, the highest part presigned × the part size. */
  reserved_bytes: ColumnType<string | number, number | undefined, number>;
}

/** Migration 005: shared request counters (limits/rate-counter.ts). bigint columns: string or number by driver. */
export interface RateLimitWindowTable {
  key: string;
  window_start: ColumnType<string | number, number, number>;
  expires_at: ColumnType<string | number, number, number>;
  count: number;
}

export interface CommentTable {
  id: string;
  recording_id: string;
  at_ms: number;
  author: string;
  user_id: string | null;
  text: string | null;
  emoji: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface RecordingViewTable {
  id: string;
  recording_id: string;
  viewer: string;
  watched_ms: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface Database {
  user: UserTable;
  setting: SettingTable;
  api_token: ApiTokenTable;
  recording: RecordingTable;
  comment: CommentTable;
  recording_view: RecordingViewTable;
  rate_limit_window: RateLimitWindowTable;
}
