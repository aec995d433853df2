/**
 * Presigning under load: one backend process (embedded store), 64 concurrent
 * connections hammering POST /api/recordings/:id/parts with 10 part numbers each.
 * Reports signed part URLs per second and request latency p50/p99 (median of runs).
 */
import autocannon from 'autocannon';
import { startBackendProcess } from './lib/backend-process';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'presign';

const CONNECTIONS = 64;
const PARTS_PER_REQUEST = 10;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const backend = await startBackendProcess();
  try {
    const created = await fetch(`${backend.url}/api/recordings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${backend.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'bench', mimeType: 'video/webm' }),
    });
    if (created.status !== 201) throw new Error(`create failed: HTTP ${created.status}`);
    const { id, uploadToken } = (await created.json()) as { id: string; uploadToken: string };

    const options: autocannon.Options = {
      url: `${backend.url}/api/recordings/${id}/parts`,
      method: 'POST',
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${uploadToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partNumbers: Array.from({ length: PARTS_PER_REQUEST }, (_, i) => i + 1) }),
    };
    await autocannon({ ...options, duration: 1 }); // warm-up (JIT, sockets, signing-key cache)

    const urlsPerSecond: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      const r = await autocannon({ ...options, duration: ctx.seconds });
      if (r.non2xx > 0 || r.errors > 0) {
        throw new Error(`presign run ${i + 1}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      }
      const rate = (r['2xx'] / r.duration) * PARTS_PER_REQUEST;
      urlsPerSecond.push(rate);
      p50.push(r.latency.p50);
      p99.push(r.latency.p99);
      ctx.log(`presign run ${i + 1}/${ctx.runs}: ${Math.round(rate)} URLs/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }
    const spread = (xs: number[], digits = 0) =>
      `min–max ${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
    const setup = `${ctx.runs} runs × ${ctx.seconds} s, ${CONNECTIONS} conns, ${PARTS_PER_REQUEST} parts/request`;
    return [
      { benchmark: name, metric: 'signed part URLs per second', value: Math.round(median(urlsPerSecond)), unit: 'URLs/s', note: `${setup}; ${spread(urlsPerSecond)}` },
      { benchmark: name, metric: 'request latency p50', value: median(p50), unit: 'ms', note: spread(p50, 1) },
      { benchmark: name, metric: 'request latency p99', value: median(p99), unit: 'ms', note: spread(p99, 1) },
    ];
  } finally {
    await backend.stop();
  }
}
