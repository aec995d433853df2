/**
 * Stop → playable over a slow uplink (issue 11): the extension's real recorder pipeline in Node
 * (as in stop-to-link: controller, WebM fixer, IndexedDB spool on fake-indexeddb, upload pipeline
 * with fetch) uploads through the fault proxy, which paces every request body to the uplink's rate
 * and adds a round trip to every request; S3_PUBLIC_ENDPOINT is the proxy, so presigned URLs go
 * through it. Both sides of the comparison come from the same run: the measured Stop → playable
 * (the share link's video answers with its first bytes), and the physical limit = bytes the proxy
 * saw cross the link after Stop ÷ uplink + 2 round trips. Goal: ratio ≤ 1.3.
 *
 * The fixed steps after the tail (complete, the redirect) weigh more against a short tail, and
 * the tail's size at a given length is chance (tail-length.ts): each row is measured with tails
 * of ¼, ½ and ¾ of a part (the recording ending up to one part's worth of media before its
 * nominal length), each the median of UPLINK_RUNS runs, and its ratio is the worst of them.
 *
 * The link is throttled from just before Stop: by then every full part is stored (the state a
 * live recording at ≤ the uplink's rate is in at Stop, which the run waits for either way), and
 * the recording before it is fed at loopback speed, so that a 10-minute recording over 10 Mbit/s
 * takes seconds to set up rather than minutes. Nothing in the extension adapts to the link's speed.
 *
 *   UPLINK_RATES    Mbit/s, comma-separated (default 10,50)
 *   UPLINK_LENGTHS  recording lengths in minutes (default 1,10)
 *   UPLINK_TAILS    tail sizes as fractions of a part (default 0.25,0.5,0.75; 'any': the nominal length)
 *   UPLINK_RUNS     runs per tail (default 5)
 *   UPLINK_STORE    embedded (default) or radosgw (the Ceph object gateway, scripts/radosgw)
 */
import { createServer } from 'node:net';
import { FaultProxy } from '../backend/test/faults/fault-proxy';
import { DEFAULT_VIDEO_BITS_PER_SECOND } from '../extension/src/core/recorder/media-options';
import { startBackendProcess } from './lib/backend-process';
import { loopedChunks, parseLoopSource } from './lib/stop-to-link-loop';
import { runPipeline } from './lib/stop-to-link-pipeline';
import { acquireRadosgw } from './lib/stop-to-link-radosgw';
import { recordSourceNear } from './lib/stop-to-link-source';
import { durationForTail } from './lib/tail-length';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'uplink';

