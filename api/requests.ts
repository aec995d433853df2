/**
 * Request bodies, as zod schemas: the backend parses with them, the extension's request types are
 * their input types. Titles are normalised here (control characters → spaces, trimmed), so every
 * route stores the same thing.
 */
import { z } from 'zod';
import { privacySchema, trimSchema } from './sharing';
import {
  FILE_VIDEO_TYPES,
  MAX_DIMENSION,
  MAX_DURATION_MS,
  MAX_HEAD_PATCHES,
  MAX_HEAD_PATCH_BYTES,
  PART_SIZE,
  MAX_PART_NUMBER,
  MAX_PART_NUMBERS_PER_REQUEST,
  MAX_THUMBNAIL_BYTES,
  MAX_TITLE_LENGTH,
  MIN_PART_NUMBER,
  THUMBNAIL_CONTENT_TYPES,
} from './limits';

/** video/webm or video/mp4, optionally with parameters, e.g. `video/webm;codecs=vp9,opus`. */
const MIME_TYPE = /^video\/(webm|mp4)(\s*;\s*[a-z0-9-]+=("[a-z0-9.,\s+-]*"|[a-z0-9.,+-]+))*$/i;

/** Control characters would only garble the share page; they become spaces. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export const partNumberSchema = z
  .number({ error: 'part numbers must be numbers' })
  .int('part numbers must be integers')
  .min(MIN_PART_NUMBER, `part numbers start at ${MIN_PART_NUMBER}`)
  .max(MAX_PART_NUMBER, `part numbers end at ${MAX_PART_NUMBER}`);

const title = z
  .string({ error: 'title must be a string' })
  .max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`)
  .transform((t) => t.replace(CONTROL_CHARS, ' ').trim());

const dimension = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .positive(`${name} must be positive`)
    .max(MAX_DIMENSION, `${name} must be at most ${MAX_DIMENSION}`)
    .optional();

/**
 * A video file uploaded from the library ("Upload a video"): its name (the title is the name without
 * its extension) and its exact size, which the server checks against UPLOAD_MAX_BYTES at create and
 * against the uploaded parts at complete.
 */
export const fileUploadSchema = z.object({
  name: z
    .string({ error: 'file.name must be a string' })
    .min(1, 'file.name must not be empty')
    .max(255, 'file.name must be at most 255 characters')
    .transform((t) => t.replace(CONTROL_CHARS, ' ').trim()),
  size: z
    .number({ error: 'file.size must be a number of bytes' })
    .int('file.size must be an integer')
    .min(1, 'file.size must be at least 1 byte')
    .max(Number.MAX_SAFE_INTEGER, 'file.size is too large'),
});

/**
 * POST /api/recordings (a signed-in person): a recording from the extension, or with `file` a video
 * file from the library (then mimeType is the type its bytes say: video/mp4, video/webm or video/quicktime).
 */
export const createRecordingSchema = z
  .object({
    title: title.optional(),
    mimeType: z.string({ error: 'mimeType is required (video/webm or video/mp4)' }).max(200, 'mimeType is too long'),
    file: fileUploadSchema.optional(),
  })
  .superRefine((req, ctx) => {
    if (req.file === undefined && !MIME_TYPE.test(req.mimeType)) {
      ctx.addIssue({ code: 'custom', path: ['mimeType'], message: 'mimeType must be video/webm or video/mp4 (codec parameters allowed)' });
    }
    if (req.file !== undefined && !(FILE_VIDEO_TYPES as readonly string[]).includes(req.mimeType)) {
      ctx.addIssue({ code: 'custom', path: ['mimeType'], message: `a file's mimeType must be one of ${FILE_VIDEO_TYPES.join(', ')}` });
    }
  });

/** POST /api/recordings/:id/parts (Bearer uploadToken) */
export const presignPartsSchema = z.object({
  partNumbers: z
    .array(partNumberSchema, { error: 'partNumbers must be an array of part numbers' })
    .min(1, 'partNumbers must not be empty')
    .max(MAX_PART_NUMBERS_PER_REQUEST, `at most ${MAX_PART_NUMBERS_PER_REQUEST} part numbers per request`),
});

const etag = z
  .string({ error: 'etag must be a string' })
  .min(1, 'etag must not be empty')
  .max(200, 'etag is too long')
  .regex(/^[\x21-\x7e]+$/, 'etag must be printable ASCII');

