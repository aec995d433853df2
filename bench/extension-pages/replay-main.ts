/**
 * BENCH BUILDS ONLY (bench/lib/bench-extension.ts adds this page to a separate build; the
 * production build and manifest never contain it). Created by the benchmarks as THE offscreen
 * document, it runs the extension's real recorder — RecorderController → RecorderSession →
 * ChunkWriter (WebM fixer) → IndexedDB spool → part cutter → UploadPipeline/UploadQueue
 * → presigned PUTs → complete — with MediaRecorder replaced by a replay of a real recording.
 * The benchmark drives it over CDP (Runtime.evaluate on `reelayBench`), nothing else can reach it.
 */
import { PART_SIZE } from '../../api';
import { DEFAULT_CAPTURE_OPTIONS } from '../../extension/src/shared/capture-options';
import type { RecorderStatus, UploadProgress } from '../../extension/src/shared/recorder-status';
import { RecorderController } from '../../extension/src/offscreen/recorder-controller';
import { openIdbSpool, type IdbChunkSpool } from '../../extension/src/offscreen/spool/idb-spool';
import { witnessAcks, type AckTime } from '../lib/ack-witness';
import { traceSpool, type TraceEntry } from '../lib/upload-trace';
import { fetchFloor } from './fetch-floor';
import { StatusPublisher } from '../../extension/src/offscreen/status-publisher';
import { loopedChunkPieces, type ClusterIndex, type Piece } from './looped-stream';
import { CanvasCapture, ReplayRecorder, replayMedia } from './replay-media';

/**
 * 'steady': chunks go in as fast as the upload keeps up (never more than a few parts of backlog),
 *   like a live recording whose upload keeps pace, only faster than real time.
 * 'flood': chunks go in as fast as the spool takes them; the upload runs flat out behind.
 * 'backlog': like 'flood', but every PUT to the store waits at a gate until finish() has stopped
 *   the recording: the whole stream is spooled first, then uploaded from the spool (a network
 *   that was away while recording). The requests themselves are the pipeline's, unchanged.
 */
export type Pace = 'steady' | 'flood' | 'backlog';

export interface BeginConfig {
  server: { url: string; apiToken: string };
  index: ClusterIndex;
  durationMs: number;
  pace: Pace;
  title?: string;
}

export interface BeginResult {
  chunks: number;
  bytesFed: number;
  /** Epoch ms just before the first chunk was handed to the recorder session. */
  firstChunkAt: number;
  /** Epoch ms when all but the last chunk were handed over (and, 'steady': spooled and uploaded but part 1). */
  fedAt: number;
}

export interface FinishResult {
  stopAt: number;
  /** 'backlog': epoch ms when the PUT gate opened (everything spooled and finalized by then). */
  releasedAt?: number;
  /** Epoch ms when the session reported 'done' (complete answered). */
  doneAt: number;
  /** Epoch ms of the last part acknowledgement, and of the first (witnessed on the spool). */
  lastAckAt: number;
  firstAckAt: number;
  completedAt: number;
  recordingId: string;
  uploadToken: string;
  bytesSpooled: number;
  parts: number;
}

/** 'flood'/'backlog': how many chunks may wait for the spool (≈ 6 MiB at 391 KB chunks). */
const FLOOD_WINDOW_CHUNKS = 16;

class ObservedPublisher extends StatusPublisher {
  private waiters: { test: (s: RecorderStatus) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  doneAt = 0;
  /** The last upload progress seen (for failure reports). */
  private lastUpload: UploadProgress | undefined;

  override dispatch(event: Parameters<StatusPublisher['dispatch']>[0]): void {
    super.dispatch(event);
    if (event.type === 'done') this.doneAt = Date.now();
    const status = this.status();
    this.lastUpload = uploadOf(status) ?? this.lastUpload;
    for (const w of [...this.waiters]) {
      if (status.state === 'failed') w.reject(this.failure(status));
      else if (w.test(status)) w.resolve();
      else continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
    }
  }

  private failure(status: Extract<RecorderStatus, { state: 'failed' }>): Error {
    return new Error(`recorder failed: ${JSON.stringify(status.error)}; last upload progress ${JSON.stringify(this.lastUpload)}`);
  }

  /** Resolves when `test` holds (checked now and on every status change). */
  until(test: (s: RecorderStatus) => boolean): Promise<void> {
    const status = this.status();
    if (status.state === 'failed') return Promise.reject(this.failure(status));
    if (test(status)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ test, resolve, reject }));
  }
}

