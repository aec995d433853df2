/**
 * Upload efficiency: throughput of the extension's real upload pipeline against the same bytes
 * PUT straight to the same store from Node (goal: ratio ≥ 0.9).
 *
 * - "extension pipeline": a recording-sized stream (≥ 200 MiB: a real MediaRecorder recording,
 *   looped with shifted Cluster timecodes, lib/replay-source.ts) replayed into the real recorder
 *   in a real offscreen document in Chromium (bench build, lib/bench-extension.ts): ChunkWriter
 *   (WebM fixer, SHA-256) → IndexedDB spool → part cutter → upload queue (3 in flight) → presigned
 *   PUTs, then Stop and complete. Chunks go in as fast as the spool takes them, so the pipeline runs
 *   flat out. Timed from the first chunk to the last part stored (and to 'done').
 * - "direct from Node": the object the pipeline stored (downloaded once: the very same bytes),
 *   PUT from memory in 5 MiB parts, 3 in flight, through presigned URLs from the same backend to
 *   the same embedded store (lib/direct-upload.ts). Timed from the recording's creation (the
 *   extension creates it at Start, before the first chunk) to the last PUT (and to complete).
 * Runs alternate between the two sides, after one unmeasured warm-up of each; medians.
 * UPLOAD_EFFICIENCY_RUNS sets the runs (default min(BENCH_RUNS, 3)); UPLOAD_EFFICIENCY_MIB the size.
 */
import { openReplay, type ReplayBrowser } from './lib/bench-extension';
import { startBackendProcess, type BackendProcess } from './lib/backend-process';
import { directUpload, type DirectUploadRun } from './lib/direct-upload';
import { replaySource, serveBytes, type ReplaySource } from './lib/replay-source';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'upload-efficiency';

const MiB = 1024 * 1024;

interface PipelineRun {
  bytes: number;
  /** First chunk handed to the recorder → last part acknowledged. */
  transferMs: number;
  /** First chunk → 'done' (complete answered). */
  doneMs: number;
  feedMs: number;
  parts: number;
  recordingId: string;
  uploadToken: string;
}

async function deleteRecording(backend: BackendProcess, id: string, uploadToken: string): Promise<void> {
  await fetch(`${backend.url}/api/recordings/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${uploadToken}` } }).catch(() => undefined);
}

async function pipelineRun(b: ReplayBrowser, backend: BackendProcess, source: ReplaySource, durationMs: number): Promise<PipelineRun> {
  const begun = await b.call('begin', {
    server: { url: backend.url, apiToken: backend.apiToken },
    index: source.index,
    durationMs,
    pace: 'flood',
    title: 'bench upload efficiency',
  });
  const f = await b.call('finish');
  return {
    bytes: f.bytesSpooled,
    transferMs: f.lastAckAt - begun.firstChunkAt,
    doneMs: f.doneAt - begun.firstChunkAt,
    feedMs: begun.fedAt - begun.firstChunkAt,
    parts: f.parts,
    recordingId: f.recordingId,
    uploadToken: f.uploadToken,
  };
}

