/**
 * A recording's sharing settings in its library row (migration 004): the trim and the link's
 * privacy. Read by watch-access.ts on every share request; written by PATCH /api/recordings/:id
 * (viewers/sharing-patch.ts).
 */
import type { Kysely } from 'kysely';
import type { LinkPrivacy, LinkVisibility, SharingSettings, Trim } from '../../../api';
import type { Database } from '../db/schema';

/** What the privacy check and the share routes need to know of one recording. */
export interface LinkFacts {
  id: string;
  ownerId: string;
  status: 'uploading' | 'ready';
  durationMs: number | null;
  trim: Trim | null;
  privacy: LinkPrivacy;
  /** Server-side only: never leaves the server. */
  passwordHash: string | null;
}

/** What a viewer can watch of a recording: the trimmed span when there is a trim, else the whole length. */
export function playedMs(durationMs: number | null, trim: Trim | null): number | null {
  return trim ? trim.endMs - trim.startMs : durationMs;
}

/** The trim a row holds (both ends set), or none. */
export function trimOf(row: { trim_start_ms: number | null; trim_end_ms: number | null }): Trim | null {
  return row.trim_start_ms !== null && row.trim_end_ms !== null ? { startMs: row.trim_start_ms, endMs: row.trim_end_ms } : null;
}

export interface StoredPrivacy {
  visibility: LinkVisibility;
  passwordHash: string | null;
  expiresAt: Date | null;
  downloads: boolean;
}

export class LinkSettings {
  constructor(private readonly db: Kysely<Database>) {}

  /** undefined when the library does not know the recording. */
  async facts(id: string): Promise<LinkFacts | undefined> {
    const row = await this.db
      .selectFrom('recording')
      .select(['owner_id', 'status', 'duration_ms', 'trim_start_ms', 'trim_end_ms', 'visibility', 'password_hash', 'expires_at', 'downloads'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const trim = trimOf(row);
    return {
      id,
      ownerId: row.owner_id,
      status: row.status,
      durationMs: row.duration_ms,
      trim,
      privacy: {
        visibility: row.visibility,
        expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
        downloads: row.downloads,
        hasPassword: row.password_hash !== null,
      },
      passwordHash: row.password_hash,
    };
  }

  async setTrim(id: string, trim: Trim | null): Promise<void> {
    await this.db
      .updateTable('recording')
      .set({ trim_start_ms: trim?.startMs ?? null, trim_end_ms: trim?.endMs ?? null })
      .where('id', '=', id)
      .execute();
  }

  async setPrivacy(id: string, p: StoredPrivacy): Promise<void> {
    await this.db
      .updateTable('recording')
      .set({ visibility: p.visibility, password_hash: p.passwordHash, expires_at: p.expiresAt, downloads: p.downloads })
      .where('id', '=', id)
      .execute();
  }
}

export function sharingSettings(facts: LinkFacts): SharingSettings {
  return { trim: facts.trim, privacy: facts.privacy };
}
