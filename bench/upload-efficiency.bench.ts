/**
 * Upload efficiency: throughput of the extension's real upload from its spool against the
 * browser's own ceiling — bare fetch() PUTs of in-memory Blobs from the same document, same part
 * size, same parts in flight (goal: spool / bare fetch ≥ 0.9). The same bytes PUT from Node are
 * kept for context (what the store takes from a client with no browser in between).
 *
 * - "extension pipeline": a recording-sized stream (≥ 200 MiB: a real MediaRecorder recording,
 *   looped with shifted Cluster timecodes, lib/replay-source.ts) replayed into the real recorder
 *   in a real offscreen document in Chromium (bench build, lib/bench-extension.ts): ChunkWriter
 *   (WebM fixer) → IndexedDB spool → part cutter → upload queue (3 in flight) → presigned
 *   PUTs, then Stop and complete. Two ways:
 *   - recording → stored: chunks go in as fast as the spool takes them and the upload runs behind,
 *     flat out. Timed from the first chunk to the last part stored (and to 'done').
 *   - upload from the spool: the same, but the store's PUTs wait at a gate until the whole stream
 *     is spooled and Stop is pressed (a network that was away while recording); timed from the
 *     gate opening to the last part stored. This isolates the upload path (IndexedDB reads, part
 *     Blobs, presigning, PUTs, persisting ETags) from the spool's writes.
 * - "bare fetch in Chromium", THE CEILING: the same number and sizes of parts PUT by bare fetch()
 *   calls from the same offscreen document (one in-memory Blob, 3 in flight, no spool, no queue,
 *   lib/browser-fetch-floor.ts): what the browser's network stack allows before any pipeline.
 *   And the same with bodies made of IndexedDB-stored chunk Blobs (extension-pages/fetch-floor.ts):
 *   what the browser allows for bytes that live in IndexedDB, as spooled bytes do.
 * - "direct from Node": the object the pipeline stored (downloaded once: the very same bytes),
 *   PUT from memory in 5 MiB parts, 3 in flight, through presigned URLs from the same backend to
 *   the same embedded store (lib/direct-upload.ts). Timed from the recording's creation (the
 *   extension creates it at Start, before the first chunk) to the last PUT (and to complete).
 * The stream is cut into chunks of 391 KB — one second at the extension's default bitrate
 * (3 Mbit/s video + 128 kbit/s audio) — whatever bitrate the source came out at (its encoder runs
 * on a shared machine), so per-chunk costs are the same from one `npm run bench` to the next.
 * Runs rotate between the sides, after one unmeasured warm-up of each; medians. For the spool and
 * bare-fetch sides the replay page traces every PUT, presign, spool read and ack (lib/upload-trace.ts):
 * PUTs in flight on average and PUT durations tell gaps between PUTs from slower PUT bodies.
 * UPLOAD_EFFICIENCY_RUNS sets the runs (default min(BENCH_RUNS, 3)); UPLOAD_EFFICIENCY_MIB the size.
 */
import { openReplay, withBackendLog, type ReplayBrowser } from './lib/bench-extension';
import { startBackendProcess, type BackendProcess } from './lib/backend-process';
import { browserFetchFloor } from './lib/browser-fetch-floor';
import { directUpload, type DirectUploadRun } from './lib/direct-upload';
import { AUDIO_BITS_PER_SECOND, DEFAULT_VIDEO_BITS_PER_SECOND } from '../extension/src/core/recorder/media-options';
import { replaySource, serveBytes, type ReplaySource } from './lib/replay-source';
import { median, type BenchContext, type BenchRow } from './lib/types';
import { summarize, type TraceSummary } from './lib/upload-trace';

export const name = 'upload-efficiency';

const MiB = 1024 * 1024;
/** Parts in flight on every side (the extension's contract: up to 3). */
const IN_FLIGHT = 3;
/** One second of recording at the extension's default bitrates. */
const CHUNK_BYTES = Math.round((DEFAULT_VIDEO_BITS_PER_SECOND + AUDIO_BITS_PER_SECOND) / 8);

