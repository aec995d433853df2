/**
 * The HTTP API contract between the extension and the backend (foundation issue).
 * Type-only: the backend validates requests with zod schemas that conform to these
 * types, and the extension's API client imports them with `import type`, so the
 * two sides cannot drift apart silently.
 */

/** Every error response: a 4xx status with this body. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** Exactly 5 MiB: every part but the last has this size (R2 demands equal parts). */
export const PART_SIZE = 5 * 1024 * 1024;
export const MIN_PART_NUMBER = 1;
export const MAX_PART_NUMBER = 10_000;
export const MAX_PART_NUMBERS_PER_REQUEST = 1_000;
export const MAX_TITLE_LENGTH = 200;

/** POST /api/recordings (Bearer API_TOKEN) */
export interface CreateRecordingRequest {
  title?: string;
  mimeType: string;
}
export interface CreateRecordingResponse {
  id: string;
  uploadId: string;
  uploadToken: string;
  partSize: number;
  shareUrl: string;
}

/** POST /api/recordings/:id/parts (Bearer uploadToken) */
export interface PresignPartsRequest {
  partNumbers: number[];
}
export interface PresignPartsResponse {
  /** part number (as a string key) -> presigned UploadPart URL */
  urls: Record<string, string>;
  /** ISO 8601 time after which the URLs no longer work */
  expiresAt: string;
}

/** GET /api/recordings/:id/parts (Bearer uploadToken) */
export interface ListedPart {
  partNumber: number;
  etag: string;
  size: number;
}
export interface ListPartsResponse {
  parts: ListedPart[];
}

/** POST /api/recordings/:id/complete (Bearer uploadToken) */
export interface CompletedPart {
  partNumber: number;
  etag: string;
}
export interface CompleteRecordingRequest {
  parts: CompletedPart[];
  durationMs: number;
  width?: number;
  height?: number;
}
export interface CompleteRecordingResponse {
  shareUrl: string;
}

/** GET /api/recordings/:id (public): a finished recording's metadata */
export interface RecordingMetadata {
  id: string;
  title: string;
  createdAt: string;
  durationMs: number;
  size: number;
  mimeType: string;
  videoUrl: string;
  width?: number;
  height?: number;
}

/** GET /api/session (Bearer API_TOKEN): lets a client check its server URL and token. */
export interface SessionResponse {
  ok: true;
  partSize: number;
}

/** Poster images the share page can show (captured by the extension early in a recording). */
export const THUMBNAIL_CONTENT_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export type ThumbnailContentType = (typeof THUMBNAIL_CONTENT_TYPES)[number];
/** Largest thumbnail accepted when the client states its size (the URL then signs Content-Length). */
export const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

/**
 * POST /api/recordings/:id/thumbnail (Bearer uploadToken): a presigned PutObject URL for
 * recordings/<id>/thumbnail, for a pending or a finished recording (a new PUT replaces it).
 */
export interface ThumbnailUploadRequest {
  contentType: ThumbnailContentType;
  /**
   * The exact byte size of the image (1..MAX_THUMBNAIL_BYTES). Recommended: the URL then
   * only accepts a body of exactly this size.
   */
  size?: number;
}
export interface ThumbnailUploadResponse {
  /** PUT the image here, with exactly `headers` (they are signed). */
  url: string;
  /** ISO 8601 time after which the URL no longer works (a few minutes). */
  expiresAt: string;
  /** e.g. { "Content-Type": "image/jpeg" }; a browser sets Content-Length itself. */
  headers: Record<string, string>;
}

/** PATCH /api/recordings/:id (Bearer uploadToken): the owner renames a recording. */
export interface UpdateRecordingRequest {
  /** Up to MAX_TITLE_LENGTH characters; control characters become spaces; empty means "Untitled recording". */
  title: string;
}
/** A finished recording answers its full metadata; one still uploading answers what it has. */
export type UpdateRecordingResponse =
  | ({ status: 'ready' } & RecordingMetadata)
  | { status: 'uploading'; id: string; title: string; createdAt: string };
