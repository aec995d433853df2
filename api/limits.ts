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

/**
 * Video files the library's "Upload a video" takes. The type is decided by the file's bytes (the
 * `file-type` package, in the browser before uploading and on the server at complete), never by
 * its name: these are the MIME types a file may be stored as.
 */
export const FILE_VIDEO_TYPES = ['video/mp4', 'video/webm', 'video/quicktime'] as const;
export type FileVideoType = (typeof FILE_VIDEO_TYPES)[number];
/** How many of a file's first bytes are sniffed for its type (file-type needs about 4 KiB). */
export const FILE_SNIFF_BYTES = 16 * 1024;
/** The largest file S3 multipart can hold in PART_SIZE parts; UPLOAD_MAX_BYTES may only lower it. */
export const MAX_FILE_BYTES = MAX_PART_NUMBER * PART_SIZE;

/** The stored type of a sniffed MIME type (file-type's answer), or undefined for anything else. */
export function fileVideoType(sniffed: string | undefined): FileVideoType | undefined {
  switch (sniffed) {
    case 'video/mp4':
    case 'video/x-m4v': // an MP4 with the M4V brand: the same container
      return 'video/mp4';
    case 'video/webm':
      return 'video/webm';
    case 'video/quicktime':
      return 'video/quicktime';
    default:
      return undefined;
  }
}
