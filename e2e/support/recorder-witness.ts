/**
 * A test-owned witness of the recorder, installed in the offscreen document before a recording
 * starts: what every MediaRecorder produced (its chunks, per recorder) and when the store accepted
 * each part (the PUT's answer, per upload). The product keeps neither a hash of its stream nor an
 * upload timeline; the e2e tests check the stored object and the upload's timing against this.
 *
 * In memory by default. `persist` also writes both into a test database of the extension's origin
 * ("reelay-e2e-witness"), so that the witness outlives a browser crash (recovery tests); it is
 * off elsewhere because it doubles the disk writes (the full-disk test fills a small tmpfs).
 */
import type { Page } from '@playwright/test';

export const WITNESS_DB = 'reelay-e2e-witness';

export interface WitnessedRecorder {
  id: string;
  /** The recorder's chunks, base64, in order. */
  chunks: string[];
}

export interface WitnessedPut {
  uploadId: string;
  partNumber: number;
  /** Epoch ms when the store answered the PUT with 2xx. */
  at: number;
}

export interface RecorderWitness {
  recorders: WitnessedRecorder[];
  puts: WitnessedPut[];
}

/** Creates the offscreen document (through the service worker) and hooks MediaRecorder and fetch in it. */
export async function installRecorderWitness(extensionPage: Page, { persist = false } = {}): Promise<void> {
  const extensionId = new URL(extensionPage.url()).host; // (a chrome-extension: URL has no origin in Node)
  const worker = extensionPage
    .context()
    .serviceWorkers()
    .find((w) => new URL(w.url()).host === extensionId);
  if (!worker) throw new Error('the extension service worker is not running');
  await worker.evaluate(() => (globalThis as unknown as { reelayEnsureOffscreen: () => Promise<void> }).reelayEnsureOffscreen());
  const hooked = await extensionPage.evaluate(
    ({ dbName, persist }) => {
      type Hooks = { persist: boolean; recorders: { id: string; chunks: Blob[] }[]; puts: { uploadId: string; partNumber: number; at: number }[] };
      type View = Window & typeof globalThis & { __reelayWitness?: Hooks };
      const view = chrome.extension.getViews().find((v) => v.location.pathname.endsWith('/offscreen.html')) as View | undefined;
      if (!view) return false;
      if (view.__reelayWitness) {
        view.__reelayWitness.persist ||= persist;
        return true;
      }
      const hooks: Hooks = { persist, recorders: [], puts: [] };
      view.__reelayWitness = hooks;
      let db: Promise<IDBDatabase> | undefined;
      const save = (store: 'raw' | 'puts', value: unknown) => {
        if (!hooks.persist) return;
        db ??= new Promise((resolve, reject) => {
          const open = view.indexedDB.open(dbName, 1);
          open.onupgradeneeded = () => {
            open.result.createObjectStore('raw', { keyPath: ['recorder', 'seq'] });
            open.result.createObjectStore('puts', { autoIncrement: true });
          };
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        void db.then((d) => d.transaction(store, 'readwrite').objectStore(store).put(value));
      };
      const proto = view.MediaRecorder.prototype;
      const start = proto.start;
      proto.start = function (this: MediaRecorder, ...args: Parameters<MediaRecorder['start']>) {
        const own = { id: `${Date.now()}-${Math.random().toString(36).slice(2)}`, chunks: [] as Blob[] };
        hooks.recorders.push(own);
        this.addEventListener('dataavailable', (e) => {
          if (e.data.size === 0) return;
          save('raw', { recorder: own.id, seq: own.chunks.length, data: e.data });
          own.chunks.push(e.data);
        });
        return start.apply(this, args);
      };
      const fetch = view.fetch;
      view.fetch = async function (input: RequestInfo | URL, init?: RequestInit) {
        const response = await fetch.call(view, input, init);
        const url = new URL(input instanceof Request ? input.url : String(input));
        const partNumber = Number(url.searchParams.get('partNumber'));
        const uploadId = url.searchParams.get('uploadId');
        // Part 1 sent early as the head object (recordings/<id>/head) counts as part 1 of `head:<id>`.
        const head = /\/recordings\/([^/]+)\/head$/.exec(url.pathname);
        if (init?.method === 'PUT' && response.ok && ((uploadId && partNumber > 0) || head)) {
          const put = uploadId && partNumber > 0 ? { uploadId, partNumber, at: Date.now() } : { uploadId: `head:${head![1]}`, partNumber: 1, at: Date.now() };
          hooks.puts.push(put);
          save('puts', put);
        }
        return response;
      };
      return true;
    },
    { dbName: WITNESS_DB, persist },
  );
  if (!hooked) throw new Error('the offscreen document is not reachable from this page');
}

/** Everything witnessed so far: the live document's hooks, merged with what was persisted. */
export function readRecorderWitness(extensionPage: Page): Promise<RecorderWitness> {
  return extensionPage.evaluate(async (dbName) => {
    type Hooks = { recorders: { id: string; chunks: Blob[] }[]; puts: { uploadId: string; partNumber: number; at: number }[] };
    const toBase64 = async (blob: Blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const recorders = new Map<string, Blob[]>();
    const puts: { uploadId: string; partNumber: number; at: number }[] = [];
    if ((await indexedDB.databases()).some((d) => d.name === dbName)) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = <T>(store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result as T[]);
          req.onerror = () => reject(req.error);
        });
      for (const r of await all<{ recorder: string; seq: number; data: Blob }>('raw')) {
        const list = recorders.get(r.recorder) ?? [];
        list[r.seq] = r.data;
        recorders.set(r.recorder, list);
      }
      puts.push(...(await all<{ uploadId: string; partNumber: number; at: number }>('puts')));
      db.close();
    }
    const view = chrome.extension.getViews().find((v) => v.location.pathname.endsWith('/offscreen.html')) as
      | (Window & { __reelayWitness?: Hooks })
      | undefined;
    const live = view?.__reelayWitness;
    for (const r of live?.recorders ?? []) {
      if ((recorders.get(r.id)?.length ?? 0) <= r.chunks.length) recorders.set(r.id, r.chunks);
    }
    const seen = new Set(puts.map((p) => `${p.uploadId}/${p.partNumber}/${p.at}`));
    for (const p of live?.puts ?? []) if (!seen.has(`${p.uploadId}/${p.partNumber}/${p.at}`)) puts.push(p);
    const out = [];
    for (const [id, chunks] of recorders) {
      const prefix: Blob[] = []; // up to a chunk the witness lost (then the comparison fails)
      for (const c of chunks) {
        if (!c) break;
        prefix.push(c);
      }
      out.push({ id, chunks: await Promise.all(prefix.map(toBase64)) });
    }
    return { recorders: out, puts: puts.sort((a, b) => a.at - b.at) };
  }, WITNESS_DB);
}
