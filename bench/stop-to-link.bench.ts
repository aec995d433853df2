/**
 * Stop → playable share link, for a 1-minute and a 10-minute recording, and their ratio.
 *
 * Source: a real Chromium MediaRecorder recording (noise canvas + tone, VP9/Opus at the
 * extension's default 3 Mbit/s, 1 s timeslice, keyframe every 2 s), looped with shifted Cluster
 * timecodes to 1 and 10 minutes (lib/stop-to-link-loop.ts).
 *
 * - "parts while recording" (what Reelay does): the extension's real recorder pipeline in Node —
 *   controller/session, chunk writer with the WebM fixer, IndexedDB spool on
 *   fake-indexeddb, upload pipeline + queue with fetch — against a backend process with its
 *   embedded store. Chunks are replayed faster than real time while the upload keeps up; at Stop
 *   the state is what a live recording has (lib/stop-to-link-pipeline.ts). Measured: Stop → 'done'
 *   (complete answered) → GET /v/:id/video answers with the first bytes.
 * - "whole file after Stop" (the plain approach): the same bytes uploaded as a multipart upload
 *   only after Stop (lib/stop-to-link-plain.ts).
 *
 * STOP_TO_LINK_RUNS sets the measured runs (default min(BENCH_RUNS, 3): the 10-minute file is
 * ~200-300 MB per approach and run). STOP_TO_LINK_STORES=embedded,radosgw also runs against the
 * real Ceph object gateway (scripts/radosgw; ~20 s to boot the first time). Both complete a
 * multipart upload in O(parts): the embedded store moves the part files under a manifest.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PART_SIZE } from '../api';
import { DEFAULT_VIDEO_BITS_PER_SECOND } from '../extension/src/core/recorder/media-options';
import { startBackendProcess } from './lib/backend-process';
import { loopedChunks, loopedSize, parseLoopSource, type LoopSource } from './lib/stop-to-link-loop';
import { runPipeline, type PipelineRun } from './lib/stop-to-link-pipeline';
import { runPlainUpload, type PlainRun } from './lib/stop-to-link-plain';
import { acquireRadosgw } from './lib/stop-to-link-radosgw';
import { recordSourceNear } from './lib/stop-to-link-source';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'stop-to-link';

const SOURCE_SECONDS = 10;
const LENGTHS = [
  { label: '1 min', ms: 60_000 },
  { label: '10 min', ms: 600_000 },
] as const;

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const spread = (xs: number[]) => `min–max ${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

/**
 * A full garbage collection right before Stop, in both approaches: the extension's side runs in
 * this Node process, where hundreds of MB of chunk copies (fake-indexeddb keeps Blobs on the JS
 * heap) would otherwise put a major GC pause into the measured window at random. In Chrome the
 * spool's Blobs live outside the page's heap.
 */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return () => gc?.();
}

function concatAll(chunks: Iterable<Uint8Array>, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  if (at !== size) throw new Error(`looped stream is ${at} bytes, expected ${size}`);
  return out;
}

type StoreName = 'embedded' | 'radosgw';

function selectedStores(): StoreName[] {
  const raw = (process.env.STOP_TO_LINK_STORES ?? 'embedded').split(',').map((x) => x.trim()).filter(Boolean);
  for (const x of raw) if (x !== 'embedded' && x !== 'radosgw') throw new Error(`STOP_TO_LINK_STORES: unknown store ${x}`);
  return raw as StoreName[];
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const runs = Number(process.env.STOP_TO_LINK_RUNS ?? Math.min(ctx.runs, 3));
  ctx.log(`stop-to-link: recording a ${SOURCE_SECONDS} s source in Chromium at ≈ ${DEFAULT_VIDEO_BITS_PER_SECOND / 1e6} Mbit/s …`);
  const recording = await recordSourceNear(DEFAULT_VIDEO_BITS_PER_SECOND, SOURCE_SECONDS, ctx.log);
  const source: LoopSource = parseLoopSource(recording.bytes, SOURCE_SECONDS);
  ctx.log(
    `stop-to-link: source ${MB(recording.bytes.length)}, ${((source.bytesPerSecond * 8) / 1e6).toFixed(2)} Mbit/s, ${source.clusters.length} clusters, loop ${source.loopMs} ms`,
  );
  const files = new Map(LENGTHS.map((l) => [l.ms, concatAll(loopedChunks(source, l.ms), loopedSize(source, l.ms))]));
  const rows: BenchRow[] = [];
  for (const store of selectedStores()) {
    const radosgw = store === 'radosgw' ? await acquireRadosgw() : undefined;
    try {
      const backend = await startBackendProcess(radosgw?.env ?? {});
      try {
        rows.push(...(await measure(ctx, store, backend, source, files, runs)));
      } finally {
        await backend.stop();
      }
    } finally {
      await radosgw?.release();
    }
  }
  return rows;
}

