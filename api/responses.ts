/**
 * Response bodies, as zod schemas: the backend's routes are typed by them, and the extension's API
 * client checks every answer against them (a server that answers otherwise is "not a Reelay server").
 * Objects are not strict, so a newer server may add fields without breaking an older extension.
 */
import { z } from 'zod';
import { recordingStatsSchema } from './viewers';

/**
 * What the server lets this recording grow to (issue 15), told at create so the extension can stop
 * cleanly, with a link to everything recorded, before the server would refuse a part. The server
 * still enforces the bytes itself (a part that starts past them is refused).
 */
export const recordingLimitsSchema = z.object({
  /** Bytes this recording may hold: the smaller of the largest recording and the account's room left. */
  maxBytes: z.number(),
  /** Which of the two set maxBytes: the account's storage quota, or the largest recording. */
  limitedBy: z.enum(['storage_quota', 'max_recording_size']),
  /** MAX_RECORDING_MINUTES in ms: the extension stops a recording at this recorded length. */
  maxLengthMs: z.number(),
});

/** POST /api/recordings → 201 */
export const createRecordingResponseSchema = z.object({
  id: z.string(),
  uploadId: z.string(),
  uploadToken: z.string(),
  partSize: z.number(),
  shareUrl: z.string(),
  /** Absent from servers before issue 15, and for uploads the account limits do not cover. */
  limits: recordingLimitsSchema.optional(),
});

/** POST /api/recordings/:id/parts */
export const presignPartsResponseSchema = z.object({
  /** part number (as a string key) -> presigned UploadPart URL */
  urls: z.record(z.string(), z.string()),
  /** ISO 8601 time after which the URLs no longer work */
  expiresAt: z.string(),
});

/** GET /api/recordings/:id/parts */
export const listedPartSchema = z.object({ partNumber: z.number(), etag: z.string(), size: z.number() });
export const listPartsResponseSchema = z.object({ parts: z.array(listedPartSchema) });

/** POST /api/recordings/:id/part1: part 1, made by the server from the head; list it at complete. */
export const part1FromHeadResponseSchema = z.object({ partNumber: z.literal(1), etag: z.string() });

/** POST /api/recordings/:id/complete */
export const completeRecordingResponseSchema = z.object({ shareUrl: z.string() });

/** GET /api/recordings/:id (public): a finished recording's metadata */
export const recordingMetadataSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  durationMs: z.number(),
  size: z.number(),
  mimeType: z.string(),
  videoUrl: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
});

/** GET /api/session (Bearer API_TOKEN): lets a client check its server URL and token. */
export const sessionResponseSchema = z.object({
  ok: z.literal(true),
  partSize: z.number(),
  /** Who the token or session belongs to (servers with accounts). */
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'member']) }).optional(),
});

/** POST /api/recordings/:id/thumbnail and POST /api/recordings/:id/head: one presigned PutObject. */
export const presignedPutResponseSchema = z.object({
  /** PUT the image here, with exactly `headers` (they are signed). */
  url: z.string(),
  /** ISO 8601 time after which the URL no longer works (a few minutes). */
  expiresAt: z.string(),
  /** e.g. { "Content-Type": "image/jpeg" }; a browser sets Content-Length itself. */
  headers: z.record(z.string(), z.string()),
});

export const thumbnailUploadResponseSchema = presignedPutResponseSchema;
/** POST /api/recordings/:id/head: PUT exactly PART_SIZE bytes (the recording's first part) here. */
export const headUploadResponseSchema = presignedPutResponseSchema;

/**
 * GET /v/:id/status (public, like the share page): whether the recording plays yet. While it
 * uploads, how many bytes the store holds of how many (once the recorder has said, at Stop).
 */
export const shareStatusResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('uploading'), bytesStored: z.number(), bytesTotal: z.number().optional(), stopped: z.boolean() }),
  z.object({ status: z.literal('ready'), durationMs: z.number() }),
]);

/** PATCH /api/recordings/:id: a finished recording answers its full metadata; one still uploading what it has. */
export const updateRecordingResponseSchema = z.discriminatedUnion('status', [
  recordingMetadataSchema.extend({ status: z.literal('ready') }),
  z.object({ status: z.literal('uploading'), id: z.string(), title: z.string(), createdAt: z.string() }),
]);

export type CreateRecordingResponse = z.infer<typeof createRecordingResponseSchema>;
export type RecordingLimits = z.infer<typeof recordingLimitsSchema>;
export type PresignPartsResponse = z.infer<typeof presignPartsResponseSchema>;
export type ListedPart = z.infer<typeof listedPartSchema>;
export type ListPartsResponse = z.infer<typeof listPartsResponseSchema>;
export type CompleteRecordingResponse = z.infer<typeof completeRecordingResponseSchema>;
export type RecordingMetadata = z.infer<typeof recordingMetadataSchema>;
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
export type ThumbnailUploadResponse = z.infer<typeof thumbnailUploadResponseSchema>;
export type PresignedPutResponse = z.infer<typeof presignedPutResponseSchema>;
export type HeadUploadResponse = z.infer<typeof headUploadResponseSchema>;
export type Part1FromHeadResponse = z.infer<typeof part1FromHeadResponseSchema>;
export type ShareStatusResponse = z.infer<typeof shareStatusResponseSchema>;
export type UpdateRecordingResponse = z.infer<typeof updateRecordingResponseSchema>;

// ---- Accounts and the library (issue 13) ----

export const roleSchema = z.enum(['admin', 'member']);

/** POST /api/users → 201 */
export const createUserResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  /** Opens the server's set-password page (valid 7 days). */
  inviteUrl: z.string(),
});

/** A person, as /api/auth/sign-in, /api/session and GET /api/users show them. */
export const accountUserSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: roleSchema });

/** POST /api/auth/sign-in → 200 (and a session cookie) */
export const signInResponseSchema = z.object({ user: accountUserSchema });

/** POST /api/tokens → 201; the token is shown only here. */
export const createTokenResponseSchema = z.object({ id: z.string(), token: z.string() });

/** GET /api/recordings: one finished recording of the library. */
export const libraryRecordingSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  durationMs: z.number(),
  size: z.number(),
  shareUrl: z.string(),
  /** Redirects to the poster image; 404 when the recording has none. */
  thumbnailUrl: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }),
  /** Its view figures, on your own recordings only (the cards of My recordings show them). */
  stats: recordingStatsSchema.optional(),
});

/** GET /api/recordings?scope=&q=&cursor=: newest first; `nextCursor` null on the last page. */
export const libraryResponseSchema = z.object({
  recordings: z.array(libraryRecordingSchema),
  nextCursor: z.string().nullable(),
});

export type Role = z.infer<typeof roleSchema>;
export type CreateUserResponse = z.infer<typeof createUserResponseSchema>;
export type AccountUserResponse = z.infer<typeof accountUserSchema>;
export type SignInResponse = z.infer<typeof signInResponseSchema>;
export type CreateTokenResponse = z.infer<typeof createTokenResponseSchema>;
export type LibraryRecording = z.infer<typeof libraryRecordingSchema>;
export type LibraryResponse = z.infer<typeof libraryResponseSchema>;

/** GET /api/users (an admin) */
export const usersResponseSchema = z.object({ users: z.array(accountUserSchema.extend({ createdAt: z.string() })) });

/** GET /api/tokens: the caller's personal tokens, never the token itself. */
export const tokensResponseSchema = z.object({
  tokens: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
});

export type UsersResponse = z.infer<typeof usersResponseSchema>;
export type TokensResponse = z.infer<typeof tokensResponseSchema>;