interface PipelineRun {
  bytes: number;
  /** 'backlog': gate opened → last part acknowledged. */
  drainMs?: number;
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

async function pipelineRun(b: ReplayBrowser, backend: BackendProcess, source: ReplaySource, durationMs: number, pace: 'flood' | 'backlog'): Promise<PipelineRun> {
  const begun = await b.call('begin', {
    server: { url: backend.url, apiToken: backend.apiToken },
    index: source.index,
    durationMs,
    pace,
    title: 'bench upload efficiency',
  });
  const f = await b.call('finish');
  return {
    bytes: f.bytesSpooled,
    ...(f.releasedAt !== undefined ? { drainMs: f.lastAckAt - f.releasedAt } : {}),
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
  const recorded = await replaySource(ctx.log);
  const source: ReplaySource = { ...recorded, index: { ...recorded.index, chunkBytes: CHUNK_BYTES } };
  // Whole seconds of media until the stream reaches the target size.
  const durationMs = Math.ceil((targetBytes * 1.01) / recorded.index.chunkBytes) * 1000;
  const served = await serveBytes(source.bytes);
  const backend = await startBackendProcess();
  let b: ReplayBrowser | undefined;
  const pipeline: PipelineRun[] = [];
  const backlog: PipelineRun[] = [];
  const direct: DirectUploadRun[] = [];
  const floor: number[] = [];
  const fetchFloor: number[] = [];
  const fetchStored: number[] = [];
  const backlogTrace: TraceSummary[] = [];
  const fetchTrace: TraceSummary[] = [];
  const traced = (t: TraceSummary) =>
    `${t.puts} PUTs, median ${Math.round(t.putMs)} ms each, ${t.meanInFlight.toFixed(2)} in flight on average (< ${IN_FLIGHT} for ${Math.round(t.underLimit * 100)} % of the time)` +
    (t.reads > 0 ? `; spool reads median ${t.readMs.toFixed(1)} ms, acks ${t.ackMs.toFixed(1)} ms, ${t.presigns} presign requests` : '');
  try {
    b = await openReplay();
    await b.call('load', served.url);

    // Warm-up, not measured: the pipeline once (its stored object is the direct side's input) and the direct side once.
    const warm = await pipelineRun(b, backend, source, durationMs, 'flood');
    const stored = await fetch(`${backend.url}/v/${warm.recordingId}/video`);
    const bytes = new Uint8Array(await stored.arrayBuffer());
    if (stored.status !== 200 || bytes.length !== warm.bytes) throw new Error(`could not read the stored recording back: HTTP ${stored.status}, ${bytes.length} of ${warm.bytes} bytes`);
    await deleteRecording(backend, warm.recordingId, warm.uploadToken);
    ctx.log(
      `upload-efficiency: ${(bytes.length / MiB).toFixed(0)} MiB (${(durationMs / 60_000).toFixed(1)} min of media at ${(source.bitsPerSecond / 1e6).toFixed(2)} Mbit/s, ` +
        `${Math.ceil(bytes.length / CHUNK_BYTES)} chunks of ${CHUNK_BYTES} B), ${warm.parts} parts; warm-up done`,
    );
    await directUpload(backend, bytes, durationMs);

    await browserFetchFloor(b, backend, bytes.length, IN_FLIGHT);
    await browserFetchFloor(b, backend, bytes.length, IN_FLIGHT, 'indexeddb', CHUNK_BYTES);

    const sides = ['pipeline', 'backlog', 'fetch', 'fetch-stored', 'direct'] as const;
    for (let i = 0; i < runs; i++) {
      // Rotate which side goes first, so a drift in the machine's load hits all alike.
      const k = i % sides.length;
      for (const side of [...sides.slice(k), ...sides.slice(0, k)]) {
        if (side === 'pipeline') {
          const p = await pipelineRun(b, backend, source, durationMs, 'flood');
          await deleteRecording(backend, p.recordingId, p.uploadToken);
          pipeline.push(p);
          ctx.log(
            `upload-efficiency run ${i + 1}/${runs}: extension pipeline, recording → stored ${round(mibps(p.bytes, p.transferMs))} MiB/s to the last part ` +
              `(${p.transferMs} ms; spooled in ${p.feedMs} ms), ${round(mibps(p.bytes, p.doneMs))} MiB/s to done`,
          );
          floor.push(await b.call('indexedDbFloor', CHUNK_BYTES, 100));
        } else if (side === 'backlog') {
          const p = await pipelineRun(b, backend, source, durationMs, 'backlog');
          await deleteRecording(backend, p.recordingId, p.uploadToken);
          backlog.push(p);
          const t = summarize(await b.call('trace'), IN_FLIGHT);
          backlogTrace.push(t);
          ctx.log(`upload-efficiency run ${i + 1}/${runs}: upload from the spool: ${traced(t)}`);
          ctx.log(
            `upload-efficiency run ${i + 1}/${runs}: extension pipeline, upload from the spool ${round(mibps(p.bytes, p.drainMs!))} MiB/s ` +
              `(${p.drainMs} ms after ${p.feedMs} ms of spooling)`,
          );
        } else if (side === 'fetch') {
          const ms = await browserFetchFloor(b, backend, bytes.length, IN_FLIGHT);
          fetchFloor.push(mibps(bytes.length, ms));
          const t = summarize(await b.call('trace'), IN_FLIGHT);
          fetchTrace.push(t);
          ctx.log(`upload-efficiency run ${i + 1}/${runs}: bare fetch: ${traced(t)}`);
          ctx.log(`upload-efficiency run ${i + 1}/${runs}: bare fetch PUTs in Chromium ${round(mibps(bytes.length, ms))} MiB/s (${Math.round(ms)} ms)`);
        } else if (side === 'fetch-stored') {
          const ms = await browserFetchFloor(b, backend, bytes.length, IN_FLIGHT, 'indexeddb', CHUNK_BYTES);
          fetchStored.push(mibps(bytes.length, ms));
          ctx.log(`upload-efficiency run ${i + 1}/${runs}: bare fetch PUTs of IndexedDB-stored Blobs ${round(mibps(bytes.length, ms))} MiB/s (${Math.round(ms)} ms)`);
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
  } catch (error) {
    throw withBackendLog(error, backend.logs);
  } finally {
    await b?.close();
    await backend.stop();
    await served.close();
  }

  const size = pipeline[0]!.bytes;
  const p = pipeline.map((r) => mibps(r.bytes, r.transferMs));
  const pDone = pipeline.map((r) => mibps(r.bytes, r.doneMs));
  const spool = pipeline.map((r) => mibps(r.bytes, r.feedMs));
  const spoolAlone = backlog.map((r) => mibps(r.bytes, r.feedMs));
  const q = backlog.map((r) => mibps(r.bytes, r.drainMs!));
  const d = direct.map((r) => mibps(size, r.lastPutAt - r.startAt));
  const dDone = direct.map((r) => mibps(size, r.doneAt - r.startAt));
  const pairs = (xs: number[], ys: number[]) => xs.map((x, i) => round(x / ys[i]!, 2)).join(', ');
  const common = `${runs} runs, ${(size / MiB).toFixed(0)} MiB (${pipeline[0]!.parts} parts of 5 MiB, ${IN_FLIGHT} in flight)`;
  const medianTrace = (ts: TraceSummary[], key: keyof TraceSummary) => median(ts.map((t) => t[key]));
  return [
    {
      benchmark: name,
      metric: 'upload from the spool, in Chromium: → last part stored',
      value: round(median(q)),
      unit: 'MiB/s',
      note:
        `${common}, ${spread(q)}; the whole stream spooled first (at ${round(median(spoolAlone))} MiB/s with no upload running), ` +
        `PUTs held at a gate until Stop, then every part read back from IndexedDB`,
    },
    {
      benchmark: name,
      metric: "the browser's ceiling: bare fetch() PUTs of in-memory Blobs (same document, same parts)",
      value: round(median(fetchFloor)),
      unit: 'MiB/s',
      note: `${runs} runs, ${spread(fetchFloor)}; one in-memory Blob sliced to each part, ${IN_FLIGHT} in flight, no spool, no queue`,
    },
    {
      benchmark: name,
      metric: 'ratio upload from the spool / bare fetch (the browser\'s ceiling)',
      value: round(median(q) / median(fetchFloor), 2),
      unit: '×',
      note: `goal ≥ 0.9; ratio of medians; per-run pairs ${pairs(q, fetchFloor)}`,
    },
    {
      benchmark: name,
      metric: 'for context: bare fetch() PUTs of IndexedDB-stored Blobs (same document, same parts)',
      value: round(median(fetchStored)),
      unit: 'MiB/s',
      note:
        `${runs} runs, ${spread(fetchStored)}; ${CHUNK_BYTES} B chunk Blobs stored in IndexedDB and read back before the clock starts, each part a Blob of slices of them ` +
        `(the kind of body the spool hands to fetch): / in-memory ${round(median(fetchStored) / median(fetchFloor), 2)}; upload from the spool / this ${round(median(q) / median(fetchStored), 2)} (pairs ${pairs(q, fetchStored)})`,
    },
    {
      benchmark: name,
      metric: 'where the time goes: mean PUTs in flight, spool | bare fetch',
      value: round(medianTrace(backlogTrace, 'meanInFlight'), 2),
      unit: 'PUTs',
      note:
        `bare fetch ${round(medianTrace(fetchTrace, 'meanInFlight'), 2)}; median PUT ${Math.round(medianTrace(backlogTrace, 'putMs'))} ms vs ${Math.round(medianTrace(fetchTrace, 'putMs'))} ms; ` +
        `spool reads ${round(medianTrace(backlogTrace, 'readMs'))} ms, acks ${round(medianTrace(backlogTrace, 'ackMs'))} ms (medians)`,
    },
    {
      benchmark: name,
      metric: 'for context: recording → stored (spool and upload at once): first chunk → last part stored',
      value: round(median(p)),
      unit: 'MiB/s',
      note:
        `${common}, ${spread(p)}; to done (complete answered) ${round(median(pDone))} MiB/s; ${CHUNK_BYTES} B chunks replayed as fast as the spool takes them ` +
        `(the spool took them at ${round(median(spool))} MiB/s while uploading); / bare fetch ${round(median(p) / median(fetchFloor), 2)}`,
    },
    {
      benchmark: name,
      metric: 'for context: IndexedDB floor, one transaction per ~1 s chunk',
      value: round(median(floor.map((x) => x / MiB))),
      unit: 'MiB/s',
      note: `${runs} runs, ${spread(floor.map((x) => x / MiB))}; bare IndexedDB in the same document: a ${CHUNK_BYTES} B Blob + a 10 KB record per readwrite transaction (default durability)`,
    },
    {
      benchmark: name,
      metric: 'for context: the same bytes PUT from Node (node:http): presign → last part stored',
      value: round(median(d)),
      unit: 'MiB/s',
      note:
        `${common}, ${spread(d)}; to complete ${round(median(dDone))} MiB/s; the object the pipeline stored, same backend, same embedded store; ` +
        `bare fetch / Node ${round(median(fetchFloor) / median(d), 2)}, spool / Node ${round(median(q) / median(d), 2)}, recording → stored / Node ${round(median(p) / median(d), 2)}`,
    },
  ];
}
