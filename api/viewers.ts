/**
 * What viewers of a share page send and get back: time-stamped comments and emoji reactions, and
 * the owner's view figures (issue 14). A reaction is a comment with an emoji instead of text, so the
 * timeline, the list and the moderation have one kind of thing to handle.
 */
import { z } from 'zod';
import { MAX_AUTHOR_LENGTH, MAX_COMMENT_AT_MS, MAX_COMMENT_LENGTH, REACTION_EMOJIS, type ReactionEmoji } from './viewer-limits';

export { MAX_AUTHOR_LENGTH, MAX_COMMENT_AT_MS, MAX_COMMENT_LENGTH, REACTION_EMOJIS, type ReactionEmoji } from './viewer-limits';

/** Control characters other than newlines would only garble the page: they become spaces. */
const CONTROL_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const cleanText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .transform((s) => s.replace(CONTROL_CHARS, ' ').trim())
    .pipe(z.string().min(1, `${what} must not be empty`).max(max, `${what} is longer than ${max} characters`));

/** POST /api/recordings/:id/comments: a text comment or a reaction, at a time in the video. */
export const postCommentSchema = z
  .object({
    atMs: z.number({ error: 'atMs must be a number' }).int('atMs must be whole milliseconds').min(0).max(MAX_COMMENT_AT_MS),
    /** The viewer's name; ignored for a signed-in person, who appears under their own. */
    author: cleanText(MAX_AUTHOR_LENGTH, 'author').optional(),
    text: cleanText(MAX_COMMENT_LENGTH, 'text').optional(),
    emoji: z.enum(REACTION_EMOJIS, { error: `emoji must be one of ${REACTION_EMOJIS.join(' ')}` }).optional(),
  })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.emoji === undefined), { message: 'send either text or emoji' });
export type PostCommentRequest = z.input<typeof postCommentSchema>;

export interface ViewerComment {
  id: string;
  atMs: number;
  author: string;
  text?: string;
  emoji?: ReactionEmoji;
  createdAt: string;
}

export interface CommentsResponse {
  comments: ViewerComment[];
}

/** GET /api/recordings/:id/stats (owner or admin), and each of your own recordings in the library list. */
export const recordingStatsSchema = z.object({
  views: z.number(),
  viewers: z.number(),
  /** Mean over views of the share of the recording watched, 0..1. */
  averageWatchedRatio: z.number(),
});
export type RecordingStats = z.infer<typeof recordingStatsSchema>;

/** POST /api/recordings/:id/views/:viewId: how much of the recording this view has played so far. */
export const viewProgressSchema = z
  .object({ watchedMs: z.number().min(0).max(MAX_COMMENT_AT_MS) })
  .strict();
export type ViewProgressRequest = z.input<typeof viewProgressSchema>;
