/**
 * Renaming from the popup, done by the recorder on an update-recording message: the real spool code
 * on fake-indexeddb (Node has no IndexedDB), a real backend with its embedded store; the server is
 * the judge of what the title became.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReelay, type ReelayServer } from '../../../backend/src/server';
import { openIdbSpool, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';
import { RecorderController } from '../../src/offscreen/recorder-controller';
import { StatusPublisher } from '../../src/offscreen/status-publisher';
import { cleanTitle, UpdateError, updateRecording, type UpdateDeps } from '../../src/offscreen/update-recording';
import type { MessageSender } from '../../src/shared/messages';
import { storePut } from '../../src/offscreen/store-put';
import { ApiClient } from '../../src/shared/api-client';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let server: ReelayServer;
let dataDir: string;
let spool: IdbChunkSpool;
let counter = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'reelay-rename-'));
  server = await startReelay({ DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0' }, { log: () => {} });
  spool = await openIdbSpool({ name: `reelay-rename-${process.pid}` });
}, 60_000);

afterAll(async () => {
  spool?.close();
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const client = () => new ApiClient({ serverUrl: server.localUrl });

/** A title-only patch; resolves with the title the server stored. */
async function renameRecording(localId: string, title: string, deps: UpdateDeps): Promise<string> {
  return (await updateRecording(localId, { title }, deps)).title;
}

/** A server recording plus its local record (status as given). */
async function recording(opts: { finished: boolean; token?: string; linked?: boolean }) {
  const created = await client().createRecording(server.apiToken, { title: 'Recording 1', mimeType: 'video/webm' });
  if (opts.finished) {
    const { urls } = await client().presignParts(created.id, created.uploadToken, { partNumbers: [1] });
    const etag = (await storePut(urls['1']!, new Uint8Array(1000)))!;
    await client().completeRecording(created.id, created.uploadToken, { parts: [{ partNumber: 1, etag }], durationMs: 1000 });
  }
  const localId = `local-${++counter}`;
  await spool.createRecording({
    localId,
    serverUrl: server.localUrl,
    mimeType: 'video/webm',
    title: 'Recording 1',
    status: opts.finished ? 'done' : 'uploading',
    ...(opts.linked === false ? {} : { serverId: created.id, uploadToken: opts.token ?? created.uploadToken }),
  });
  return { localId, created };
}

describe('renaming a recording from the popup', () => {
  it('leaves a finished recording to the person (its upload token no longer renames it), and changes nothing', async () => {
    const { localId, created } = await recording({ finished: true });
    const err = await renameRecording(localId, '  Sprint demo  ', { spool }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpdateError);
    expect((err as Error).message).toMatch(/sign in to rename/);
    expect((await client().getRecording(created.id)).title).toBe('Recording 1');
    expect((await spool.getRecording(localId))?.title).toBe('Recording 1');
  });

  it('renames a recording still uploading; completing it keeps the new title', async () => {
    const { localId, created } = await recording({ finished: false });
    expect(await renameRecording(localId, 'Bug report', { spool })).toBe('Bug report');
    const { urls } = await client().presignParts(created.id, created.uploadToken, { partNumbers: [1] });
    const etag = (await storePut(urls['1']!, new Uint8Array(500)))!;
    await client().completeRecording(created.id, created.uploadToken, { parts: [{ partNumber: 1, etag }], durationMs: 500 });
    expect((await client().getRecording(created.id)).title).toBe('Bug report');
  });

  it('says so when the record has no server recording yet, and changes nothing', async () => {
    const { localId } = await recording({ finished: false, linked: false });
    const err = await renameRecording(localId, 'New', { spool }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpdateError);
    expect((err as Error).message).toMatch(/not on the server yet/);
    expect((await spool.getRecording(localId))?.title).toBe('Recording 1');
  });

  it('keeps the local title when the server refuses the token', async () => {
    const { localId, created } = await recording({ finished: false, token: 'not-the-token' });
    const err = await renameRecording(localId, 'New', { spool }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpdateError);
    expect((err as Error).message).toMatch(/key/);
    expect((await spool.getRecording(localId))?.title).toBe('Recording 1');
    expect(await server.recordings.state(created.id, { fresh: true })).toMatchObject({ state: 'pending', upload: { title: 'Recording 1' } });
  });

  it('reports an unreachable server without touching the local record', async () => {
    const { localId } = await recording({ finished: false });
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed (injected: connection refused)');
    };
    const err = await renameRecording(localId, 'New', { spool, fetch: refused }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Could not reach the server/);
    expect((await spool.getRecording(localId))?.title).toBe('Recording 1');
  });

  it('refuses empty and over-long titles before asking anyone', () => {
    expect(() => cleanTitle('   ')).toThrow(UpdateError);
    expect(() => cleanTitle('x'.repeat(201))).toThrow(/at most 200/);
    expect(cleanTitle(' ok ')).toBe('ok');
  });

  it('answers the popup\'s update-recording message: the new title, or why not in words', async () => {
    const publisher = new StatusPublisher({ status: () => {}, badge: () => {} });
    const controller = new RecorderController({ spool: Promise.resolve(spool), publisher, notify: () => {} });
    const sender = {} as MessageSender;
    try {
      const { localId, created } = await recording({ finished: false });
      const reply = await controller.handlers['update-recording']({ localId, patch: { title: ' Via message ' } }, sender);
      expect(reply).toMatchObject({ ok: true, recording: { id: created.id, title: 'Via message' } });
      expect((await spool.getRecording(localId))?.title).toBe('Via message');
      const unlinked = await recording({ finished: false, linked: false });
      const refused = await controller.handlers['update-recording']({ localId: unlinked.localId, patch: { title: 'New' } }, sender);
      expect(refused).toEqual({ ok: false, message: expect.stringMatching(/not on the server yet/) });
    } finally {
      publisher.dispose();
      controller.dispose();
    }
  });
});
