/**
 * Who may watch a recording, and so read and write its comments and count as a view: today
 * anyone with the link to a recording the library knows. The link's privacy settings (issue 14:
 * team only, password, expiry) are to be enforced here, the one place the viewers' routes ask.
 */
import type { Context } from 'hono';
import { recordingId } from '../http/auth';
import { notFound } from '../http/errors';
import type { Catalog } from '../library/catalog';

export interface Watchable {
  id: string;
  ownerId: string;
  durationMs: number | null;
}

export async function watchable(c: Context, catalog: Catalog): Promise<Watchable> {
  const id = recordingId(c);
  const facts = await catalog.facts(id);
  if (!facts) throw notFound();
  return { id, ownerId: facts.ownerId, durationMs: facts.durationMs };
}
