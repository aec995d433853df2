/**
 * Reads the offscreen recorder's IndexedDB ("reelay": stores `recordings` and `chunks`, see
 * extension/src/offscreen/spool/idb-spool.ts) from any extension page of the same origin.
 * Never creates the database: opening a missing "reelay" here would create an empty version 1
 * without object stores, and the recorder's own open (same version) would then skip its upgrade.
 */
import { expect, type Page } from '@playwright/test';
import type { RecordingRecord } from '../../extension/src/core/chunk-spool';

export const RECORDER_DB = 'reelay';

/** A recording record without its bulky internal state (hash state, transform index). */
export type LocalRecording = Omit<RecordingRecord, 'streamHashState' | 'transform'> & { transformName?: string };

export interface LocalChunk {
  localId: string;
  seq: number;
  offset: number;
  size: number;
}

/** Every recording record, newest first; [] if the recorder never opened its database. */
export async function readLocalRecordings(extensionPage: Page): Promise<LocalRecording[]> {
  const records = await extensionPage.evaluate(async (name) => {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === name)) return [];
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('recordings')) {
          db.close();
          resolve([]);
          return;
        }
        const get = db.transaction('recordings').objectStore('recordings').getAll();
        get.onerror = () => reject(get.error);
        get.onsuccess = () => {
          db.close();
          resolve(
            (get.result as Record<string, unknown>[]).map(({ streamHashState: _h, transform, ...rest }) => ({
              ...rest,
              transformName: (transform as { name?: string } | undefined)?.name,
            })),
          );
        };
      };
    });
  }, RECORDER_DB);
  return (records as unknown as LocalRecording[]).sort((a, b) => b.createdAt - a.createdAt);
}

/** Chunk metadata still held locally (all recordings, or one). */
export async function readLocalChunks(extensionPage: Page, localId?: string): Promise<LocalChunk[]> {
  return extensionPage.evaluate(
    async ({ name, localId }) => {
      const known = await indexedDB.databases();
      if (!known.some((d) => d.name === name)) return [];
      return new Promise<LocalChunk[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('chunks')) {
            db.close();
            resolve([]);
            return;
          }
          const chunks: LocalChunk[] = [];
          const cursor = db.transaction('chunks').objectStore('chunks').openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) {
              db.close();
              resolve(chunks);
              return;
            }
            const v = c.value as LocalChunk;
            if (localId === undefined || v.localId === localId) chunks.push({ localId: v.localId, seq: v.seq, offset: v.offset, size: v.size });
            c.continue();
          };
        };
      });
    },
    { name: RECORDER_DB, localId },
  );
}

/** The one record whose server id is `serverId` (fails the test if there is none). */
export async function localRecordingByServerId(extensionPage: Page, serverId: string): Promise<LocalRecording> {
  const record = (await readLocalRecordings(extensionPage)).find((r) => r.serverId === serverId);
  if (!record) throw new Error(`no local recording with server id ${serverId}`);
  return record;
}

/** Polls the records until `predicate` holds for one of them; returns it. */
export async function waitForLocalRecording(
  extensionPage: Page,
  predicate: (record: LocalRecording) => boolean,
  { timeout = 60_000, message = 'local recording' }: { timeout?: number; message?: string } = {},
): Promise<LocalRecording> {
  let found: LocalRecording | undefined;
  await expect
    .poll(
      async () => {
        found = (await readLocalRecordings(extensionPage)).find(predicate);
        return found !== undefined;
      },
      { timeout, intervals: [250, 500, 1000], message },
    )
    .toBe(true);
  return found!;
}

/** Bytes of the parts the store acknowledged, as the recorder persisted them. */
export function acknowledgedBytes(record: Pick<RecordingRecord, 'acknowledgedParts'>): number {
  return record.acknowledgedParts.reduce((sum, p) => sum + p.size, 0);
}
