/** /api/recordings: create, presign parts, list parts, complete, stopped, thumbnail, rename, delete, metadata. */
import { Hono, type Context } from 'hono';
import {
  completeRecordingSchema,
  createRecordingSchema,
  presignPartsSchema,
  recordingStoppedSchema,
  thumbnailUploadSchema,
  updateRecordingSchema,
  type CompleteRecordingResponse,
  type CreateRecordingResponse,
  type HeadUploadResponse,
  type ListPartsResponse,
  type PresignPartsResponse,
  type RecordingMetadata,
  type ThumbnailUploadResponse,
  type UpdateRecordingResponse,
} from '../../../api';
import { recordingId, requireApiToken, requireUploadToken } from '../http/auth';
import { parseJsonBody } from '../http/body';
import type { RecordingService } from '../recordings/service';
import type { UploadTokens } from '../recordings/tokens';

export interface RecordingRoutesDeps {
  apiToken: string;
  tokens: UploadTokens;
  recordings: RecordingService;
}

/** A JSON answer no cache may keep: it holds fresh presigned URLs or upload state. */
function noStoreJson(c: Context, body: object): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(body);
}

export function recordingRoutes({ apiToken, tokens, recordings }: RecordingRoutesDeps): Hono {
  const app = new Hono();
  const apiTokenOnly = requireApiToken(apiToken);
  const uploadTokenOnly = requireUploadToken((id, token) => tokens.verify(id, token));

  app.post('/', apiTokenOnly, async (c) => {
    const body = await parseJsonBody(c, createRecordingSchema);
    const created: CreateRecordingResponse = await recordings.create(body);
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
    const res: CompleteRecordingResponse = await recordings.complete(id, body);
    return c.json(res);
  });

  app.post('/:id/head', uploadTokenOnly, async (c) => {
    const res: HeadUploadResponse = await recordings.presignHeadUpload(recordingId(c));
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

  app.patch('/:id', uploadTokenOnly, async (c) => {
    const id = recordingId(c);
    const patch = await parseJsonBody(c, updateRecordingSchema);
    const res: UpdateRecordingResponse = await recordings.update(id, patch);
    return noStoreJson(c, res);
  });

  app.delete('/:id', uploadTokenOnly, async (c) => {
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
