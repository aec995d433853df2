/**
 * Load with viewers (issue 15): recordings upload at once through one backend process while
 * simulated viewers open share pages, fetch the video's first bytes, read and post comments and
 * reactions, and report views. Every recording must read back byte-identical, and no request may
 * get a 5xx. The default run is small (8 recordings, 40 viewers); `npm run test:load` runs the
 * issue's 40 recordings and 200 viewers (LOAD_RECORDINGS, LOAD_VIEWERS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackendProcess, type BackendProcess } from '../../bench/lib/backend-process';
import { runConcurrentUploads } from '../../bench/lib/concurrent-uploads';
import { runSimulatedViewers } from '../../bench/lib/simulated-viewers';

const RECORDINGS = Number(process.env.LOAD_RECORDINGS ?? 8);
const VIEWERS = Number(process.env.LOAD_VIEWERS ?? 40);

let backend: BackendProcess;
beforeAll(async () => {
  // Every simulated viewer comes from 127.0.0.1: the per-address limits are raised so the load
  // reaches the database rather than stopping at the first 429.
  backend = await startBackendProcess({ COMMENTS_PER_MINUTE: '100000', VIEW_REPORTS_PER_MINUTE: '100000' });
}, 60_000);
afterAll(async () => {
  await backend?.stop();
});

describe('load with viewers', () => {
  it(`${RECORDINGS} recordings upload while ${VIEWERS} viewers watch, comment and react: all byte-identical, 0 × 5xx`, async () => {
    // Recordings to watch, finished before the load starts.
    const watched = await runConcurrentUploads({ url: backend.url, apiToken: backend.apiToken, recordings: 3, lastPartBytes: 64 * 1024 });
    expect(watched.failures).toEqual([]);
    const list = (await (await fetch(`${backend.url}/api/recordings?scope=team`, { headers: { authorization: `Bearer ${backend.apiToken}` } })).json()) as { recordings: { id: string }[] };
    const ids = list.recordings.map((r) => r.id);
    expect(ids).toHaveLength(3);

    const [uploads, viewers] = await Promise.all([
      runConcurrentUploads({ url: backend.url, apiToken: backend.apiToken, recordings: RECORDINGS, lastPartBytes: 256 * 1024 }),
      runSimulatedViewers({ url: backend.url, recordingIds: ids, viewers: VIEWERS }),
    ]);
    console.log(`load with viewers: ${RECORDINGS} uploads in ${(uploads.uploadMs / 1000).toFixed(1)} s; ${viewers.requests} viewer requests, by status ${JSON.stringify(viewers.byStatus)}; ${viewers.commentsPosted} comments posted`);
    expect(uploads.failures).toEqual([]);
    expect(viewers.failures).toEqual([]);
    expect(Object.keys(viewers.byStatus).filter((s) => Number(s) >= 500)).toEqual([]);

    // Every accepted comment is there, once.
    let listed = 0;
    for (const id of ids) listed += ((await (await fetch(`${backend.url}/api/recordings/${id}/comments`)).json()) as { comments: unknown[] }).comments.length;
    expect(listed).toBe(viewers.commentsPosted);
    expect(viewers.commentsPosted).toBe(VIEWERS);
    expect((await fetch(`${backend.url}/healthz`)).status).toBe(200);
  }, 600_000);
});
