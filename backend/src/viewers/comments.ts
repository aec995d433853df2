/**
 * Comments and reactions on a recording (a reaction is a comment with an emoji), in the database.
 * Texts are stored as sent (after the schema's clean-up) and escaped wherever they are shown.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ReactionEmoji, ViewerComment } from '../../../api';
import type { Database } from '../db/schema';

/** The most comments one recording keeps; past it, new ones are refused (a flood, not a discussion). */
export const MAX_COMMENTS_PER_RECORDING = 5000;

export interface NewComment {
  recordingId: string;
  atMs: number;
  author: string;
  userId: string | undefined;
  text?: string | undefined;
  emoji?: ReactionEmoji | undefined;
}

export class Comments {
  constructor(private readonly db: Kysely<Database>) {}

  async add(c: NewComment): Promise<ViewerComment> {
    const row = await this.db
      .insertInto('comment')
      .values({
        id: randomBytes(12).toString('base64url'),
        recording_id: c.recordingId,
        at_ms: c.atMs,
        author: c.author,
        user_id: c.userId ?? null,
        text: c.text ?? null,
        emoji: c.emoji ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toViewerComment(row);
  }

  async count(recordingId: string): Promise<number> {
    const row = await this.db.selectFrom('comment').select((eb) => eb.fn.countAll<string | number>().as('n')).where('recording_id', '=', recordingId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** In timeline order, then oldest first. */
  async list(recordingId: string): Promise<ViewerComment[]> {
    const rows = await this.db.selectFrom('comment').selectAll().where('recording_id', '=', recordingId).orderBy('at_ms').orderBy('created_at').orderBy('id').execute();
    return rows.map(toViewerComment);
  }

  /** Deletes one comment of the recording; false when there is none with that id. */
  async delete(recordingId: string, commentId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('comment').where('recording_id', '=', recordingId).where('id', '=', commentId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

function toViewerComment(row: { id: string; at_ms: number; author: string; text: string | null; emoji: string | null; created_at: Date }): ViewerComment {
  return {
    id: row.id,
    atMs: row.at_ms,
    author: row.author,
    ...(row.text !== null ? { text: row.text } : {}),
    ...(row.emoji !== null ? { emoji: row.emoji as ReactionEmoji } : {}),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
