/**
 * Load: many recordings upload at once through ONE backend process (its own process,
 * embedded store, real presigned PUTs from Node). Every one must complete and read back
 * byte-identical (SHA-256). Prints presign latency under that load; bench/load.bench.ts
 * reports the same figures in the bench table.
 *
 * The default run uses 12 recordings (~65 MiB); `npm run test:load` (LOAD_RECORDINGS=100)
 * runs the full 100 (~525 MiB, about half a minute on 2 busy cores).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackendProcess, type BackendProcess } from '../../bench/lib/backend-process';
import { percentile, runConcurrentUploads } from '../../bench/lib/concurrent-uploads';

const RECORDINGS = Number(process.env.LOAD_RECORDINGS ?? 12);
const LAST_PART_BYTES = 256 * 1024;

let backend: BackendProcess;
beforeAll(async () => {
  backend = await startBackendProcess();
}, 60_000);
afterAll(async () => {
  await backend?.stop();
});

describe('load', () => {
  it(`${RECORDINGS} recordings (5 MiB + 256 KiB each) upload concurrently through one backend, all byte-identical`, async () => {
    const result = await runConcurrentUploads({ url: backend.url, apiToken: backend.apiToken, recordings: RECORDINGS, lastPartBytes: LAST_PART_BYTES });
    const ms = (p: number) => percentile(result.presignMs, p).toFixed(1);
    console.log(
      `load: ${result.recordings} concurrent recordings, ${(result.bytes / 2 ** 20).toFixed(0)} MiB uploaded in ${(result.uploadMs / 1000).toFixed(1)} s; ` +
        `presign latency over ${result.presignMs.length} requests: p50 ${ms(50)} ms, p99 ${ms(99)} ms, max ${ms(100)} ms`,
    );
    const trouble = backend.logs.filter((l) => /store process exited|restart|storage error|unexpected error/i.test(l));
    if (trouble.length) console.log(`backend log:\n${trouble.join('\n')}`);
    expect(result.failures).toEqual([]);
    expect(trouble).toEqual([]);
    expect(result.presignMs).toHaveLength(RECORDINGS * 2);
    // The backend process is still healthy afterwards.
    expect((await fetch(`${backend.url}/healthz`)).status).toBe(200);
  }, 300_000);
});
