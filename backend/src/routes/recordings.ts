/** /api/recordings: create, presign parts, list parts, complete, thumbnail, rename, delete, metadata. */
import { Hono, type Context } from 'hono';
import {
  completeRecordingSchema,
  createRecordingSchema,
  presignPartsSchema,
  thumbnailUploadSchema,
  updateRecordingSchema,
  type CompleteRecordingResponse,
  type CreateRecordingResponse,
  type ListPartsResponse,
  type PresignPartsResponse,
  type RecordingMetadata,
  type ThumbnailUploadResponse,
  type UpdateRecordingResponse,
} from '../../../api';
import { requireApiToken, requireUploadToken } from '../http/auth';
import { parseJsonBody } from '../http/body';
import { notFound } from '../http/errors';
import { isRecordingId } from '../recordings/ids';
import type { RecordingService } from '../recordings/service';
import type { UploadTokens } from '../recordings/tokens';

export interface RecordingRoutesDeps {
  apiToken: string;
  tokens: UploadTokens;
  recordings: RecordingService;
}

/** The :id of the route, validated before anything else (so it never reaches S3 malformed). */
function recordingId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!isRecordingId(id)) throw notFound();
  return id;
}

/** The :id, after checking that the bearer token is this recording's upload token. */
function authorizedId(c: Context, tokens: UploadTokens): string {
  const id = recordingId(c);
  requireUploadToken(c, (token) => tokens.verify(id, token));
  return id;
}

/** A JSON answer no cache may keep: it holds fresh presigned URLs or upload state. */
function noStoreJson(c: Context, body: object): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(body);
}

export function recordingRoutes({ apiToken, tokens, recordings }: RecordingRoutesDeps): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    requireApiToken(c, apiToken);
    const body = await parseJsonBody(c, createRecordingSchema);
    const created: CreateRecordingResponse = await recordings.create(body);
    c.header('Location', created.shareUrl);
    return c.json(created, 201);
  });

  app.post('/:id/parts', async (c) => {
    const id = authorizedId(c, tokens);
    const { partNumbers } = await parseJsonBody(c, presignPartsSchema);
    const res: PresignPartsResponse = await recordings.presignParts(id, partNumbers);
    return noStoreJson(c, res);
  });

  app.get('/:id/parts', async (c) => {
    const id = authorizedId(c, tokens);
    const res: ListPartsResponse = await recordings.listParts(id);
    return noStoreJson(c, res);
  });

  app.post('/:id/complete', async (c) => {
    const id = authorizedId(c, tokens);
    const body = await parseJsonBody(c, completeRecordingSchema);
    const res: CompleteRecordingResponse = await recordings.complete(id, body);
    return c.json(res);
  });

  app.post('/:id/thumbnail', async (c) => {
    const id = authorizedId(c, tokens);
    const body = await parseJsonBody(c, thumbnailUploadSchema);
    const res: ThumbnailUploadResponse = await recordings.presignThumbnailUpload(id, body);
    return noStoreJson(c, res);
  });

  app.patch('/:id', async (c) => {
    const id = authorizedId(c, tokens);
    const { title } = await parseJsonBody(c, updateRecordingSchema);
    const res: UpdateRecordingResponse = await recordings.updateTitle(id, title);
    return noStoreJson(c, res);
  });

  app.delete('/:id', async (c) => {
    const id = authorizedId(c, tokens);
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
