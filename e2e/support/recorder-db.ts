/**
 * Reads the offscreen recorder's IndexedDB ("reelay": stores `recordings` and `chunks`, see
 * extension/src/offscreen/spool/idb-spool.ts) from any extension page of the same origin.
 * Never creates the database: opening a missing "reelay" here would create an empty version 1
 * without object stores, and the recorder's own open (same version) would then skip its upgrade.
 */
import type { Page } from '@playwright/test';
import type { RecordingRecord } from '../../extension/src/core/chunk-spool';
import { pollFor, type PollOptions } from './poll';

export const RECORDER_DB = 'reelay';

/** A recording record without its bulky internal state (the transform index). */
export type LocalRecording = Omit<RecordingRecord, 'transform'> & { transformName?: string };

export interface LocalChunk {
  localId: string;
  seq: number;
  offset: number;
  size: number;
}

/**
 * Every value of one object store, made small in the page: recordings lose their internal state,
 * chunks their bytes (only their metadata is read). [] if the store does not exist (yet).
 */
function readStore(extensionPage: Page, store: 'recordings'): Promise<LocalRecording[]>;
function readStore(extensionPage: Page, store: 'chunks'): Promise<LocalChunk[]>;
function readStore(extensionPage: Page, store: 'recordings' | 'chunks'): Promise<unknown[]> {
  return extensionPage.evaluate(
    async ({ name, store }) => {
      if (!(await indexedDB.databases()).some((d) => d.name === name)) return [];
      return new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            resolve([]);
            return;
          }
          const values: unknown[] = [];
          const cursor = db.transaction(store).objectStore(store).openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) {
              db.close();
              resolve(values);
              return;
            }
            if (store === 'chunks') {
              const { localId, seq, offset, size } = c.value as Record<string, unknown>;
              values.push({ localId, seq, offset, size });
            } else {
              const { transform, ...rest } = c.value as Record<string, unknown>;
              values.push({ ...rest, transformName: (transform as { name?: string } | undefined)?.name });
            }
            c.continue();
          };
        };
      });
    },
    { name: RECORDER_DB, store },
  );
}

/** Every recording record, newest first; [] if the recorder never opened its database. */
export async function readLocalRecordings(extensionPage: Page): Promise<LocalRecording[]> {
  return (await readStore(extensionPage, 'recordings')).sort((a, b) => b.createdAt - a.createdAt);
}

/** Chunk metadata still held locally (all recordings, or one). */
export async function readLocalChunks(extensionPage: Page, localId?: string): Promise<LocalChunk[]> {
  return (await readStore(extensionPage, 'chunks')).filter((c) => localId === undefined || c.localId === localId);
}

/** The one record whose server id is `serverId` (fails the test if there is none). */
export async function localRecordingByServerId(extensionPage: Page, serverId: string): Promise<LocalRecording> {
  const record = (await readLocalRecordings(extensionPage)).find((r) => r.serverId === serverId);
  if (!record) throw new Error(`no local recording with server id ${serverId}`);
  return record;
}

/** Polls the records until `predicate` holds for one of them; returns it. */
export function waitForLocalRecording(
  extensionPage: Page,
  predicate: (record: LocalRecording) => boolean,
  { message = 'local recording', ...rest }: PollOptions = {},
): Promise<LocalRecording> {
  return pollFor(async () => (await readLocalRecordings(extensionPage)).find(predicate), { message, ...rest });
}

/** Bytes of the parts the store acknowledged, as the recorder persisted them. */
export function acknowledgedBytes(record: Pick<RecordingRecord, 'acknowledgedParts'>): number {
  return record.acknowledgedParts.reduce((sum, p) => sum + p.size, 0);
}
