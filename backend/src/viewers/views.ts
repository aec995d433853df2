/**
 * Views of a recording: one row per share page that started playing, with how much of the
 * recording it played (reported by the page as it plays, only ever growing). Viewers are told
 * apart by an anonymous cookie; the owner's own views are never stored (routes/views.ts).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { RecordingStats } from '../../../api';
import type { Database } from '../db/schema';

export class Views {
  constructor(private readonly db: Kysely<Database>) {}

  async start(recordingId: string, viewer: string): Promise<string> {
    const id = randomBytes(12).toString('base64url');
    await this.db.insertInto('recording_view').values({ id, recording_id: recordingId, viewer }).execute();
    return id;
  }

  /**
   * Raises the played time of a view (a late or repeated report never lowers it); capped at the
   * recording's length. Only the viewer who started the view may report on it: false otherwise.
   */
  async progress(recordingId: string, viewId: string, viewer: string, watchedMs: number, durationMs: number | null): Promise<boolean> {
    const capped = durationMs && durationMs > 0 ? Math.min(watchedMs, durationMs) : watchedMs;
    const res = await this.db
      .updateTable('recording_view')
      .set({ watched_ms: sql<number>`greatest("watched_ms", ${capped})` })
      .where('id', '=', viewId)
      .where('recording_id', '=', recordingId)
      .where('viewer', '=', viewer)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async stats(recordingId: string, durationMs: number | null): Promise<RecordingStats> {
    const row = await this.db
      .selectFrom('recording_view')
      .select((eb) => [
        eb.fn.countAll<string | number>().as('views'),
        eb.fn.count<string | number>(sql`distinct "viewer"`).as('viewers'),
        // Each view counts at most the whole of what can be watched (a trim can shorten it after views were counted).
        eb.fn.avg<string | number | null>(durationMs && durationMs > 0 ? sql`least("watched_ms", ${durationMs})` : sql`"watched_ms"`).as('avgWatched'),
      ])
      .where('recording_id', '=', recordingId)
      .executeTakeFirst();
    const avgWatched = Number(row?.avgWatched ?? 0);
    const ratio = durationMs && durationMs > 0 ? Math.min(1, avgWatched / durationMs) : 0;
    return { views: Number(row?.views ?? 0), viewers: Number(row?.viewers ?? 0), averageWatchedRatio: Math.round(ratio * 1000) / 1000 };
  }
}
