/**
 * The library's catalogue: one database row per recording, with its owner. The bucket stays the
 * truth for the bytes and the share page (meta.json); the row is what lists, searches, pages and
 * ownership checks read, so they never list the bucket. Rows are written at create (owner, title),
 * at complete (duration, size), at rename and at delete.
 */
import type { Kysely } from 'kysely';
import type { LibraryRecording } from '../../../api';
import type { Database } from '../db/schema';
import { playedMs, trimOf } from '../viewers/link-settings';
import type { PlayedLength } from '../viewers/views';

export const LIBRARY_PAGE_SIZE = 24;

export interface ListQuery {
  viewerId: string;
  scope: 'mine' | 'team';
  q: string | undefined;
  cursor: string | undefined;
  limit?: number;
}

export class Catalog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string,
  ) {}

  async created(r: { id: string; ownerId: string; title: string; mimeType: string; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('recording')
      .values({ id: r.id, owner_id: r.ownerId, title: r.title, status: 'uploading', mime_type: r.mimeType, created_at: new Date(r.createdAt), completed_at: null, duration_ms: null, size: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** The finished recording's facts (idempotent); a row missing (made before accounts) goes to `fallbackOwnerId`. */
  async completed(
    r: { id: string; title: string; mimeType: string; createdAt: string; durationMs: number; size: number; completedAt?: string | undefined },
    fallbackOwnerId: string,
  ): Promise<void> {
    const completedAt = new Date(r.completedAt ?? Date.now());
    await this.db
      .insertInto('recording')
      .values({
        id: r.id,
        owner_id: fallbackOwnerId,
        title: r.title,
        status: 'ready',
        mime_type: r.mimeType,
        created_at: new Date(r.createdAt),
        completed_at: completedAt,
        duration_ms: r.durationMs,
        size: r.size,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ status: 'ready', title: r.title, completed_at: completedAt, duration_ms: r.durationMs, size: r.size }),
      )
      .execute();
  }

  async renamed(id: string, title: string): Promise<void> {
    await this.db.updateTable('recording').set({ title }).where('id', '=', id).execute();
  }

  async forget(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('recording').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** The owner's id, or undefined when the catalogue does not know the recording. */
  async ownerOf(id: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('recording').select('owner_id').where('id', '=', id).executeTakeFirst();
    return row?.owner_id;
  }

  /** What viewers' routes need to know of a recording, or undefined when the catalogue does not know it. */
  async facts(id: string): Promise<{ ownerId: string; status: 'uploading' | 'ready'; durationMs: number | null } | undefined> {
    const row = await this.db.selectFrom('recording').select(['owner_id', 'status', 'duration_ms']).where('id', '=', id).executeTakeFirst();
    return row && { ownerId: row.owner_id, status: row.status, durationMs: row.duration_ms };
  }

  async has(id: string): Promise<boolean> {
    return (await this.ownerOf(id)) !== undefined;
  }

  /**
   * Finished recordings, newest first, `limit` per page; `nextCursor` is null on the last page.
   * `played` is what a viewer can watch of each (for their view figures).
   */
  async list(query: ListQuery): Promise<{ recordings: LibraryRecording[]; nextCursor: string | null; played: PlayedLength[] }> {
    const limit = query.limit ?? LIBRARY_PAGE_SIZE;
    let q = this.db
      .selectFrom('recording')
      .innerJoin('user', 'user.id', 'recording.owner_id')
      .select([
        'recording.id',
        'recording.title',
        'recording.created_at',
        'recording.duration_ms',
        'recording.trim_start_ms',
        'recording.trim_end_ms',
        'recording.size',
        'user.id as ownerId',
        'user.name as ownerName',
      ])
      .where('recording.status', '=', 'ready');
    if (query.scope === 'mine') q = q.where('recording.owner_id', '=', query.viewerId);
    if (query.q) q = q.where('recording.title', 'ilike', `%${escapeLike(query.q)}%`);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('recording.created_at', '<', after.createdAt),
          eb.and([eb('recording.created_at', '=', after.createdAt), eb('recording.id', '<', after.id)]),
        ]),
      );
    }
    const rows = await q.orderBy('recording.created_at', 'desc').orderBy('recording.id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      recordings: page.map((r) => {
        const shareUrl = `${this.publicUrl}/v/${r.id}`;
        return {
          id: r.id,
          title: r.title,
          createdAt: r.created_at.toISOString(),
          durationMs: r.duration_ms ?? 0,
          size: Number(r.size ?? 0),
          shareUrl,
          thumbnailUrl: `${shareUrl}/thumbnail`,
          owner: { id: r.ownerId, name: r.ownerName },
        };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
      played: page.map((r) => ({ id: r.id, durationMs: playedMs(r.duration_ms, trimOf(r)) })),
    };
  }
}

/** `%`, `_` and `\` match themselves in a search. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

/** The position after which the next page starts; undefined for a cursor this server did not make. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt !== 'string' || typeof id !== 'string') return undefined;
    const date = new Date(createdAt);
    return Number.isNaN(date.getTime()) ? undefined : { createdAt: date, id };
  } catch {
    return undefined;
  }
}
