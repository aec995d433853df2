/**
 * The spool's connection after the browser closes it under the spool (Chromium does this when a
 * write fails on a full disk). The forced close is imitated on fake-indexeddb by closing the
 * spool's own handle and calling its `terminated` callback, which is what idb does on Chromium.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openIdbSpool, openSpoolDb, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';
import { ReopeningConnection, isConnectionClosing } from '../../src/offscreen/spool/reopening-connection';

let counter = 0;
const opened: IdbChunkSpool[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const init = { localId: 'a', serverUrl: 'http://localhost:8787', mimeType: 'video/webm', title: 'T' };

/** A spool whose connections the test can reach, to close them the way Chromium would. */
async function spoolWithHandles() {
  const name = `reelay-reopen-${process.pid}-${++counter}`;
  const handles: { db: { close(): void }; terminate: () => void }[] = [];
  const connection = new ReopeningConnection(async (terminated) => {
    const db = await openSpoolDb(name, terminated);
    handles.push({ db, terminate: terminated });
    return db;
  });
  const spool = await openIdbSpool({ connection, partSize: 10 });
  opened.push(spool);
  return { spool, handles };
}

describe('ReopeningConnection (fake-indexeddb)', () => {
  it('a closed connection is reopened and the write lands once', async () => {
    const { spool, handles } = await spoolWithHandles();
    await spool.createRecording(init);
    await spool.appendChunk('a', new Uint8Array([1, 2, 3]));
    handles[0]!.db.close(); // transaction() on it now throws InvalidStateError
    const { chunk, record } = await spool.appendChunk('a', new Uint8Array([4, 5]));
    expect(handles).toHaveLength(2);
    expect(chunk).toEqual({ seq: 1, offset: 3, size: 2 });
    expect(record.bytesSpooled).toBe(5);
    expect([...new Uint8Array(await (await spool.readRange('a', 0, 5)).arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
  });

  it('after `terminated`, the next use opens a new connection without trying the old one', async () => {
    const { spool, handles } = await spoolWithHandles();
    await spool.createRecording(init);
    handles[0]!.terminate(); // the old handle still works here, so only the callback can explain a new one
    await spool.updateRecording('a', { title: 'Renamed' });
    expect(handles).toHaveLength(2);
    expect((await spool.getRecording('a'))?.title).toBe('Renamed');
    handles[0]!.db.close();
  });

  it('other failures are the caller’s: no retry, no new connection', async () => {
    const { spool, handles } = await spoolWithHandles();
    await expect(spool.appendChunk('missing', new Uint8Array([1]))).rejects.toThrow('no local recording missing');
    expect(handles).toHaveLength(1);
  });

  it('concurrent uses that fail on the same dead handle share one new connection', async () => {
    const { spool, handles } = await spoolWithHandles();
    await spool.createRecording(init);
    handles[0]!.db.close();
    await Promise.all([spool.getRecording('a'), spool.listRecordings(), spool.listChunks('a')]);
    expect(handles).toHaveLength(2);
  });

  it('a closed spool stays closed', async () => {
    const { spool } = await spoolWithHandles();
    spool.close();
    await expect(spool.listRecordings()).rejects.toSatisfy(isConnectionClosing);
  });

  it('isConnectionClosing recognises what transaction() throws on a closed connection', async () => {
    const db = await openDB(`reelay-closing-${process.pid}`, 1, { upgrade: (d) => void d.createObjectStore('s') });
    db.close();
    let thrown: unknown;
    try {
      db.transaction('s');
    } catch (error) {
      thrown = error;
    }
    expect(isConnectionClosing(thrown)).toBe(true);
    expect(isConnectionClosing(new Error('other'))).toBe(false);
  });
});
