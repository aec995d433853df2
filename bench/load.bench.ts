/**
 * Concurrent uploads through one backend process: 100 recordings (5 MiB + 256 KiB each,
 * real presigned PUTs to the embedded store) at once; reports presign latency under that
 * load (p50/p99), upload throughput and the wall time. Every video is read back and
 * compared (a mismatch fails the bench). LOAD_RECORDINGS overrides the count.
 */
import { startBackendProcess } from './lib/backend-process';
import { percentile, runConcurrentUploads } from './lib/concurrent-uploads';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'load';

const RECORDINGS = Number(process.env.LOAD_RECORDINGS ?? 100);
const LAST_PART_BYTES = 256 * 1024;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  // Each run moves ~0.5 GB through the store: at most 3 runs.
  const runs = Math.min(ctx.runs, 3);
  const p50: number[] = [];
  const p99: number[] = [];
  const mbps: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const backend = await startBackendProcess();
    try {
      const r = await runConcurrentUploads({ url: backend.url, apiToken: backend.apiToken, recordings: RECORDINGS, lastPartBytes: LAST_PART_BYTES });
      const trouble = backend.logs.filter((l) => /store process exited|restart|storage error|unexpected error/i.test(l));
      if (r.failures.length > 0 || trouble.length > 0) {
        throw new Error(`load run ${i + 1}: ${r.failures.length} failures, e.g. ${r.failures[0]}; backend log: ${trouble.slice(0, 3).join(' | ') || '-'}`);
      }
      p50.push(percentile(r.presignMs, 50));
      p99.push(percentile(r.presignMs, 99));
      mbps.push(r.bytes / 1e6 / (r.uploadMs / 1000));
      wall.push(r.uploadMs / 1000);
      ctx.log(`load run ${i + 1}/${runs}: ${RECORDINGS} recordings in ${(r.uploadMs / 1000).toFixed(1)} s, presign p50 ${p50.at(-1)!.toFixed(1)} ms, p99 ${p99.at(-1)!.toFixed(1)} ms`);
    } finally {
      await backend.stop();
    }
  }
  const spread = (xs: number[], d = 1) => `min–max ${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
  const setup = `${runs} runs, ${RECORDINGS} recordings at once, 2 parts each (5 MiB + 256 KiB), one backend process`;
  return [
    { benchmark: name, metric: 'presign latency under load p50', value: Number(median(p50).toFixed(1)), unit: 'ms', note: `${setup}; ${spread(p50)}` },
    { benchmark: name, metric: 'presign latency under load p99', value: Number(median(p99).toFixed(1)), unit: 'ms', note: spread(p99) },
    { benchmark: name, metric: 'upload throughput (create → complete)', value: Number(median(mbps).toFixed(0)), unit: 'MB/s', note: spread(mbps, 0) },
    { benchmark: name, metric: 'wall time for all recordings', value: Number(median(wall).toFixed(1)), unit: 's', note: spread(wall) },
  ];
}
