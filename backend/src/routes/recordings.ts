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
  type RecordingMetadata,
  type ThumbnailUploadResponse,
  type UpdateRecordingResponse,
} from '../../../api';
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
  /** UPLOAD_MAX_BYTES: the largest video file POST / takes (413 above it). */
  uploadMaxBytes?: number | undefined;
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

export function recordingRoutes({ tokens, recordings, access, uploadMaxBytes = DEFAULT_UPLOAD_MAX_BYTES }: RecordingRoutesDeps): Hono {
  const app = new Hono();
  const uploadTokenOnly = requireUploadToken((id, token) => tokens.verify(id, token));

  app.post('/', access.create, async (c) => {
    const body = await parseJsonBody(c, createRecordingSchema);
    // With `file`: a video file from the library ("Upload a video", recordings/file-upload.ts).
    const { file, ...recording } = body;
    const created: CreateRecordingResponse = await recordings.create(file ? fileRecording({ ...recording, file }, uploadMaxBytes) : recording);
    c.header('Location', created.shareUrl);
    return c.json(created, 201);
  });

  app.post('/:id/parts', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    const { partNumbers } = await parseJsonBody(c, presignPartsSchema);
    const res: PresignPartsResponse = await recordings.presignParts(id, partNumbers);
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
    const res: CompleteRecordingResponse = await recordings.complete(id, body, timing);
    withServerTiming(c, timing);
    return c.json(res);
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

  app.patch('/:id', access.manage, async (c) => {
    const id = recordingId(c);
    const patch = await parseJsonBody(c, updateRecordingSchema);
    const res: UpdateRecordingResponse = await recordings.update(id, patch);
    return noStoreJson(c, res);
  });

  app.delete('/:id', access.manage, async (c) => {
    const id = recordingId(c);
    await recordings.delete(id);
    return c.body(null, 204);
  });

  app.get('/:id', async (c) => {
    const id = recordingId(c);
    const res: RecordingMetadata = await recordings.metadata(id);
    c.header('Cache-Control', 'no-cache');
    return c.json(res);
  });

  return app;
}
