/**
 * ChunkSpool over IndexedDB (database "reelay", via idb).
 *   recordings: RecordingRecord, key localId
 *   chunks:     { localId, seq, offset, size, data: Blob }, key [localId, seq], index byOffset [localId, offset]
 * Chunks are stored as Blobs (Chrome keeps them as files and hands out cheap handles, so reading a
 * chunk's metadata does not load its bytes). Only IndexedDB requests are awaited inside a
 * transaction, otherwise it would auto-commit.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPIndex, type IDBPTransaction, type StoreNames } from 'idb';
import {
  isUnfinished,
  newRecordingRecord,
  withAcknowledgement,
  type AppendResult,
  type ChunkData,
  type ChunkSpool,
  type NewRecording,
  type RecordingPatch,
  type RecordingRecord,
  type SpooledChunk,
} from '../../core/chunk-spool';
import { PART_SIZE } from '../../../../api';
import { droppableChunks, sliceRange, type AcknowledgedPart, type ChunkInfo } from '../../core/part-cutter';
import { ReopeningConnection } from './reopening-connection';

export const SPOOL_DB_NAME = 'reelay';
const DB_VERSION = 1;

interface StoredChunk extends ChunkInfo {
  localId: string;
  data: Blob;
}

interface SpoolSchema extends DBSchema {
  recordings: { key: string; value: RecordingRecord };
  chunks: { key: [string, number]; value: StoredChunk; indexes: { byOffset: [string, number] } };
}

type SpoolStore = StoreNames<SpoolSchema>;
type OffsetIndex = IDBPIndex<SpoolSchema, ArrayLike<StoreNames<SpoolSchema>>, 'chunks', 'byOffset', IDBTransactionMode>;

export interface IdbSpoolOptions {
  /** Database name (tests use unique names). */
  name?: string;
  partSize?: number;
  now?: () => number;
}

export class RecordingNotFoundError extends Error {
  override readonly name = 'RecordingNotFoundError';
  constructor(readonly localId: string) {
    super(`no local recording ${localId}`);
  }
}

export type SpoolConnection = ReopeningConnection<IDBPDatabase<SpoolSchema>>;

/** Opens (and on first use creates) the spool's database. */
export function openSpoolDb(name: string, terminated: () => void): Promise<IDBPDatabase<SpoolSchema>> {
  return openDB<SpoolSchema>(name, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('recordings', { keyPath: 'localId' });
      const chunks = database.createObjectStore('chunks', { keyPath: ['localId', 'seq'] });
      chunks.createIndex('byOffset', ['localId', 'offset'], { unique: true });
    },
    terminated,
  });
}

/** A connection to the spool's database that reopens if the browser closes it (see ReopeningConnection). */
export function spoolConnection(name: string = SPOOL_DB_NAME): SpoolConnection {
  return new ReopeningConnection((terminated) => openSpoolDb(name, terminated));
}

export async function openIdbSpool(options: IdbSpoolOptions & { connection?: SpoolConnection } = {}): Promise<IdbChunkSpool> {
  const connection = options.connection ?? spoolConnection(options.name);
  await connection.ready();
  return new IdbChunkSpool(connection, options.partSize ?? PART_SIZE, options.now ?? Date.now);
}

function toBlob(data: ChunkData): Blob {
  if (data instanceof Blob) return data;
  return new Blob([data as BlobPart]);
}

function meta({ seq, offset, size }: ChunkInfo): ChunkInfo {
  return { seq, offset, size };
}

/**
 * Run `body` inside `tx` and wait for the commit. On failure the transaction is aborted and the
 * first error is thrown; tx.done's own rejection is always observed (no unhandled rejection).
 */
async function inTransaction<T>(tx: { done: Promise<void>; abort(): void }, body: () => Promise<T>): Promise<T> {
  const done = tx.done;
  done.catch(() => undefined);
  let result: T;
  try {
    result = await body();
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already aborted or finished
    }
    throw error;
  }
  await done;
  return result;
}

const allSeqs = (localId: string) => IDBKeyRange.bound([localId, 0], [localId, Number.MAX_SAFE_INTEGER]);

export class IdbChunkSpool implements ChunkSpool {
  constructor(
    private readonly connection: SpoolConnection,
    readonly partSize: number,
    private readonly now: () => number,
  ) {}

  async createRecording(init: NewRecording): Promise<RecordingRecord> {
    const record = newRecordingRecord(init, this.now());
    await this.connection.use((db) => db.add('recordings', record));
    return record;
  }

  getRecording(localId: string): Promise<RecordingRecord | undefined> {
    return this.connection.use((db) => db.get('recordings', localId));
  }

  async updateRecording(
    localId: string,
    patch: RecordingPatch | ((record: RecordingRecord) => RecordingPatch),
  ): Promise<RecordingRecord> {
    return this.transact(['recordings'], 'readwrite', async (tx) => {
      const current = await tx.objectStore('recordings').get(localId);
      if (!current) throw new RecordingNotFoundError(localId);
      const changes = typeof patch === 'function' ? patch(current) : patch;
      const record: RecordingRecord = { ...current, ...changes, localId, updatedAt: this.now() };
      await tx.objectStore('recordings').put(record);
      return record;
    });
  }