const mibps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const spread = (xs: number[]) => `min–max ${round(Math.min(...xs))}–${round(Math.max(...xs))}`;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const runs = Number(process.env.UPLOAD_EFFICIENCY_RUNS ?? Math.min(ctx.runs, 3));
  const targetBytes = Number(process.env.UPLOAD_EFFICIENCY_MIB ?? 200) * MiB;
  const source = await replaySource(ctx.log);
  // Whole seconds of recording until the stream reaches the target size.
  const durationMs = Math.ceil((targetBytes * 1.01) / source.index.chunkBytes) * 1000;
  const served = await serveBytes(source.bytes);
  const backend = await startBackendProcess();
  let b: ReplayBrowser | undefined;
  const pipeline: PipelineRun[] = [];
  const direct: DirectUploadRun[] = [];
  try {
    b = await openReplay();
    await b.call('load', served.url);

    // Warm-up, not measured: the pipeline once (its stored object is the direct side's input) and the direct side once.
    const warm = await pipelineRun(b, backend, source, durationMs);
    const stored = await fetch(`${backend.url}/v/${warm.recordingId}/video`);
    const bytes = new Uint8Array(await stored.arrayBuffer());
    if (stored.status !== 200 || bytes.length !== warm.bytes) throw new Error(`could not read the stored recording back: HTTP ${stored.status}, ${bytes.length} of ${warm.bytes} bytes`);
    await deleteRecording(backend, warm.recordingId, warm.uploadToken);
    ctx.log(`upload-efficiency: ${(bytes.length / MiB).toFixed(0)} MiB (${durationMs / 60_000} min at ${(source.bitsPerSecond / 1e6).toFixed(2)} Mbit/s), ${warm.parts} parts; warm-up done`);
    await directUpload(backend, bytes, durationMs);

    for (let i = 0; i < runs; i++) {
      // Alternate which side goes first, so a drift in the machine's load hits both alike.
      const order = i % 2 === 0 ? (['pipeline', 'direct'] as const) : (['direct', 'pipeline'] as const);
      for (const side of order) {
        if (side === 'pipeline') {
          const p = await pipelineRun(b, backend, source, durationMs);
          await deleteRecording(backend, p.recordingId, p.uploadToken);
          pipeline.push(p);
          ctx.log(
            `upload-efficiency run ${i + 1}/${runs}: extension pipeline ${round(mibps(p.bytes, p.transferMs))} MiB/s to the last part ` +
              `(${p.transferMs} ms; fed in ${p.feedMs} ms), ${round(mibps(p.bytes, p.doneMs))} MiB/s to done`,
          );
        } else {
          const d = await directUpload(backend, bytes, durationMs);
          direct.push(d);
          ctx.log(
            `upload-efficiency run ${i + 1}/${runs}: direct from Node ${round(mibps(bytes.length, d.lastPutAt - d.startAt))} MiB/s to the last part ` +
              `(${d.lastPutAt - d.startAt} ms), ${round(mibps(bytes.length, d.doneAt - d.startAt))} MiB/s to complete`,
          );
        }
      }
    }
  } finally {
    await b?.close();
    await backend.stop();
    await served.close();
  }

  const size = pipeline[0]!.bytes;
  const p = pipeline.map((r) => mibps(r.bytes, r.transferMs));
  const pDone = pipeline.map((r) => mibps(r.bytes, r.doneMs));
  const d = direct.map((r) => mibps(size, r.lastPutAt - r.startAt));
  const dDone = direct.map((r) => mibps(size, r.doneAt - r.startAt));
  const pairRatios = p.map((x, i) => x / d[i]!);
  const common = `${runs} runs, ${(size / MiB).toFixed(0)} MiB (${pipeline[0]!.parts} parts of 5 MiB, 3 in flight)`;
  return [
    {
      benchmark: name,
      metric: 'extension pipeline in Chromium: first chunk → last part stored',
      value: round(median(p)),
      unit: 'MiB/s',
      note: `${common}, ${spread(p)}; to done (complete answered) ${round(median(pDone))} MiB/s; replayed as fast as the spool takes it`,
    },
    {
      benchmark: name,
      metric: 'same bytes PUT directly from Node: presign → last part stored',
      value: round(median(d)),
      unit: 'MiB/s',
      note: `${common}, ${spread(d)}; to complete ${round(median(dDone))} MiB/s; same backend, same embedded store`,
    },
    {
      benchmark: name,
      metric: 'ratio extension pipeline / direct PUTs (upload throughput)',
      value: round(median(p) / median(d), 2),
      unit: '×',
      note: `goal ≥ 0.9; ratio of medians; per-run pairs ${pairRatios.map((x) => round(x, 2)).join(', ')}`,
    },
    {
      benchmark: name,
      metric: 'ratio extension pipeline / direct PUTs, including complete',
      value: round(median(pDone) / median(dDone), 2),
      unit: '×',
      note: 'the embedded store copies every part on complete (S3, R2 and radosgw do not): same cost on both sides',
    },
  ];
}