const uploadOf = (s: RecorderStatus): UploadProgress | undefined => ('upload' in s ? s.upload : undefined);

interface Run {
  controller: RecorderController;
  publisher: ObservedPublisher;
  recorder: ReplayRecorder;
  capture: CanvasCapture;
  spool: IdbChunkSpool;
  /** When each part's acknowledgement was persisted (witnessed here: the product keeps no timeline). */
  acks: AckTime[];
}

let source: Blob | undefined;
let run: Run | undefined;

/** The PUT gate of the 'backlog' pace (the upload transport binds globalThis.fetch when a run starts). */
let gate: { opened: Promise<void>; open: () => void } | undefined;
const realFetch = globalThis.fetch.bind(globalThis);
/** Every PUT and presign request (and, through traceSpool, spool read and ack) of the current run. */
let trace: TraceEntry[] = [];
async function tracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const kind = init?.method === 'PUT' ? 'put' : String(input).endsWith('/parts') && init?.method === 'POST' ? 'presign' : undefined;
  const start = performance.now();
  const response = await realFetch(input, init);
  if (kind) trace.push({ kind, start, end: performance.now(), ...(init?.body instanceof Blob ? { bytes: init.body.size } : {}) });
  return response;
}
globalThis.fetch = (input, init) =>
  gate && init?.method === 'PUT' ? gate.opened.then(() => tracedFetch(input, init)) : tracedFetch(input, init);

const sender = {} as chrome.runtime.MessageSender;

function chunkBlob(pieces: readonly Piece[]): Blob {
  return new Blob(pieces.map((p) => (p instanceof Uint8Array ? (p as Uint8Array<ArrayBuffer>) : source!.slice(p.start, p.end))));
}