async function measure(
  ctx: BenchContext,
  store: StoreName,
  backend: { url: string; apiToken: string },
  source: LoopSource,
  files: Map<number, Uint8Array<ArrayBuffer>>,
  runs: number,
): Promise<BenchRow[]> {
  const gc = collectGarbage();
  // Warm-up (JIT, sockets, the store's directories): one short recording, not measured.
  await runPipeline(backend, loopedChunks(source, 20_000));

  const pipeline = new Map<number, PipelineRun[]>(LENGTHS.map((l) => [l.ms, []]));
  const plain = new Map<number, PlainRun[]>(LENGTHS.map((l) => [l.ms, []]));
  for (let i = 0; i < runs; i++) {
    for (const length of LENGTHS) {
      const fed = performance.now();
      const p = await runPipeline(backend, loopedChunks(source, length.ms), gc);
      pipeline.get(length.ms)!.push(p);
      ctx.log(
        `stop-to-link [${store}] run ${i + 1}/${runs} ${length.label}: parts while recording: Stop→link ${p.stopToPlayableMs.toFixed(0)} ms ` +
          `(spooled ${p.stopToSpooledMs.toFixed(0)}, done ${p.stopToDoneMs.toFixed(0)}, complete ${p.completeMs} ms; ` +
          `${p.parts} parts, ${p.partsAfterStop} after Stop, ${MB(p.objectBytes)}; fed in ${((performance.now() - fed) / 1000).toFixed(1)} s)`,
      );
      const q = await runPlainUpload(backend, files.get(length.ms)!, length.ms, gc);
      plain.get(length.ms)!.push(q);
      ctx.log(`stop-to-link [${store}] run ${i + 1}/${runs} ${length.label}: whole file after Stop: Stop→link ${q.stopToPlayableMs.toFixed(0)} ms (${q.parts} parts)`);
    }
  }

  const rows: BenchRow[] = [];
  const medians = { pipeline: [] as number[], plain: [] as number[] };
  for (const length of LENGTHS) {
    const ps = pipeline.get(length.ms)!;
    const link = ps.map((p) => p.stopToPlayableMs);
    const m = median(link);
    medians.pipeline.push(m);
    const p0 = ps[0]!;
    rows.push({
      benchmark: name,
      metric: `[${store}] ${length.label}: Stop → playable link, parts uploaded while recording`,
      value: Math.round(m),
      unit: 'ms',
      note:
        `${runs} runs, ${spread(link)}; ${MB(p0.objectBytes)}, ${p0.parts} parts, ${p0.partsAfterStop} after Stop ` +
        `(${MB(p0.bytesAfterStop)}); Stop→spooled ${Math.round(median(ps.map((p) => p.stopToSpooledMs)))} ms, ` +
        `Stop→done ${Math.round(median(ps.map((p) => p.stopToDoneMs)))} ms, of which complete ${Math.round(median(ps.map((p) => p.completeMs)))} ms`,
    });
  }
  for (const length of LENGTHS) {
    const qs = plain.get(length.ms)!;
    const link = qs.map((q) => q.stopToPlayableMs);
    const m = median(link);
    medians.plain.push(m);
    rows.push({
      benchmark: name,
      metric: `[${store}] ${length.label}: Stop → playable link, whole file uploaded after Stop`,
      value: Math.round(m),
      unit: 'ms',
      note: `${runs} runs, ${spread(link)}; ${MB(files.get(length.ms)!.length)}, ${qs[0]!.parts} parts, 3 in flight`,
    });
  }
  const ratio = (xs: number[]) => Number((xs[1]! / xs[0]!).toFixed(2));
  rows.push({
    benchmark: name,
    metric: `[${store}] ratio 10 min / 1 min, parts uploaded while recording`,
    value: ratio(medians.pipeline),
    unit: '×',
    note: `goal ≤ 1.3 and < 1000 ms on loopback; ${PART_SIZE / 1024 / 1024} MiB parts; source ${((source.bytesPerSecond * 8) / 1e6).toFixed(2)} Mbit/s (real Chromium VP9/Opus, looped)`,
  });
  // What the extension controls: everything but the store's own CompleteMultipartUpload time.
  const withoutComplete = LENGTHS.map((l) => median(pipeline.get(l.ms)!.map((p) => p.stopToPlayableMs - p.completeMs)));
  rows.push({
    benchmark: name,
    metric: `[${store}] ratio 10 min / 1 min, parts while recording, without the complete request`,
    value: ratio(withoutComplete),
    unit: '×',
    note: `Stop→link minus complete: ${withoutComplete.map((x) => Math.round(x)).join(' / ')} ms (1 min / 10 min)`,
  });
  rows.push({ benchmark: name, metric: `[${store}] ratio 10 min / 1 min, whole file after Stop`, value: ratio(medians.plain), unit: '×', note: 'for comparison' });
  return rows;
}
