/**
 * The extension's recorder pipeline in Node, fed with a replayed MediaRecorder stream: the real
 * RecorderController / RecorderSession, ChunkWriter (WebM fixer), the IndexedDB spool
 * (on fake-indexeddb), UploadPipeline + UploadQueue with fetch to presigned URLs, against a real
 * backend and its store. Only capture and MediaRecorder are stand-ins (ReplayRecorder).
 *
 * Chunks are fed as fast as the upload keeps up (never more than a few parts of backlog), and
 * before Stop the pipeline is let reach the state a live recording has at Stop: every full part
 * acknowledged (part 1 as the head object, patched by the server at complete). Then Stop → share
 * link is timed.
 */
import 'fake-indexeddb/auto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PART_SIZE } from '../../api';
import { alwaysOnline } from '../../extension/src/offscreen/system-ports';
import type { Capture, MediaPorts, RecorderLike } from '../../extension/src/offscreen/media-capture';
import { RecorderController } from '../../extension/src/offscreen/recorder-controller';
import { openIdbSpool } from '../../extension/src/offscreen/spool/idb-spool';
import { witnessAcks } from './ack-witness';
import { FetchTrace } from './stop-to-link-trace';
import { StatusPublisher } from '../../extension/src/offscreen/status-publisher';
import { ACTIVE_TRANSFORM } from '../../extension/src/core/transforms';
import { ApiClient } from '../../extension/src/shared/api-client';
import type { RecorderStatus } from '../../extension/src/shared/recorder-status';
import { DEFAULT_CAPTURE_OPTIONS } from '../../extension/src/shared/capture-options';

/** MediaRecorder stand-in: the driver emits chunks; stop() delivers the held-back last one, then 'stop'. */
class ReplayRecorder extends EventTarget implements RecorderLike {
  state: RecordingState = 'inactive';
  ondataavailable: RecorderLike['ondataavailable'] = null;
  onerror: RecorderLike['onerror'] = null;
  finalChunk: Uint8Array = new Uint8Array(0);

  start(): void {
    this.state = 'recording';
  }
  pause(): void {
    this.state = 'paused';
  }
  resume(): void {
    this.state = 'recording';
  }
  stop(): void {
    this.state = 'inactive';
    // Chrome delivers one more dataavailable after stop(), then 'stop'.
    queueMicrotask(() => {
      this.emit(this.finalChunk);
      this.dispatchEvent(new Event('stop'));
    });
  }
  emit(bytes: Uint8Array): void {
    this.ondataavailable?.call(this as unknown as MediaRecorder, { data: new Blob([bytes as BlobPart]) } as BlobEvent);
  }
}

class StandInTrack extends EventTarget {
  readyState: MediaStreamTrackState = 'live';
  getSettings(): MediaTrackSettings {
    return { width: 1280, height: 720 };
  }
}

export interface PipelineRun {
  /** Stop pressed → the last chunk spooled and finalized (stop-recording answered). */
  stopToSpooledMs: number;
  /** Stop → 'done' with the share link (every part acknowledged, complete answered). */
  stopToDoneMs: number;
  /** Stop → GET /v/:id/video answered with the first bytes of the video (206). */
  stopToPlayableMs: number;
  /** Complete request alone (from the record: completedAt − last part acknowledged). */
  completeMs: number;
  /** Parts uploaded after Stop (the tail). */
  partsAfterStop: number;
  /** Epoch ms of Stop, as the recorder noted it. */
  stoppedAt: number;
  bytesAfterStop: number;
  objectBytes: number;
  parts: number;
  serverId: string;
  /** Stop → playable step by step: the stop command, then every request from Stop on (stop-to-link-trace.ts). */
  breakdown: string[];
}

let dbCounter = 0;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

type Active = Extract<RecorderStatus, { state: 'recording' | 'paused' | 'finishing' }>;

