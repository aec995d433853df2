/**
 * The viewers' limits and reaction set as plain constants (no zod), so the share page's player
 * bundle can use them without bundling the schema library; api/viewers.ts builds its schemas on them.
 */

/** The reactions offered on the share page; nothing else is accepted. */
export const REACTION_EMOJIS = ['👍', '❤️', '😂', '😮', '🎉', '👏', '🔥', '🤔'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJIS)[number];

export const MAX_COMMENT_LENGTH = 1000;
export const MAX_AUTHOR_LENGTH = 60;
/** A comment's place on the timeline; recordings are far shorter than a day. */
export const MAX_COMMENT_AT_MS = 24 * 3600 * 1000;
