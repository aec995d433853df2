/**
 * GET /api/recordings/:id/sharing: the trim and the link's privacy, as the owner's tools show them
 * (never the password, only whether one is set). Who: the recording's owner or an admin.
 * They change through PATCH /api/recordings/:id (routes/recordings.ts, viewers/sharing-patch.ts).
 */
import { Hono } from 'hono';
import type { SharingSettings } from '../../../api';
import { recordingId } from '../http/auth';
import { notFound } from '../http/errors';
import { requireOwnerOrAdmin, type OwnerOrAdminOptions } from '../library/access';
import { sharingSettings, type LinkSettings } from '../viewers/link-settings';

export interface SharingRoutesDeps extends OwnerOrAdminOptions {
  settings: LinkSettings;
}

export function sharingRoutes(deps: SharingRoutesDeps): Hono {
  const app = new Hono();
  app.get('/:id/sharing', requireOwnerOrAdmin(deps), async (c) => {
    const facts = await deps.settings.facts(recordingId(c));
    if (!facts) throw notFound();
    const res: SharingSettings = sharingSettings(facts);
    c.header('Cache-Control', 'no-store');
    return c.json(res);
  });
  return app;
}