export async function runPipeline(
  backend: { url: string; apiToken: string },
  chunks: Iterable<Uint8Array>,
  beforeStop: () => void = () => {},
): Promise<PipelineRun> {
  const spool = await openIdbSpool({ name: `reelay-bench-${process.pid}-${++dbCounter}` });
  const trace = new FetchTrace();
  trace.install();
  const witnessed = witnessAcks(spool);
  let done: ((s: Extract<RecorderStatus, { state: 'done' }>) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  const doneStatus = new Promise<Extract<RecorderStatus, { state: 'done' }>>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  let doneAt = 0;
  const publisher = new StatusPublisher({
    status: (s) => {
      if (s.state === 'done') {
        doneAt = performance.now();
        done?.(s);
      } else if (s.state === 'failed') failed?.(new Error(`recorder failed: ${JSON.stringify(s.error)}`));
    },
    badge: () => {},
  });
  const recorder = new ReplayRecorder();
  const media: MediaPorts = {
    openCapture: async () => ({ stream: {} as MediaStream, video: new StandInTrack(), stop: () => {} }) satisfies Capture,
    isTypeSupported: (type) => type.includes('vp9'),
    createRecorder: () => recorder,
  };
  const controller = new RecorderController({
    spool: Promise.resolve(witnessed.spool),
    publisher,
    notify: () => {},
    factory: ACTIVE_TRANSFORM,
    media,
    upload: { connectivity: alwaysOnline },
  });
  const h = controller.handlers;
  const sender = {} as chrome.runtime.MessageSender;
  try {
    const started = await h['start-recording']({ options: { ...DEFAULT_CAPTURE_OPTIONS, source: 'screen', countdownSeconds: 0 }, server: { url: backend.url, apiToken: backend.apiToken } }, sender);
    if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started.error)}`);
    const upload = () => (h['get-status']({}, sender) as Active).upload;

    // Feed every chunk but the last (delivered after stop(), like Chrome), keeping the upload up.
    let emitted = 0;
    let previous: Uint8Array | undefined;
    for (const chunk of chunks) {
      if (previous) {
        recorder.emit(previous);
        emitted += previous.length;
        await until(() => {
          const u = upload();
          const behindSpool = u.bytesRecorded < emitted - 2 * previous!.length;
          const backlog = u.bytesRecorded - u.bytesUploaded - PART_SIZE; // the part being cut
          return !behindSpool && backlog <= 3 * PART_SIZE;
        }, 'the spool and the upload to keep up');
      }
      previous = chunk;
    }
    recorder.finalChunk = previous ?? new Uint8Array(0);
    // A live recording at Stop: everything spooled, every full part acknowledged (part 1 as the head).
    await until(() => {
      const u = upload();
      const fullParts = Math.floor(u.bytesRecorded / PART_SIZE);
      return u.bytesRecorded >= emitted && u.partsUploaded >= fullParts && u.retrying === undefined;
    }, 'the steady state before Stop', 600_000);

    beforeStop();
    // The spool here is fake-indexeddb: every chunk of the recording sits in this process's heap
    // (in Chromium it is on disk). Collect now, so that a collection of those hundreds of MB does
    // not land inside the timed steps.
    collectGarbage();
    const t0 = performance.now();
    const stopped = await h['stop-recording']({}, sender);
    const t1 = performance.now();
    if (!stopped.ok) throw new Error(`stop failed: ${JSON.stringify(stopped.error)}`);
    const status = await doneStatus;
    // As the share page's <video> does: /v/:id/video redirects to a presigned GET of the store.
    const redirect = await fetch(`${backend.url}/v/${status.recordingId}/video`, { redirect: 'manual' });
    await redirect.arrayBuffer();
    const location = redirect.headers.get('location');
    if (redirect.status !== 302 || !location) throw new Error(`the video did not redirect: HTTP ${redirect.status}`);
    const playable = await fetch(location, { headers: { range: 'bytes=0-1023' } });
    const head = new Uint8Array(await playable.arrayBuffer());
    const t3 = performance.now();
    if (playable.status !== 206 || head[0] !== 0x1a || head[1] !== 0x45) throw new Error(`the video did not answer: HTTP ${playable.status}`);

    const record = (await spool.listRecordings())[0]!;
    const timeline = witnessed.acks.filter((a) => a.localId === record.localId);
    const after = timeline.filter((p) => p.ackedAt >= record.stoppedAt!);
    const lastAck = Math.max(...timeline.map((p) => p.ackedAt));
    const run: PipelineRun = {
      stopToSpooledMs: t1 - t0,
      stopToDoneMs: doneAt - t0,
      stopToPlayableMs: t3 - t0,
      completeMs: record.completedAt! - lastAck,
      partsAfterStop: after.length,
      stoppedAt: record.stoppedAt!,
      bytesAfterStop: after.reduce((s, p) => s + p.size, 0),
      objectBytes: record.bytesSpooled,
      parts: record.acknowledgedParts.length,
      serverId: status.recordingId,
      breakdown: [
        `+    0 … +${(t1 - t0).toFixed(0).padStart(5)} ms  stop-recording (last chunk spooled, stream finalized)`,
        ...trace.breakdown(t0),
        `+${(doneAt - t0).toFixed(0).padStart(5)} ms  done (share link); playable at +${(t3 - t0).toFixed(0)} ms`,
      ],
    };
    // Free the store's disk: the next runs write hundreds of MB too.
    await new ApiClient({ serverUrl: backend.url }).deleteRecording(status.recordingId, record.uploadToken!).catch(() => undefined);
    return run;
  } finally {
    trace.uninstall();
    publisher.dispose();
    controller.dispose();
    spool.close();
  }
}