/** Base64 (standard alphabet, padded) of at most MAX_HEAD_PATCH_BYTES bytes. */
const base64 = z
  .string({ error: 'data must be a base64 string' })
  .max(Math.ceil(MAX_HEAD_PATCH_BYTES / 3) * 4, `a patch has at most ${MAX_HEAD_PATCH_BYTES} bytes`)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'data must be base64');

/**
 * Part 1 made by the server: the client uploaded the first PART_SIZE bytes early as the head
 * object (POST /api/recordings/:id/head) and, at complete, sends only the bytes that changed in
 * them (the WebM header: Duration, SeekHead). The server applies them and uploads part 1 itself,
 * so nothing but the tail leaves the client after Stop.
 */
export const headPatchSchema = z.object({
  patches: z
    .array(
      z.object({
        offset: z.number().int('offset must be an integer').min(0, 'offset must not be negative').max(PART_SIZE - 1, `offset must be below ${PART_SIZE}`),
        data: base64,
      }),
      { error: 'patches must be an array of {offset, data}' },
    )
    .max(MAX_HEAD_PATCHES, `at most ${MAX_HEAD_PATCHES} patches`),
});

/**
 * POST /api/recordings/:id/part1 (Bearer uploadToken): at Stop, as soon as the header patch is
 * known and while the tail still uploads, the server makes part 1 from the head object with these
 * patches (the same `head` complete takes) and answers with its ETag. Complete then lists part 1
 * like any other part, and costs only CompleteMultipartUpload.
 */
export const part1FromHeadSchema = headPatchSchema;

/**
 * The last part, still on its way to the store when complete is sent (issue 11: complete ahead of
 * the tail). The server does everything else meanwhile, waits until the store lists this part
 * with this size, then completes with the ETag the store gives: the link does not wait for the
 * PUT's answer to travel back to the client and a second request to travel to the server.
 */
export const tailPartSchema = z.object({
  partNumber: partNumberSchema,
  size: z
    .number({ error: 'size must be a number of bytes' })
    .int('size must be an integer')
    .min(1, 'size must be at least 1 byte')
    .max(PART_SIZE, `the last part has at most ${PART_SIZE} bytes`),
});

/** POST /api/recordings/:id/complete (Bearer uploadToken) */
export const completeRecordingSchema = z
  .object({
    /** Present when part 1 is the head object with these patches; `parts` then starts at 2. */
    head: headPatchSchema.optional(),
    /** Uploaded parts, ascending; with `tail`, the ones before it (then possibly none). */
    parts: z
      .array(z.object({ partNumber: partNumberSchema, etag }), { error: 'parts must be an array of {partNumber, etag}' })
      .max(MAX_PART_NUMBER, `at most ${MAX_PART_NUMBER} parts`)
      .superRefine((parts, ctx) => {
        for (let i = 1; i < parts.length; i++) {
          if (parts[i]!.partNumber <= parts[i - 1]!.partNumber) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'partNumber'],
              message: 'parts must be in ascending order of partNumber without duplicates',
            });
            return;
          }
        }
      }),
    /** The last part, when it is still uploading (tailPartSchema). */
    tail: tailPartSchema.optional(),
    durationMs: z
      .number({ error: 'durationMs is required (a non-negative number)' })
      .min(0, 'durationMs must not be negative')
      .max(MAX_DURATION_MS, `durationMs must be at most ${MAX_DURATION_MS} (a week)`),
    width: dimension('width'),
    height: dimension('height'),
  })
  .superRefine((req, ctx) => {
    if (req.parts.length === 0 && !req.tail) ctx.addIssue({ code: 'custom', path: ['parts'], message: 'parts must not be empty' });
    const last = req.parts.at(-1)?.partNumber ?? (req.head ? 1 : 0);
    if (req.tail && req.tail.partNumber <= last) {
      ctx.addIssue({ code: 'custom', path: ['tail', 'partNumber'], message: 'the tail must come after every listed part' });
    }
  });

/**
 * PATCH /api/recordings/:id (Bearer uploadToken): a patch of the recording's editable fields;
 * absent fields stay as they are. Today only the title; a new field is one more optional key here.
 */