  async appendChunk(localId: string, data: ChunkData, patch: RecordingPatch = {}): Promise<AppendResult> {
    const blob = toBlob(data);
    return this.transact(['recordings', 'chunks'], 'readwrite', async (tx) => {
      const current = await tx.objectStore('recordings').get(localId);
      if (!current) throw new RecordingNotFoundError(localId);
      const chunk: ChunkInfo = { seq: current.chunkCount, offset: current.bytesSpooled, size: blob.size };
      const record: RecordingRecord = { ...current, ...patch, localId, updatedAt: this.now() };
      if (blob.size > 0) {
        await tx.objectStore('chunks').add({ localId, ...chunk, data: blob });
        record.chunkCount = current.chunkCount + 1;
        record.bytesSpooled = current.bytesSpooled + blob.size;
      }
      await tx.objectStore('recordings').put(record);
      return { chunk, record };
    });
  }

  async readRange(localId: string, start: number, end: number): Promise<Blob> {
    if (end <= start) return new Blob([]);
    const chunks = await this.chunksIn(localId, start, end);
    const byId = new Map(chunks.map((c) => [c.seq, c]));
    const parts = sliceRange(chunks, { start, end }).map((s) => byId.get(s.seq)!.data.slice(s.start, s.end));
    return new Blob(parts);
  }

  async readChunks(localId: string, start: number, end: number): Promise<SpooledChunk[]> {
    if (end <= start) return [];
    const chunks = await this.chunksIn(localId, start, end);
    return chunks.map(({ seq, offset, size, data }) => ({ seq, offset, size, data }));
  }

  async acknowledgePart(localId: string, ack: AcknowledgedPart): Promise<{ record: RecordingRecord; dropped: number[] }> {
    return this.transact(['recordings', 'chunks'], 'readwrite', async (tx) => {
      const current = await tx.objectStore('recordings').get(localId);
      if (!current) throw new RecordingNotFoundError(localId);
      const acknowledgedParts = withAcknowledgement(current.acknowledgedParts, ack);
      const record: RecordingRecord = { ...current, localId, acknowledgedParts, updatedAt: this.now() };
      await tx.objectStore('recordings').put(record);
      // Only chunks overlapping the new part can have become droppable (earlier acks already
      // dropped everything they made droppable).
      const start = (ack.partNumber - 1) * this.partSize;
      const index = tx.objectStore('chunks').index('byOffset');
      const candidates = await this.chunksOverlapping(index, localId, start, start + ack.size);
      const dropped = droppableChunks(candidates.map(meta), acknowledgedParts, this.partSize);
      for (const seq of dropped) await tx.objectStore('chunks').delete([localId, seq]);
      return { record, dropped };
    });
  }

  async listChunks(localId: string): Promise<ChunkInfo[]> {
    const chunks = await this.connection.use((db) => db.getAll('chunks', allSeqs(localId)));
    return chunks.map(meta).sort((a, b) => a.offset - b.offset);
  }

  async exportRecording(localId: string): Promise<Blob | undefined> {
    const record = await this.getRecording(localId);
    if (!record) return undefined;
    try {
      return await this.readRange(localId, 0, record.bytesSpooled);
    } catch {
      return undefined; // some chunks were already dropped
    }
  }

  async purgeChunks(localId: string): Promise<void> {
    await this.connection.use((db) => db.delete('chunks', allSeqs(localId)));
  }

  async deleteRecording(localId: string): Promise<void> {
    await this.transact(['recordings', 'chunks'], 'readwrite', async (tx) => {
      await tx.objectStore('chunks').delete(allSeqs(localId));
      await tx.objectStore('recordings').delete(localId);
    });
  }

  async listRecordings(): Promise<RecordingRecord[]> {
    const all = await this.connection.use((db) => db.getAll('recordings'));
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  async listUnfinished(): Promise<RecordingRecord[]> {
    return (await this.listRecordings()).filter(isUnfinished);
  }

  close(): void {
    this.connection.close();
  }

  private chunksIn(localId: string, start: number, end: number): Promise<StoredChunk[]> {
    return this.transact(['chunks'], 'readonly', (tx) => this.chunksOverlapping(tx.objectStore('chunks').index('byOffset'), localId, start, end));
  }

  /** One transaction over `stores`, run (once more on a new connection if the browser closed it) until it commits. */
  private transact<T, Mode extends IDBTransactionMode>(
    stores: SpoolStore[],
    mode: Mode,
    body: (tx: IDBPTransaction<SpoolSchema, SpoolStore[], Mode>) => Promise<T>,
  ): Promise<T> {
    return this.connection.use((db) => {
      const tx = db.transaction(stores, mode);
      return inTransaction(tx, () => body(tx));
    });
  }

  /** Chunks (with data handles) that overlap stream bytes [start, end), in stream order. */
  private async chunksOverlapping(index: OffsetIndex, localId: string, start: number, end: number): Promise<StoredChunk[]> {
    // The chunk containing `start` begins at the largest offset <= start.
    const first = await index.openKeyCursor(IDBKeyRange.bound([localId, -Infinity], [localId, start]), 'prev');
    const low = first ? first.key[1] : start;
    const chunks = await index.getAll(IDBKeyRange.bound([localId, low], [localId, end], false, true));
    return chunks.filter((c) => c.offset + c.size > start);
  }
}