const SOURCE_SECONDS = 10;
const ROUND_TRIP_MS = 40;
const list = (raw: string | undefined, fallback: number[]) => (raw ? raw.split(',').map(Number).filter((x) => x > 0) : fallback);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rates = list(process.env.UPLINK_RATES, [10, 50]);
  const lengths = list(process.env.UPLINK_LENGTHS, [1, 10]);
  const runs = Number(process.env.UPLINK_RUNS ?? 5);
  const tails: (number | undefined)[] = process.env.UPLINK_TAILS === 'any' ? [undefined] : list(process.env.UPLINK_TAILS, [0.25, 0.5, 0.75]);
  ctx.log(`uplink: recording a ${SOURCE_SECONDS} s source in Chromium at ≈ ${DEFAULT_VIDEO_BITS_PER_SECOND / 1e6} Mbit/s …`);
  const recording = await recordSourceNear(DEFAULT_VIDEO_BITS_PER_SECOND, SOURCE_SECONDS, ctx.log);
  const source = parseLoopSource(recording.bytes, SOURCE_SECONDS);

  const store = process.env.UPLINK_STORE ?? 'embedded';
  if (store !== 'embedded' && store !== 'radosgw') throw new Error(`UPLINK_STORE: unknown store ${store}`);
  const radosgw = store === 'radosgw' ? await acquireRadosgw() : undefined;
  const storePort = await freePort();
  const proxy = await FaultProxy.start({ upstream: radosgw?.env.S3_ENDPOINT ?? `http://127.0.0.1:${storePort}` });
  const backend = await startBackendProcess({ ...(radosgw?.env ?? { EMBEDDED_S3_PORT: String(storePort) }), S3_PUBLIC_ENDPOINT: proxy.url });
  const rows: BenchRow[] = [];
  try {
    proxy.setRoundTrip(ROUND_TRIP_MS);
    for (const mbit of rates) {
      const bytesPerSecond = (mbit * 1e6) / 8;
      for (const minutes of lengths) {
        const perTail: { fraction: number | undefined; link: number; limit: number; afterStop: number; objectBytes: number; seconds: number }[] = [];
        for (const fraction of tails) {
          const durationMs = fraction === undefined ? minutes * 60_000 : durationForTail(source, minutes * 60_000, fraction);
          const measured: { link: number; limit: number; afterStop: number; objectBytes: number }[] = [];
          for (let i = 0; i < runs; i++) {
            proxy.recordBodies();
            const p = await runPipeline(backend, loopedChunks(source, durationMs), () => proxy.beginThrottle(bytesPerSecond, 24 * 3600_000)).finally(() =>
              proxy.endThrottle(),
            );
            const crossed = proxy.bodies().filter((b) => b.at > p.stoppedAt && (b.what === 'head' || b.what.startsWith('part ')));
            const afterStop = crossed.reduce((n, b) => n + b.bytes, 0);
            const limit = (afterStop / bytesPerSecond) * 1000 + 2 * ROUND_TRIP_MS;
            measured.push({ link: p.stopToPlayableMs, limit, afterStop, objectBytes: p.objectBytes });
            ctx.log(
              `uplink ${mbit} Mbit/s ${minutes} min (${(durationMs / 1000).toFixed(1)} s, tail ${fraction === undefined ? 'as it falls' : `${fraction} of a part`}) ` +
                `run ${i + 1}/${runs}: Stop→playable ${p.stopToPlayableMs.toFixed(0)} ms, ` +
                `limit ${limit.toFixed(0)} ms (${afterStop} B after Stop of ${p.objectBytes} B), ratio ${(p.stopToPlayableMs / limit).toFixed(2)}`,
            );
            for (const line of p.breakdown) ctx.log(`    ${line}`);
            if (crossed.length > 0) {
              // The link's own view (epoch ms from the recorder's Stop): when the tail's bytes crossed it.
              const first = crossed[0]!.at - p.stoppedAt;
              const last = crossed[crossed.length - 1]!.at - p.stoppedAt;
              ctx.log(`    proxy: the ${afterStop} B after Stop crossed the link from +${first} to +${last} ms (${crossed.map((b) => b.what).filter((w, i, a) => a.indexOf(w) === i).join(', ')})`);
            }
          }
          const m0 = measured[0]!;
          perTail.push({
            fraction,
            link: median(measured.map((m) => m.link)),
            limit: median(measured.map((m) => m.limit)),
            afterStop: m0.afterStop,
            objectBytes: m0.objectBytes,
            seconds: durationMs / 1000,
          });
        }
        const worst = perTail.reduce((a, b) => (b.link / b.limit > a.link / a.limit ? b : a));
        // The fixed steps around the tail (finalize, complete, the redirect): the goal holds for
        // tails at least this large at this rate.
        const fixedMs = Math.max(...perTail.map((t) => t.link - t.limit));
        const smallestTail = Math.max(0, (fixedMs / 0.3 - 2 * ROUND_TRIP_MS) / 1000) * bytesPerSecond;
        const each = perTail
          .map((t) => `${(t.link / t.limit).toFixed(2)} (${Math.round(t.link)} vs ${Math.round(t.limit)} ms, ${(t.afterStop / 1e6).toFixed(2)} MB after Stop, ${t.seconds.toFixed(1)} s)`)
          .join('; ');
        rows.push({
          benchmark: name,
          metric: `${mbit} Mbit/s, ${ROUND_TRIP_MS} ms RTT, ${minutes} min${store === 'embedded' ? '' : `, ${store}`}: Stop → playable / physical limit`,
          value: Number((worst.link / worst.limit).toFixed(2)),
          unit: '×',
          note:
            `goal ≤ 1.3; the worst of ${perTail.length} tail(s): ${each}; limit = bytes after Stop ÷ uplink + 2 RTT; ` +
            `${(worst.objectBytes / 1e6).toFixed(0)} MB recording (${(recording.achievedBps / 1e6).toFixed(2)} Mbit/s source); ${runs} run(s) per tail; ` +
            `fixed cost ≤ ${Math.round(fixedMs)} ms, so ≤ 1.3 holds for tails ≥ ${(smallestTail / 1e6).toFixed(2)} MB at this rate`,
        });
      }
    }
  } finally {
    await backend.stop();
    await proxy.close();
    await radosgw?.release();
  }
  return rows;
}
