/**
 * Hostile input, property-based (fast-check), over real HTTP: thousands of malformed
 * requests against every route of a real server (startReelay on port 0, embedded store),
 * while a real recording uploads concurrently through presigned PUTs. Asserts: no 5xx
 * (the store is up, so even a 502 storage_error is a finding), every API error is a JSON
 * { error: { code } }, the server and its store process keep running, and the concurrent
 * recording (and a finished one nobody may touch) come back byte-identical.
 *
 * FUZZ_REQUESTS (default 3000) sets the number of requests; FUZZ_SEED replays a run.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, type CreateRecordingResponse } from '../../api';
import { hostileRequest, resolveSlots, type FuzzWorld, type HostileRequest } from './fuzz/hostile-requests';
import { rawRequest, type RawResult } from './fuzz/raw-http';
import { api, complete, createRecording, makeVideo, presign, putPart, startTestServer, uploadParts, type TestServer } from './helpers';

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const BATCH = 12;
const STANDARD_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

let t: TestServer;
let agent: http.Agent;
beforeAll(async () => {
  t = await startTestServer();
  agent = new http.Agent({ keepAlive: true, maxSockets: BATCH });
});
afterAll(async () => {
  agent?.destroy();
  await t?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function downloadVideo(id: string): Promise<Uint8Array> {
  const redirect = await fetch(`${t.reelay.localUrl}/v/${id}/video`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const res = await fetch(redirect.headers.get('location')!);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** Problems with one response; empty when it is acceptable. */
