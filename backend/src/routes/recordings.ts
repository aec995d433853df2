/** /api/recordings: create, presign parts, list parts, head, part1, complete, stopped, thumbnail, rename, delete, metadata. */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import {
  completeRecordingSchema,
  createRecordingSchema,
  part1FromHeadSchema,
  presignPartsSchema,
  recordingStoppedSchema,
  thumbnailUploadSchema,
  updateRecordingSchema,
  type CompleteRecordingResponse,
  type CreateRecordingResponse,
  type HeadUploadResponse,
  type Part1FromHeadResponse,
  type ListPartsResponse,
  type PresignPartsResponse,
  type RecordingLimits,
  type RecordingMetadata,
  type ThumbnailUploadResponse,
  type SharingInPatchResponse,
  type UpdateRecordingResponse,
} from '../../../api';
import type { AccountUser } from '../accounts';
import { ApiError } from '../http/errors';
import type { LinkSettings } from '../viewers/link-settings';
import { prepareSharingPatch, recordingAsIs } from '../viewers/sharing-patch';
import { refusalError, type WatchAccess } from '../viewers/watch-access';
import { recordingId, requireUploadToken } from '../http/auth';
import { parseJsonBody } from '../http/body';
import { ServerTiming } from '../http/server-timing';
import { DEFAULT_UPLOAD_MAX_BYTES, fileRecording } from '../recordings/file-upload';
import type { RecordingService } from '../recordings/service';
import type { UploadTokens } from '../recordings/tokens';

export interface RecordingRoutesDeps {
  tokens: UploadTokens;
  recordings: RecordingService;
  /**
   * Who may create (a signed-in person: personal token, API_TOKEN or session) and who may rename or
   * delete (its owner or an admin, or its upload token): library/access.ts. The library catalogue
   * follows these routes through library/hooks.ts.
   */
  access: { create: MiddlewareHandler; manage: MiddlewareHandler };
  /** The account's limits (limits/account-limits.ts): after `access.create`, and after the upload token on presign. */
  limits?: { create: MiddlewareHandler; presign: MiddlewareHandler } | undefined;
  /** UPLOAD_MAX_BYTES: the largest video file POST / takes (413 above it). */
  uploadMaxBytes?: number | undefined;
  /** The trim and privacy of PATCH (issue 14), and who may read GET /:id (the link's privacy). */
  sharing?: LinkSettings | undefined;
  watchAccess?: WatchAccess | undefined;
}

/** Where the request's time went (the uplink benchmark reads it). */
function withServerTiming(c: Context, timing: ServerTiming): void {
  const header = timing.header();
  if (header) c.header('Server-Timing', header);
}

/** A JSON answer no cache may keep: it holds fresh presigned URLs or upload state. */
function noStoreJson(c: Context, body: object): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(body);
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by POST complete: the finished recording, as meta.json now holds it. */
    completedRecording: RecordingMetadata;
  }
}

