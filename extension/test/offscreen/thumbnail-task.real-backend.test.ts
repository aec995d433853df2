/**
 * The poster image task against a real backend (embedded store, real presigned PUT). The frame
 * grabber is a STAND-IN (Node has no video track): it returns a real JPEG made by ffmpeg; the
 * grab from a live capture is covered in Chromium by e2e/share-link.spec.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReelay, type ReelayServer } from '../../../backend/src/server';
import { systemClock } from '../../src/offscreen/system-ports';
import { HttpError } from '../../src/core/upload-errors';
import { ApiClient } from '../../src/shared/api-client';
import { ThumbnailTask, type ThumbnailLink, type ThumbnailTaskOptions } from '../../src/offscreen/thumbnail-task';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let server: ReelayServer;
let dataDir: string;
let jpeg: Uint8Array;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'reelay-thumbnail-'));
  server = await startReelay({ DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0' }, { log: () => {} });
  const { stdout } = await promisify(execFile)(
    'ffmpeg',
    ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360', '-frames:v', '1', '-f', 'mjpeg', '-q:v', '5', '-'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
  );
  jpeg = new Uint8Array(stdout);
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const client = () => new ApiClient({ serverUrl: server.localUrl });

async function newRecording(): Promise<ThumbnailLink> {
  const created = await client().createRecording(server.apiToken, { title: 'thumbnail test', mimeType: 'video/webm' });
  return { serverId: created.id, uploadToken: created.uploadToken };
}

/** What GET /v/:id/thumbnail serves (following its redirect to the store), or null on 404. */
async function servedThumbnail(id: string): Promise<{ type: string | null; bytes: Uint8Array } | null> {
  const res = await fetch(`${server.localUrl}/v/${id}/thumbnail`);
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

function task(overrides: Partial<ThumbnailTaskOptions> & Pick<ThumbnailTaskOptions, 'link'>) {
  const logs: string[] = [];
  const grabs = { count: 0 };
  const t = new ThumbnailTask({
    client: client(),
    grab: async () => {
      grabs.count++;
      return new Blob([jpeg as BlobPart], { type: 'image/jpeg' });
    },
    clock: systemClock,
    delayMs: 10,
    log: (m) => logs.push(m),
    ...overrides,
  });
  return { t, logs, grabs };
}

async function until(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A fetch that fails the first `n` PUTs to the store like a dropped connection (injected fault). */
function failingPuts(n: number) {
  const state = { failed: 0, puts: 0 };
  const impl: typeof fetch = async (input, init) => {
    if (init?.method === 'PUT') {
      state.puts++;
      if (state.failed < n) {
        state.failed++;
        throw new TypeError('fetch failed (injected)');
      }
    }
    return fetch(input, init);
  };
  return { impl, state };
}

describe('thumbnail task (stand-in frame grabber, real backend and store)', () => {
  it('uploads the frame shortly after the start; the share route serves exactly those bytes as image/jpeg', async () => {
    const link = await newRecording();
    const { t, grabs, logs } = task({ link: () => link });
    t.start();
    await until(() => t.status === 'uploaded' || t.status === 'ready', 'an upload');
    await t.settled();
    expect(t.status).toBe('uploaded');
    expect(grabs.count).toBe(1);
    expect(logs).toEqual([]);
    const served = await servedThumbnail(link.serverId);
    expect(served?.type).toBe('image/jpeg');
    expect(Buffer.from(served!.bytes).equals(Buffer.from(jpeg))).toBe(true);
  });

  it('waits for the server recording: uploads when the link appears', async () => {
    const link = await newRecording();
    let known: ThumbnailLink | undefined;
    const { t } = task({ link: () => known });
    t.start();
    await until(() => t.status === 'ready', 'the frame');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.status).toBe('ready'); // nothing to upload to yet
    known = link;
    t.linkChanged();
    await until(() => t.status === 'uploaded', 'the upload');
    expect(await servedThumbnail(link.serverId)).not.toBeNull();
  });

  it('a failed upload while recording is retried once at Stop', async () => {
    const link = await newRecording();
    const puts = failingPuts(1);
    const { t, logs } = task({ link: () => link, fetch: puts.impl });
    t.start();
    await until(() => logs.length > 0, 'the first attempt to fail');
    await t.settled();
    expect(t.status).toBe('ready');
    expect(await servedThumbnail(link.serverId)).toBeNull();

    await t.beforeCaptureEnds();
    await t.settled();
    expect(t.status).toBe('uploaded');
    expect(puts.state.puts).toBe(2);
    expect(await servedThumbnail(link.serverId)).not.toBeNull();
  });

  it('gives up after the retry: two failed uploads, no third', async () => {
    const link = await newRecording();
    const puts = failingPuts(10);
    const { t, logs } = task({ link: () => link, fetch: puts.impl });
    t.start();
    await until(() => logs.length > 0, 'the first attempt to fail');
    await t.settled();
    await t.beforeCaptureEnds();
    await t.settled();
    t.linkChanged();
    await t.settled();
    expect(puts.state.puts).toBe(2);
    expect(t.status).toBe('ready');
    expect(logs).toHaveLength(2);
  });

  it('a grab that failed while recording is tried again at Stop, then uploaded', async () => {
    const link = await newRecording();
    let calls = 0;
    const { t, logs } = task({
      link: () => link,
      grab: async () => {
        calls++;
        if (calls === 1) throw new Error('no frame yet (injected)');
        return new Blob([jpeg as BlobPart], { type: 'image/jpeg' });
      },
    });
    t.start();
    await until(() => t.status === 'failed', 'the first grab to fail');
    expect(logs).toEqual(['could not grab a frame']);
    await t.beforeCaptureEnds();
    await t.settled();
    expect(calls).toBe(2);
    expect(t.status).toBe('uploaded');
    expect(await servedThumbnail(link.serverId)).not.toBeNull();
  });

  it('Stop before the first grab takes a frame right away', async () => {
    const link = await newRecording();
    const { t, grabs } = task({ link: () => link, delayMs: 60_000 });
    t.start();
    await t.beforeCaptureEnds();
    await t.settled();
    expect(grabs.count).toBe(1);
    expect(t.status).toBe('uploaded');
    t.stop(); // ends the pending delay
  });

  it('a cancelled recording grabs and uploads nothing', async () => {
    const link = await newRecording();
    const { t, grabs } = task({ link: () => link, delayMs: 50 });
    t.start();
    t.stop();
    await new Promise((r) => setTimeout(r, 150));
    expect(grabs.count).toBe(0);
    expect(t.status).toBe('stopped');
    expect(await servedThumbnail(link.serverId)).toBeNull();
  });
});

describe('ApiClient: thumbnail and title', () => {
  it('presigns a thumbnail PUT that only accepts the stated size and type', async () => {
    const link = await newRecording();
    const target = await client().presignThumbnail(link.serverId, link.uploadToken, { contentType: 'image/jpeg', size: jpeg.length });
    expect(target.headers).toMatchObject({ 'Content-Type': 'image/jpeg' });
    expect(Date.parse(target.expiresAt)).toBeGreaterThan(Date.now());
    // A different body size than signed is refused by the store.
    const wrong = await fetch(target.url, { method: 'PUT', body: new Uint8Array(jpeg.length + 1), headers: target.headers });
    expect(wrong.ok).toBe(false);
  });

  it('refuses a thumbnail or a rename with the wrong upload token', async () => {
    const link = await newRecording();
    const a = await client().presignThumbnail(link.serverId, 'nope', { contentType: 'image/jpeg' }).catch((e: unknown) => e);
    const b = await client().updateRecording(link.serverId, 'nope', { title: 'x' }).catch((e: unknown) => e);
    for (const err of [a, b]) {
      expect(err).toBeInstanceOf(HttpError);
      expect([401, 403]).toContain((err as HttpError).status);
    }
  });

  it('renames a recording that is still uploading', async () => {
    const link = await newRecording();
    const res = await client().updateRecording(link.serverId, link.uploadToken, { title: '  Quarterly demo ' });
    expect(res.status).toBe('uploading');
    expect(res.id).toBe(link.serverId);
    expect(res.title.trim()).toBe('Quarterly demo');
  });
});