function judge(req: HostileRequest, result: RawResult): string[] {
  const bodyBytes = req.body === undefined ? 0 : Buffer.byteLength(req.body);
  if (!result.ok) {
    // The server may close the connection on a body it refuses before reading it all.
    return bodyBytes > 1024 * 1024 ? [] : [`no response: ${result.error}`];
  }
  const { status, headers, body } = result.res;
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}: ${body.slice(0, 200)}`);
  const isApi = req.path.startsWith('/api/');
  const fromApp = STANDARD_METHODS.has(req.method) && status >= 400 && status !== 431;
  if (isApi && fromApp) {
    let code: unknown;
    try {
      code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string' || !/^application\/json/.test(String(headers['content-type']))) {
      problems.push(`HTTP ${status} without a JSON error body: ${body.slice(0, 200)}`);
    }
  }
  return problems;
}

describe('hostile input on every route', () => {
  it(`survives ${TOTAL} malformed requests while a real recording uploads; no 5xx, nothing lost`, async () => {
    const r = t.reelay;
    // The fuzzer's credential is a member's personal token: API_TOKEN is the admin's, who may delete
    // anyone's recording (accounts), the ones the fuzzer must not harm included.
    const member = await api(r, 'POST', '/api/users', { token: r.apiToken, body: { email: 'fuzz@example.com', role: 'member' } });
    const memberToken = (await r.accounts.tokens.create(member.json.id, 'fuzz')).token;

    // Recordings the fuzzer owns, by slot: fresh, with parts, finished (for replayed completes).
    const etags: string[] = [];
    const ownedRecording = async (slot: number) => {
      const rec = await createRecording(r, { title: `fuzz ${slot}`, mimeType: 'video/webm' });
      if (slot % 3 === 1) {
        const parts = await uploadParts(r, rec, new Map([[1, new Uint8Array(PART_SIZE).fill(slot)], [2, new Uint8Array(999).fill(9)]]));
        etags.push(...parts.map((p) => p.etag));
      } else if (slot % 3 === 2) {
        const parts = await uploadParts(r, rec, new Map([[1, new Uint8Array(500).fill(slot)]]));
        expect((await complete(r, rec, parts)).status).toBe(200);
        etags.push(...parts.map((p) => p.etag));
      }
      return rec;
    };
    const owned: CreateRecordingResponse[] = [];
    for (let slot = 0; slot < 6; slot++) owned.push(await ownedRecording(slot));
    let refilled = 0;

    // A finished recording the fuzzer may only attack without its token.
    const keeper = await createRecording(r, { title: 'Keeper', mimeType: 'video/webm' });
    const keeperVideo = makeVideo(PART_SIZE + 4321);
    const keeperParts = await uploadParts(r, keeper, keeperVideo.parts);
    expect((await complete(r, keeper, keeperParts, { durationMs: 5_000 })).status).toBe(200);
    etags.push(...keeperParts.map((p) => p.etag));

    // The live recording: 4 full parts + a short last one, uploaded while the fuzz runs.
    const live = await createRecording(r, { title: 'Live recording', mimeType: 'video/webm;codecs=vp9,opus' });
    const liveVideo = makeVideo(4 * PART_SIZE + 1_500_123);

    const world: FuzzWorld = {
      apiToken: memberToken,
      ownedSlots: owned.length,
      protectedIds: [live.id, keeper.id],
      etags,
    };
    const base = new URL(r.localUrl);
    let sent = 0;
    let fuzzDone = false;
    const statuses = new Map<number | string, number>();
    const failures: string[] = [];

    const uploader = (async () => {
      const parts = [...liveVideo.parts.entries()];
      const done: { partNumber: number; etag: string }[] = [];
      for (const [i, [partNumber, bytes]] of parts.entries()) {
        // Spread the parts over the fuzz run, like a recording in progress.
        while (!fuzzDone && sent < ((i + 1) * TOTAL) / (parts.length + 2)) await new Promise((res) => setTimeout(res, 20));
        const { urls } = await presign(r, live, [partNumber]);
        done.push({ partNumber, etag: await putPart(urls[String(partNumber)]!, bytes) });
        const listed = await api(r, 'GET', `/api/recordings/${live.id}/parts`, { token: live.uploadToken });
        expect(listed.json.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual(done.map((p) => p.partNumber));
      }
      const res = await complete(r, live, done, { durationMs: 61_000, width: 1280, height: 720 });
      expect(res.status).toBe(200);
      return sent;
    })();

    const fuzz = fc.assert(
      fc.asyncProperty(fc.array(hostileRequest(world), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const resolve = (text: string) => resolveSlots(text, owned);
        const concrete = batch.map((req) => ({
          ...req,
          path: resolve(req.path),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, resolve(v)])),
          label: resolve(req.label),
        }));
        const results = await Promise.all(concrete.map((req) => rawRequest(base, agent, req)));
        sent += batch.length;
        const deleted = new Set<number>();
        results.forEach((result, i) => {
          const key = result.ok ? result.res.status : 'no response';
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          for (const problem of judge(concrete[i]!, result)) failures.push(`${concrete[i]!.label} → ${problem}`);
          if (result.ok && result.res.status === 204 && concrete[i]!.method === 'DELETE' && batch[i]!.slot !== undefined) deleted.add(batch[i]!.slot!);
        });
        // Refill what the fuzzer deleted, so later requests still reach live recordings.
        for (const slot of deleted) {
          owned[slot] = await ownedRecording(slot);
          refilled++;
        }
      }),
      { numRuns: Math.ceil(TOTAL / BATCH), ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    const [completedAt] = await Promise.all([uploader, fuzz.finally(() => (fuzzDone = true))]);

    const histogram = [...statuses.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(
      `fuzz: ${sent} hostile requests tried on every route (${histogram}; ${refilled} deleted recordings replaced); a ${(liveVideo.bytes.byteLength / 2 ** 20).toFixed(1)} MiB recording uploaded in ${liveVideo.parts.size} parts meanwhile and completed after request ${completedAt}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);

    // Everything the fuzzer must not harm is intact.
    expect(sha256(await downloadVideo(live.id))).toBe(sha256(liveVideo.bytes));
    expect((await api(r, 'GET', `/api/recordings/${live.id}`)).json).toMatchObject({ title: 'Live recording', size: liveVideo.bytes.byteLength, durationMs: 61_000 });
    expect(sha256(await downloadVideo(keeper.id))).toBe(sha256(keeperVideo.bytes));
    expect((await api(r, 'GET', `/api/recordings/${keeper.id}`)).json).toMatchObject({ title: 'Keeper', size: keeperVideo.bytes.byteLength });

    // The server and its store process are still healthy, and nothing unexpected was logged.
    expect((await api(r, 'GET', '/healthz')).status).toBe(200);
    expect(t.logs.filter((l) => /unexpected error|storage error|store process exited|restart/i.test(l))).toEqual([]);
  }, Math.max(120_000, TOTAL * 60));
});