/** begin(): start the session, then hand it the chunks at the configured pace. */
async function startAndFeed(config: BeginConfig): Promise<BeginResult> {
  if (config.pace === 'backlog') {
    let open = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    gate = { opened, open };
  }
  const publisher = new ObservedPublisher({ status: () => {}, badge: () => {} });
  const recorder = new ReplayRecorder();
  const capture = new CanvasCapture();
  const spool = await openIdbSpool();
  trace = [];
  const witnessed = witnessAcks(traceSpool(spool, trace));
  const controller = new RecorderController({
    spool: Promise.resolve(witnessed.spool),
    publisher,
    notify: () => {},
    media: replayMedia(recorder, capture),
  });
  run = { controller, publisher, recorder, capture, spool, acks: witnessed.acks };
  const started = await controller.handlers['start-recording'](
    { options: { ...DEFAULT_CAPTURE_OPTIONS, source: 'screen', microphone: false }, server: config.server, title: config.title ?? 'bench replay' },
    sender,
  );
  if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started.error)}`);

  const chunkBytes = config.index.chunkBytes;
  // A real MediaRecorder builds its chunks off the page's main thread; the flat-out paces build
  // theirs before the clock starts, so that work is not charged to the pipeline.
  const built = (function* () {
    for (const pieces of loopedChunkPieces(config.index, config.durationMs)) yield chunkBlob(pieces);
  })();
  const blobs: Iterable<Blob> = config.pace === 'steady' ? built : [...built];
  let emitted = 0;
  let chunks = 0;
  let previous: Blob | undefined;
  const firstChunkAt = Date.now();
  for (const blob of blobs) {
    if (previous) {
      recorder.emit(previous);
      capture.tick();
      emitted += previous.size;
      chunks++;
      const fed = emitted;
      await publisher.until((s) => {
        const u = uploadOf(s);
        if (!u) return false;
        // A real MediaRecorder never waits for the spool; the window only bounds the replay's memory.
        if (u.bytesRecorded < fed - (config.pace === 'steady' ? 2 : FLOOD_WINDOW_CHUNKS) * chunkBytes) return false;
        return config.pace !== 'steady' || u.bytesRecorded - u.bytesUploaded - PART_SIZE <= 3 * PART_SIZE;
      });
    }
    previous = blob;
  }
  recorder.finalChunk = previous ?? new Blob([]);
  if (config.pace === 'steady') {
    // A live recording at Stop: everything spooled, every full part but part 1 (held) acknowledged.
    await publisher.until((s) => {
      const u = uploadOf(s);
      return !!u && u.bytesRecorded >= emitted && u.partsUploaded >= Math.max(0, Math.floor(u.bytesRecorded / PART_SIZE) - 1);
    });
  }
  return { chunks, bytesFed: emitted, firstChunkAt, fedAt: Date.now() };
}

const api = {
  /** Fetches the source recording once, as a Blob (its bytes stay in the browser's blob storage). */
  async load(url: string): Promise<number> {
    source = await (await fetch(url)).blob();
    return source.size;
  },

  /** Starts a recording and feeds every chunk but the last (which stop() delivers). */
  async begin(config: BeginConfig): Promise<BeginResult> {
    if (!source) throw new Error('load() the source first');
    if (run) throw new Error('a run is in progress');
    try {
      return await startAndFeed(config);
    } catch (error) {
      await api.end();
      throw error;
    }
  },

  /** Stop → 'done' (the last chunk spooled, part 1 and the tail uploaded, the upload completed). */
  async finish(): Promise<FinishResult> {
    if (!run) throw new Error('begin() first');
    const { controller, publisher, spool, acks: ackTimes } = run;
    try {
      const stopAt = Date.now();
      const stopped = await controller.handlers['stop-recording']({}, sender);
      if (!stopped.ok) throw new Error(`stop failed: ${JSON.stringify(stopped.error)}`);
      let releasedAt: number | undefined;
      if (gate) {
        releasedAt = Date.now();
        gate.open();
        gate = undefined;
      }
      await publisher.until((s) => s.state === 'done');
      const status = publisher.status() as Extract<RecorderStatus, { state: 'done' }>;
      const record = (await spool.listRecordings()).find((r) => r.serverId === status.recordingId)!;
      const acks = ackTimes.filter((a) => a.localId === record.localId).map((a) => a.ackedAt);
      return {
        stopAt,
        ...(releasedAt !== undefined ? { releasedAt } : {}),
        doneAt: publisher.doneAt,
        lastAckAt: Math.max(...acks),
        firstAckAt: Math.min(...acks),
        completedAt: record.completedAt ?? 0,
        recordingId: status.recordingId,
        uploadToken: record.uploadToken!,
        bytesSpooled: record.bytesSpooled,
        parts: record.acknowledgedParts.length,
      };
    } finally {
      await api.end();
    }
  },

  /** Releases the run (the controller, its capture, the database handle). */
  async end(): Promise<void> {
    gate?.open();
    gate = undefined;
    if (!run) return;
    const { controller, publisher, capture, spool } = run;
    run = undefined;
    publisher.dispose();
    controller.dispose();
    capture.stop();
    spool.close();
  },

  /**
   * For context: the browser's own floor for what the spool does per chunk — one readwrite
   * transaction (default durability, like the spool) adding a chunk-sized Blob and putting a
   * ~10 KB record — in a scratch database, `count` times in a row. Returns bytes per second.
   */
  async indexedDbFloor(chunkBytes: number, count: number): Promise<number> {
    const name = `reelay-bench-floor-${Date.now()}`;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('chunks');
        request.result.createObjectStore('records');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const bytes = new Uint8Array(chunkBytes);
    for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
    const record = { pad: 'x'.repeat(10_000) };
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const tx = db.transaction(['chunks', 'records'], 'readwrite');
      tx.objectStore('chunks').add(new Blob([bytes]), i);
      tx.objectStore('records').put({ ...record, i }, 'record');
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    const seconds = (performance.now() - start) / 1000;
    db.close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = resolve;
    });
    return (chunkBytes * count) / seconds;
  },

  /** For context: the browser's ceiling for the upload (fetch-floor.ts); traced like a run. */
  async fetchFloor(...args: Parameters<typeof fetchFloor>): Promise<number> {
    trace = [];
    return fetchFloor(...args);
  },

  /** The last run's trace (PUTs, presigns, spool reads and acks; performance.now() ms). */
  trace(): TraceEntry[] {
    return trace;
  },

  /** Sizes of the Blobs the replay itself holds (the source, the chunk waiting for stop()). */
  replayBlobs(): number[] {
    return [source?.size ?? 0, run?.recorder.finalChunk.size ?? 0].filter((n) => n > 0);
  },

  /** IndexedDB use of this origin as the browser accounts it, and the chunk bytes the spool holds. */
  async storage(): Promise<{ usage: number; indexedDB: number | null; spoolBytes: number }> {
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
    let spoolBytes = 0;
    if (run) {
      for (const record of await run.spool.listRecordings()) {
        for (const chunk of await run.spool.listChunks(record.localId)) spoolBytes += chunk.size;
      }
    }
    return { usage: estimate.usage ?? 0, indexedDB: estimate.usageDetails?.indexedDB ?? null, spoolBytes };
  },
};

export type ReplayApi = typeof api;

Object.assign(globalThis, { reelayBench: api });
