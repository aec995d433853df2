/**
 * First start with accounts on a bucket that already holds recordings (made before accounts, when
 * the bucket was the only record): each finished one gets its catalogue row, owned by the first
 * admin. Runs once per database (a `setting` row marks it done); a recording still uploading then
 * gets its row when it completes (hooks.ts, same owner).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { RECORDINGS_PREFIX } from '../recordings/keys';
import type { RecordingService } from '../recordings/service';
import type { Catalog } from './catalog';

const DONE = 'bucket_imported';

export async function importBucketOnce(opts: {
  db: Kysely<Database>;
  catalog: Catalog;
  recordings: RecordingService;
  ownerId: string;
  log: (line: string) => void;
}): Promise<number> {
  const done = await opts.db.selectFrom('setting').select('value').where('name', '=', DONE).executeTakeFirst();
  if (done) return 0;
  let imported = 0;
  for await (const { key } of opts.recordings.store.listObjects(RECORDINGS_PREFIX)) {
    const m = /^recordings\/([A-Za-z0-9_-]{22})\/meta\.json$/.exec(key);
    if (!m || (await opts.catalog.has(m[1]!))) continue;
    const state = await opts.recordings.state(m[1]!, { fresh: true });
    if (state.state !== 'finished') continue;
    await opts.catalog.completed(state.recording, opts.ownerId);
    imported++;
  }
  await opts.db
    .insertInto('setting')
    .values({ name: DONE, value: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  if (imported > 0) opts.log(`Library: imported ${imported} recording(s) found in the bucket, owned by the first admin`);
  return imported;
}