export function recordingRoutes({ tokens, recordings, access, limits, uploadMaxBytes = DEFAULT_UPLOAD_MAX_BYTES, sharing, watchAccess }: RecordingRoutesDeps): Hono {
  const app = new Hono();
  const uploadTokenOnly = requireUploadToken((id, token) => tokens.verify(id, token));

  const pass: MiddlewareHandler = async (_c, next) => next();
  app.post('/', access.create, limits?.create ?? pass, async (c) => {
    const body = await parseJsonBody(c, createRecordingSchema);
    // With `file`: a video file from the library ("Upload a video", recordings/file-upload.ts).
    const { file, ...recording } = body;
    const made = await recordings.create(file ? fileRecording({ ...recording, file }, uploadMaxBytes) : recording);
    // The account's limits for this recording, when the limits middleware ran (limits/account-limits.ts).
    const recordingLimits = c.get('recordingLimits') as RecordingLimits | undefined;
    const created: CreateRecordingResponse = recordingLimits ? { ...made, limits: recordingLimits } : made;
    c.header('Location', created.shareUrl);
    c.header('Cache-Control', 'no-store'); // carries the upload token: no cache may keep it
    return c.json(created, 201);
  });

  app.post('/:id/parts', uploadTokenOnly, limits?.presign ?? pass, async (c) => {
    const id = recordingId(c);
    const { partNumbers } = await parseJsonBody(c, presignPartsSchema);
    // The account's limits may leave out parts of a batch signed ahead (limits/account-limits.ts).
    const presignable = c.get('presignableParts') as number[] | undefined;
    const res: PresignPartsResponse = await recordings.presignParts(id, presignable ?? partNumbers);
    return noStoreJson(c, res);
  });

  app.get('/:id/parts', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    const res: ListPartsResponse = await recordings.listParts(id);
    return noStoreJson(c, res);
  });

  app.post('/:id/complete', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    const body = await parseJsonBody(c, completeRecordingSchema);
    const timing = new ServerTiming();
    // With `tail`, complete waits for the last part: it stops waiting if the client leaves.
    const { recording, ...res } = await recordings.complete(id, body, timing, c.req.raw.signal);
    // For the catalogue's hook (library/hooks.ts), which would otherwise read meta.json back.
    c.set('completedRecording', recordings.toMetadata(recording));
    withServerTiming(c, timing);
    return c.json(res satisfies CompleteRecordingResponse);
  });

  app.post('/:id/head', uploadTokenOnly, async (c) => {
    const res: HeadUploadResponse = await recordings.presignHeadUpload(recordingId(c));
    return noStoreJson(c, res);
  });

  // At Stop, while the tail uploads: part 1 from the head and the header patch (complete then lists it).
  app.post('/:id/part1', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    const body = await parseJsonBody(c, part1FromHeadSchema);
    const timing = new ServerTiming();
    const res: Part1FromHeadResponse = await recordings.part1FromHead(id, body, timing);
    withServerTiming(c, timing);
    return noStoreJson(c, res);
  });

  // At Stop: the upload's total size and the duration, for the share page's progress.
  app.post('/:id/stopped', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    await recordings.markStopped(id, await parseJsonBody(c, recordingStoppedSchema));
    return c.body(null, 204);
  });

  app.post('/:id/thumbnail', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    const body = await parseJsonBody(c, thumbnailUploadSchema);
    const res: ThumbnailUploadResponse = await recordings.presignThumbnailUpload(id, body);
    return noStoreJson(c, res);
  });

  // Title: owner, admin, or the upload token while uploading. Trim and privacy: owner or admin only
  // (viewers/sharing-patch.ts), checked before anything is written.
  app.patch('/:id', access.manage, async (c) => {
    const id = recordingId(c);
    const { trim, privacy, ...patch } = await parseJsonBody(c, updateRecordingSchema);
    const person = c.get('user') as AccountUser | undefined; // unset when the upload token was let in
    const sharingChange = trim !== undefined || privacy !== undefined;
    if (sharingChange && !person) throw new ApiError(403, 'forbidden', 'Only its owner or an admin may change its trim or who can watch: use your personal token or sign in');
    const writeSharing = sharing && sharingChange ? await prepareSharingPatch(sharing, id, { trim, privacy }) : undefined;
    const res: UpdateRecordingResponse & SharingInPatchResponse = patch.title !== undefined ? await recordings.update(id, patch) : await recordingAsIs(recordings, id);
    if (writeSharing) res.sharing = await writeSharing();
    return noStoreJson(c, res);
  });

  app.delete('/:id', access.manage, async (c) => {
    const id = recordingId(c);
    await recordings.delete(id);
    return c.body(null, 204);
  });

  app.get('/:id', async (c) => {
    const id = recordingId(c);
    // The link's privacy first: a refused viewer learns nothing of the recording (viewers/watch-access.ts).
    const decision = await watchAccess?.decide(c, id, { from: 'api' });
    if (decision && !decision.allowed) throw refusalError(decision.reason);
    const res: RecordingMetadata = await recordings.metadata(id);
    c.header('Cache-Control', 'no-cache');
    return c.json(res);
  });

  return app;
}
