/**
 * Memory bound: what the offscreen document holds at the end of a 1-minute and of a 10-minute
 * recording, and their ratio (goal: ≤ 64 MiB and ratio ≤ 1.2 — memory must not grow with length).
 *
 * The extension's real recorder runs in a real offscreen document in Chromium (bench build, see
 * lib/bench-extension.ts and bench/extension-pages/): capture, session, ChunkWriter (WebM fixer),
 * IndexedDB spool, part cutter, upload queue, presigned PUTs to a backend process with
 * its embedded store. Only MediaRecorder is replayed: chunks of a real MediaRecorder recording
 * (lib/replay-source.ts), looped with shifted Cluster timecodes. Chunks go in FASTER than real time
 * (as fast as the upload keeps up, ≤ 3 parts of backlog): this measures the pipeline, not the
 * encoder; a 10-minute recording replays in well under a minute. Each measured recording gets a
 * fresh browser. "At the end of the recording" = every chunk but the last spooled and every full
 * part but part 1 (held for the header patch) uploaded, just before Stop; figures after a full GC
 * (lib/offscreen-memory.ts explains each one). MEMORY_RUNS sets the runs (default min(BENCH_RUNS, 3)).
 */
import { openReplay, withBackendLog } from './lib/bench-extension';
import { startBackendProcess, type BackendProcess } from './lib/backend-process';
import { MemoryProbe, type MemorySnapshot } from './lib/offscreen-memory';
import { replaySource, serveBytes, type ReplaySource } from './lib/replay-source';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'memory';

const LENGTHS = [
  { label: '1 min', ms: 60_000 },
  { label: '10 min', ms: 600_000 },
] as const;

const MiB = 1024 * 1024;
const mib = (bytes: number) => Number((bytes / MiB).toFixed(2));
const spread = (xs: number[]) => `min–max ${mib(Math.min(...xs))}–${mib(Math.max(...xs))}`;

interface MemoryRun {
  before: MemorySnapshot;
  end: MemorySnapshot;
  afterDone: MemorySnapshot;
  /** Highest document heap (JS + Blink + ArrayBuffers, no forced GC) sampled every 250 ms while feeding. */
  peakHeap: number;
  bytes: number;
  feedMs: number;
}

async function measureOne(backend: BackendProcess, source: ReplaySource, sourceUrl: string, durationMs: number): Promise<MemoryRun> {
  const b = await openReplay();
  try {
    await b.call('load', sourceUrl);
    const blobPage = await b.ext.context.newPage();
    const probe = new MemoryProbe(b.doc, b.browserCdp, blobPage);
    const page = { replayBlobs: () => b.call('replayBlobs'), storage: () => b.call('storage') };
    const before = await probe.snapshot(page);

    let peakHeap = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakHeap = Math.max(peakHeap, await probe.heapNow().catch(() => 0));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const begun = await b.call('begin', { server: { url: backend.url, apiToken: backend.apiToken }, index: source.index, durationMs, pace: 'steady', title: 'bench memory' });
    sampling = false;
    await sampler;
    const end = await probe.snapshot(page, { code: true });
    const finished = await b.call('finish');
    const afterDone = await probe.snapshot(page);
    await fetch(`${backend.url}/api/recordings/${finished.recordingId}`, { method: 'DELETE', headers: { authorization: `Bearer ${finished.uploadToken}` } });
    return { before, end, afterDone, peakHeap, bytes: finished.bytesSpooled, feedMs: begun.fedAt - begun.firstChunkAt };
  } finally {
    await b.close();
  }
}

