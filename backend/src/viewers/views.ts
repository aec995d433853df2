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
    return (await this.statsOf([{ id: recordingId, durationMs }])).get(recordingId)!;
  }

  /**
   * The figures of several recordings in one query (a library page). `durationMs` is what a viewer
   * can watch (the trimmed span); each view counts at most that much, since a trim can shorten a
   * recording after its views were counted.
   */
  async statsOf(recordings: readonly PlayedLength[]): Promise<Map<string, RecordingStats>> {
    const result = new Map<string, RecordingStats>(recordings.map((r) => [r.id, { views: 0, viewers: 0, averageWatchedRatio: 0 }]));
    if (recordings.length === 0) return result;
    const cap = sql`case "recording_id" ${sql.join(
      recordings.map((r) => (r.durationMs && r.durationMs > 0 ? sql`when ${r.id} then least("watched_ms", ${r.durationMs})` : sql`when ${r.id} then "watched_ms"`)),
      sql` `,
    )} end`;
    const rows = await this.db
      .selectFrom('recording_view')
      .select((eb) => [
        'recording_id',
        eb.fn.countAll<string | number>().as('views'),
        eb.fn.count<string | number>(sql`distinct "viewer"`).as('viewers'),
        eb.fn.avg<string | number | null>(cap).as('avgWatched'),
      ])
      .where('recording_id', 'in', recordings.map((r) => r.id))
      .groupBy('recording_id')
      .execute();
    const lengths = new Map(recordings.map((r) => [r.id, r.durationMs]));
    for (const row of rows) {
      const durationMs = lengths.get(row.recording_id);
      const avgWatched = Number(row.avgWatched ?? 0);
      const ratio = durationMs && durationMs > 0 ? Math.min(1, avgWatched / durationMs) : 0;
      result.set(row.recording_id, { views: Number(row.views), viewers: Number(row.viewers), averageWatchedRatio: Math.round(ratio * 1000) / 1000 });
    }
    return result;
  }
}

/** A recording and what a viewer can watch of it (viewers/link-settings.ts playedMs). */
export interface PlayedLength {
  id: string;
  durationMs: number | null;
}
