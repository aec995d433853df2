/**
 * BENCH BUILDS ONLY (bench/lib/bench-extension.ts adds this page to a separate build; the
 * production build and manifest never contain it). Created by the benchmarks as THE offscreen
 * document, it runs the extension's real recorder — RecorderController → RecorderSession →
 * ChunkWriter (WebM fixer, SHA-256) → IndexedDB spool → part cutter → UploadPipeline/UploadQueue
 * → presigned PUTs → complete — with MediaRecorder replaced by a replay of a real recording.
 * The benchmark drives it over CDP (Runtime.evaluate on `reelayBench`), nothing else can reach it.
 */
import { PART_SIZE } from '../core/part-cutter';
import type { RecorderStatus, UploadProgress } from '../shared/recorder-status';
import { RecorderController } from '../offscreen/recorder-controller';
import { openIdbSpool, type IdbChunkSpool } from '../offscreen/spool/idb-spool';
import { StatusPublisher } from '../offscreen/status-publisher';
import { loopedChunkPieces, type ClusterIndex, type Piece } from './looped-stream';
import { CanvasCapture, ReplayRecorder, replayMedia } from './replay-media';

/**
 * 'steady': chunks go in as fast as the upload keeps up (never more than a few parts of backlog),
 *   like a live recording whose upload keeps pace, only faster than real time.
 * 'flood': chunks go in as fast as the spool takes them; the upload runs flat out behind.
 */
export type Pace = 'steady' | 'flood';

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
  /** Epoch ms when the session reported 'done' (complete answered). */
  doneAt: number;
  /** Epoch ms of the last part acknowledgement, and of the first (from the record's timeline). */
  lastAckAt: number;
  firstAckAt: number;
  completedAt: number;
  recordingId: string;
  uploadToken: string;
  bytesSpooled: number;
  parts: number;
}

class ObservedPublisher extends StatusPublisher {
  private waiters: { test: (s: RecorderStatus) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  doneAt = 0;

  override dispatch(event: Parameters<StatusPublisher['dispatch']>[0]): void {
    super.dispatch(event);
    if (event.type === 'done') this.doneAt = Date.now();
    const status = this.status();
    for (const w of [...this.waiters]) {
      if (status.state === 'failed') w.reject(new Error(`recorder failed: ${JSON.stringify(status.error)}`));
      else if (w.test(status)) w.resolve();
      else continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
    }
  }

  /** Resolves when `test` holds (checked now and on every status change). */
  until(test: (s: RecorderStatus) => boolean): Promise<void> {
    const status = this.status();
    if (status.state === 'failed') return Promise.reject(new Error(`recorder failed: ${JSON.stringify(status.error)}`));
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
}

let source: Blob | undefined;
let run: Run | undefined;

const sender = {} as chrome.runtime.MessageSender;

function chunkBlob(pieces: readonly Piece[]): Blob {
  return new Blob(pieces.map((p) => (p instanceof Uint8Array ? (p as Uint8Array<ArrayBuffer>) : source!.slice(p.start, p.end))));
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
    const publisher = new ObservedPublisher({ status: () => {}, badge: () => {} });
    const recorder = new ReplayRecorder();
    const capture = new CanvasCapture();
    const spool = await openIdbSpool();
    const controller = new RecorderController({
      spool: Promise.resolve(spool),
      publisher,
      notify: () => {},
      media: replayMedia(recorder, capture),
    });
    run = { controller, publisher, recorder, capture, spool };
    const started = await controller.handlers['start-recording'](
      { source: 'screen', microphone: false, server: config.server, title: config.title ?? 'bench replay' },
      sender,
    );
    if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started.error)}`);

    const chunkBytes = config.index.chunkBytes;
    let emitted = 0;
    let chunks = 0;
    let previous: Blob | undefined;
    const firstChunkAt = Date.now();
    for (const pieces of loopedChunkPieces(config.index, config.durationMs)) {
      if (previous) {
        run.recorder.emit(previous);
        capture.tick();
        emitted += previous.size;
        chunks++;
        const fed = emitted;
        await publisher.until((s) => {
          const u = uploadOf(s);
          if (!u) return false;
          if (u.bytesRecorded < fed - (config.pace === 'flood' ? 4 : 2) * chunkBytes) return false;
          return config.pace === 'flood' || u.bytesRecorded - u.bytesUploaded - PART_SIZE <= 3 * PART_SIZE;
        });
      }
      previous = chunkBlob(pieces);
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
  },

  /** Stop → 'done' (the last chunk spooled, part 1 and the tail uploaded, the upload completed). */
  async finish(): Promise<FinishResult> {
    if (!run) throw new Error('begin() first');
    const { controller, publisher, spool } = run;
    try {
      const stopAt = Date.now();
      const stopped = await controller.handlers['stop-recording']({}, sender);
      if (!stopped.ok) throw new Error(`stop failed: ${JSON.stringify(stopped.error)}`);
      await publisher.until((s) => s.state === 'done');
      const status = publisher.status() as Extract<RecorderStatus, { state: 'done' }>;
      const record = (await spool.listRecordings()).find((r) => r.serverId === status.recordingId)!;
      const acks = (record.timeline?.parts ?? []).map((p) => p.ackedAt);
      return {
        stopAt,
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
    if (!run) return;
    const { controller, publisher, capture, spool } = run;
    run = undefined;
    publisher.dispose();
    controller.dispose();
    capture.stop();
    spool.close();
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