const breakdown = (runs: MemoryRun[], pick: (r: MemoryRun) => MemorySnapshot) => {
  const m = (f: (s: MemorySnapshot) => number) => mib(median(runs.map((r) => f(pick(r)))));
  return `JS heap ${m((s) => s.jsHeap)} (of which bytecode + machine code ${m((s) => s.code)}) + Blink heap ${m((s) => s.blinkHeap)} + ArrayBuffers ${m((s) => s.arrayBuffers)} + Blobs ${m((s) => s.blobs)} MiB`;
};

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const runs = Number(process.env.MEMORY_RUNS ?? Math.min(ctx.runs, 3));
  const source = await replaySource(ctx.log);
  const served = await serveBytes(source.bytes);
  const backend = await startBackendProcess();
  const results = new Map<number, MemoryRun[]>(LENGTHS.map((l) => [l.ms, []]));
  try {
    for (let i = 0; i < runs; i++) {
      for (const length of LENGTHS) {
        const r = await measureOne(backend, source, served.url, length.ms).catch((error: unknown) => {
          throw withBackendLog(error, backend.logs);
        });
        results.get(length.ms)!.push(r);
        ctx.log(
          `memory run ${i + 1}/${runs} ${length.label}: ${(r.bytes / 1e6).toFixed(0)} MB fed in ${(r.feedMs / 1000).toFixed(1)} s; at end: document ${mib(r.end.document)} MiB ` +
            `(JS ${mib(r.end.jsHeap)}, Blink ${mib(r.end.blinkHeap)}, ArrayBuffers ${mib(r.end.arrayBuffers)}, Blobs ${mib(r.end.blobs)} in ${r.end.blobCount}), ` +
            `process USS ${mib(r.end.processUss)} MiB, spool ${mib(r.end.spoolBytes)} MiB, IndexedDB ${mib(r.end.idbUsage)} MiB; before ${mib(r.before.document)}, peak heap ${mib(r.peakHeap)}, after done ${mib(r.afterDone.document)} MiB`,
        );
      }
    }
  } finally {
    await backend.stop();
    await served.close();
  }

  const rows: BenchRow[] = [];
  const medianOf = (ms: number, f: (r: MemoryRun) => number) => median(results.get(ms)!.map(f));
  for (const length of LENGTHS) {
    const rs = results.get(length.ms)!;
    rows.push({
      benchmark: name,
      metric: `${length.label}: offscreen document memory at the end of the recording`,
      value: mib(medianOf(length.ms, (r) => r.end.document)),
      unit: 'MiB',
      note:
        `${runs} runs, ${spread(rs.map((r) => r.end.document))}; ${breakdown(rs, (r) => r.end)}; ` +
        `before recording ${mib(medianOf(length.ms, (r) => r.before.document))}, after done ${mib(medianOf(length.ms, (r) => r.afterDone.document))}, ` +
        `peak heap while recording (no forced GC: garbage of a replay ${Math.round(length.ms / medianOf(length.ms, (r) => r.feedMs))}× faster than real time) ${mib(medianOf(length.ms, (r) => r.peakHeap))} MiB; ` +
        `${(rs[0]!.bytes / 1e6).toFixed(0)} MB replayed in ${(medianOf(length.ms, (r) => r.feedMs) / 1000).toFixed(1)} s; goal ≤ 64 MiB`,
    });
  }
  for (const length of LENGTHS) {
    const rs = results.get(length.ms)!;
    rows.push({
      benchmark: name,
      metric: `${length.label}: extension renderer process at the end of the recording (USS)`,
      value: mib(medianOf(length.ms, (r) => r.end.processUss)),
      unit: 'MiB',
      note:
        `${spread(rs.map((r) => r.end.processUss))}; RSS ${mib(medianOf(length.ms, (r) => r.end.processRss))} MiB; ` +
        `before recording ${mib(medianOf(length.ms, (r) => r.before.processUss))} MiB; the whole process: also the service worker, V8/Blink code and caches`,
    });
  }
  for (const length of LENGTHS) {
    rows.push({
      benchmark: name,
      metric: `${length.label}: chunk bytes in the IndexedDB spool at the end of the recording`,
      value: mib(medianOf(length.ms, (r) => r.end.spoolBytes)),
      unit: 'MiB',
      note: `on disk, not in memory: part 1 (held) + the unfinished part; navigator.storage.estimate() says ${mib(medianOf(length.ms, (r) => r.end.idbUsage))} MiB (Chrome deletes blob files lazily)`,
    });
  }
  const ratio = (f: (r: MemoryRun) => number) => Number((medianOf(600_000, f) / medianOf(60_000, f)).toFixed(2));
  const growth = medianOf(600_000, (r) => r.end.document) - medianOf(60_000, (r) => r.end.document);
  const codeGrowth = medianOf(600_000, (r) => r.end.code) - medianOf(60_000, (r) => r.end.code);
  rows.push({
    benchmark: name,
    metric: 'ratio 10 min / 1 min, offscreen document memory',
    value: ratio((r) => r.end.document),
    unit: '×',
    note: `goal ≤ 1.2; difference ${Math.round(growth / 1024)} KiB for 9 more minutes, of which ${Math.round(codeGrowth / 1024)} KiB compiled code`,
  });
  const withoutCode = (r: MemoryRun) => r.end.document - r.end.code;
  rows.push({
    benchmark: name,
    metric: 'ratio 10 min / 1 min, offscreen document memory without compiled code',
    value: ratio(withoutCode),
    unit: '×',
    note: `${mib(medianOf(60_000, withoutCode))} / ${mib(medianOf(600_000, withoutCode))} MiB: what the recording's data retains (compiled code grows while the JIT warms up, bounded)`,
  });
  rows.push({ benchmark: name, metric: 'ratio 10 min / 1 min, extension renderer process (USS)', value: ratio((r) => r.end.processUss), unit: '×', note: 'goal ≤ 1.2' });
  return rows;
}
