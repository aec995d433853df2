/**
 * The numbers both sides must agree on. One definition each: the backend validates with them,
 * the extension cuts and numbers parts with them, the embedded store enforces the same S3 limits.
 */

/** Exactly 5 MiB: every part but the last has this size (R2 demands equal parts). */
export const PART_SIZE = 5 * 1024 * 1024;
export const MIN_PART_NUMBER = 1;
/** S3's limit on part numbers in one multipart upload. */
export const MAX_PART_NUMBER = 10_000;
export const MAX_PART_NUMBERS_PER_REQUEST = 1_000;
export const MAX_TITLE_LENGTH = 200;

/** Poster images the share page can show (captured by the extension early in a recording). */
export const THUMBNAIL_CONTENT_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export type ThumbnailContentType = (typeof THUMBNAIL_CONTENT_TYPES)[number];
/** Largest thumbnail accepted when the client states its size (the URL then signs Content-Length). */
export const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

/** Sanity bounds, so an absurd number never reaches the share page. */
export const MAX_DURATION_MS = 7 * 24 * 3600 * 1000;
export const MAX_DIMENSION = 32_768;

/**
 * The header patch the client sends at complete, applied by the server to the head object
 * (part 1 uploaded early, see api/requests.ts `head`): at most this many bytes in all.
 */
export const MAX_HEAD_PATCH_BYTES = 64 * 1024;
export const MAX_HEAD_PATCHES = 16;
