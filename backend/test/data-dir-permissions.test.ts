/**
 * DATA_DIR is private to the user running Reelay (issue 15, finding 4): after a real upload
 * (multipart video through presigned part URLs, a thumbnail, the embedded database in use),
 * every directory under DATA_DIR is 0700 and every file 0600 — the embedded store's objects,
 * parts and sidecars, the PGlite files, the generated secrets. Was 0755 / 0644.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startReelay, type ReelayServer } from '../src/server';
import { createFinishedRecording, createRecording, uploadThumbnail } from './helpers';
import { seedDataDir } from './pglite-template';

let reelay: ReelayServer | undefined;
let parent: string | undefined;
afterAll(async () => {
  await reelay?.close();
  if (parent) await rm(parent, { recursive: true, force: true });
});

/** Mode (permission bits) of every entry under `dir`, by path relative to it. */
async function modesUnder(dir: string): Promise<Map<string, { dir: boolean; mode: number }>> {
  const found = new Map<string, { dir: boolean; mode: number }>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    const s = await stat(full);
    found.set(full.slice(dir.length + 1), { dir: s.isDirectory(), mode: s.mode & 0o777 });
  }
  return found;
}

it('after a real upload, DATA_DIR and everything under it is 0700 (folders) / 0600 (files)', async () => {
  parent = await mkdtemp(join(tmpdir(), 'reelay-perms-'));
  const dataDir = join(parent, 'data');
  await seedDataDir(dataDir); // created with the default umask (0755), as an older version left it
  reelay = await startReelay(
    { DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0' },
    { log: () => undefined },
  );
  const finished = await createFinishedRecording(reelay, { title: 'Private', mimeType: 'video/webm' }, 6 * 1024 * 1024);
  expect(await uploadThumbnail(reelay, finished, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe(200);
  await createRecording(reelay); // one still uploading: its multipart folder too

  expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  const modes = await modesUnder(dataDir);
  const kinds = [...modes.keys()].map((p) => p.split('/')[0]);
  expect(kinds).toEqual(expect.arrayContaining(['db', 's3', 'api-token', 's3-credentials']));
  expect([...modes.keys()].some((p) => p.startsWith('s3/') && p.includes('thumbnail'))).toBe(true);
  const wrong = [...modes].filter(([, m]) => m.mode !== (m.dir ? 0o700 : 0o600)).map(([p, m]) => `${p} ${m.mode.toString(8)}`);
  expect(wrong).toEqual([]);
});
