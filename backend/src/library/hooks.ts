/**
 * Keeps the catalogue in step with the recordings API: Hono handlers that run around the
 * /api/recordings routes (registered before them in app.ts) and, once a route has answered with
 * success, record what it did: create (owner, title), complete (duration, size), rename, delete.
 * The recording routes and the service stay about the bucket; this is the only writer of rows.
 */
import type { Context, Hono, Next } from 'hono';
import type { CreateRecordingResponse, RecordingMetadata, UpdateRecordingResponse } from '../../../api';
import type { RecordingService } from '../recordings/service';
import type { Catalog } from './catalog';

export interface CatalogHookDeps {
  catalog: Catalog;
  recordings: RecordingService;
  /** Owner of a recording the catalogue meets for the first time at complete (made before accounts). */
  fallbackOwnerId: string;
  log: (line: string) => void;
}

export function registerCatalogHooks(app: Hono, { catalog, recordings, fallbackOwnerId, log }: CatalogHookDeps): void {
  const ok = (c: Context) => c.res.status >= 200 && c.res.status < 300;

  app.post('/api/recordings', async (c, next) => {
    await next();
    if (!ok(c)) return;
    const created = (await c.res.clone().json()) as CreateRecordingResponse;
    const state = await recordings.state(created.id, { fresh: false });
    const upload = state.state === 'pending' ? state.upload : undefined;
    try {
      await catalog.created({
        id: created.id,
        ownerId: c.get('user').id,
        title: upload?.title ?? 'Untitled recording',
        mimeType: upload?.mimeType ?? 'video/webm',
        createdAt: upload?.createdAt ?? new Date().toISOString(),
      });
    } catch (err) {
      // A recording nobody owns could never be managed: undo it and fail the request.
      await recordings.delete(created.id).catch(() => undefined);
      throw err;
    }
  });

  app.post('/api/recordings/:id/complete', async (c, next) => {
    await next();
    // A video file refused by its bytes (recordings/file-upload.ts) was deleted: so is its row.
    if (c.res.status === 415) await catalog.forget(c.req.param('id'));
    if (!ok(c)) return;
    // Unset only if complete's route did not run (the hook's own tests).
    const completed = c.get('completedRecording') as RecordingMetadata | undefined;
    const meta = completed ?? (await recordings.metadata(c.req.param('id')));
    await catalog.completed(meta, fallbackOwnerId);
  });

  app.patch('/api/recordings/:id', async (c, next) => {
    await next();
    if (!ok(c)) return;
    const res = (await c.res.clone().json()) as UpdateRecordingResponse;
    await catalog.renamed(res.id, res.title);
  });

  app.delete('/api/recordings/:id', async (c, next) => {
    await next();
    // Gone from the bucket (204), or never there (404): either way no row may stay.
    if (ok(c) || c.res.status === 404) {
      await catalog.forget(c.req.param('id')).catch((err: Error) => log(`catalog: cannot forget ${c.req.param('id')}: ${err.message}`));
    }
  });
}