export const updateRecordingSchema = z
  .object({
    /** Up to MAX_TITLE_LENGTH characters; empty means "Untitled recording". */
    title: title.optional(),
    /** The owner's or an admin's only (issue 14): the played span, or null to play it all. */
    trim: trimSchema.nullable().optional(),
    /** The owner's or an admin's only (issue 14): who may watch, expiry, downloads. */
    privacy: privacySchema.optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'the patch must change at least one field (title, trim, privacy)');

/** POST /api/recordings/:id/thumbnail (Bearer uploadToken) */
export const thumbnailUploadSchema = z.object({
  contentType: z.enum(THUMBNAIL_CONTENT_TYPES, { error: `contentType must be one of ${THUMBNAIL_CONTENT_TYPES.join(', ')}` }),
  /** The exact byte size of the image; the URL then only accepts a body of exactly this size. */
  size: z
    .number({ error: 'size must be a number of bytes' })
    .int('size must be an integer')
    .min(1, 'size must be at least 1 byte')
    .max(MAX_THUMBNAIL_BYTES, `a thumbnail may have at most ${MAX_THUMBNAIL_BYTES} bytes`)
    .optional(),
});

/**
 * POST /api/recordings/:id/stopped (Bearer uploadToken): the recording stopped; what the upload
 * will hold in all, so a viewer who opens the link before the upload ends sees its progress.
 */
export const recordingStoppedSchema = z.object({
  totalBytes: z.number({ error: 'totalBytes must be a number' }).int().min(0).max(MAX_PART_NUMBER * PART_SIZE, 'totalBytes is more than a recording can hold'),
  durationMs: z.number({ error: 'durationMs must be a number' }).min(0).max(MAX_DURATION_MS),
});

/** What a client sends (before the server's normalisation). */
export type CreateRecordingRequest = z.input<typeof createRecordingSchema>;
export type FileUploadRequest = z.input<typeof fileUploadSchema>;
export type PresignPartsRequest = z.input<typeof presignPartsSchema>;
export type CompleteRecordingRequest = z.input<typeof completeRecordingSchema>;
export type CompletedPart = CompleteRecordingRequest['parts'][number];
export type TailPart = z.infer<typeof tailPartSchema>;
export type HeadPatch = z.input<typeof headPatchSchema>;
export type Part1FromHeadRequest = z.input<typeof part1FromHeadSchema>;
export type RecordingStoppedRequest = z.input<typeof recordingStoppedSchema>;
export type UpdateRecordingRequest = z.input<typeof updateRecordingSchema>;
/** A patch as the server applies it (normalised). */
export type RecordingPatch = z.output<typeof updateRecordingSchema>;
export type ThumbnailUploadRequest = z.input<typeof thumbnailUploadSchema>;

// ---- Accounts and the library (issue 13) ----

const email = z
  .string({ error: 'email is required' })
  .trim()
  .max(254, 'email is too long')
  .pipe(z.email('email must be an email address'))
  .transform((e) => e.toLowerCase());
const password = z
  .string({ error: 'password must be a string' })
  .min(8, 'password must be at least 8 characters')
  .max(128, 'password must be at most 128 characters');

/** POST /api/users (an admin): add a person; without a password they set one through the invite link. */
export const createUserSchema = z.object({
  email,
  name: z.string({ error: 'name must be a string' }).trim().max(100, 'name must be at most 100 characters').optional(),
  role: z.enum(['member', 'admin'], { error: 'role must be "member" or "admin"' }),
  password: password.optional(),
});

/** POST /api/auth/sign-in: answers 200 with a session cookie. */
export const signInSchema = z.object({
  email,
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(128, 'password is too long'),
});

/** POST /api/tokens (signed in): a new personal API token, shown once. */
export const createTokenSchema = z.object({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters'),
});

/** GET /api/recordings?scope=mine|team&q=&cursor= (query string). */
export const libraryQuerySchema = z.object({
  scope: z.enum(['mine', 'team'], { error: 'scope must be "mine" or "team"' }).default('mine'),
  q: z.string().trim().max(MAX_TITLE_LENGTH, `q must be at most ${MAX_TITLE_LENGTH} characters`).optional(),
  cursor: z.string().max(500, 'cursor is too long').optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'limit must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'limit must be at least 1').max(100, 'limit must be at most 100'))
    .optional(),
});

export type CreateUserRequest = z.input<typeof createUserSchema>;
export type SignInRequest = z.input<typeof signInSchema>;
export type CreateTokenRequest = z.input<typeof createTokenSchema>;
