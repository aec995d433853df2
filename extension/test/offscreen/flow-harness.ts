/**
 * Test harness for the offscreen recorder flow: a real backend per test file, the controller with
 * the real spool on fake-indexeddb, and a SCRIPTED (fake) capture + MediaRecorder, because Node has
 * no media stack. The scripted recorder emits given chunks as 'dataavailable' events, and one more
 * after stop(), like Chrome.
 */
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startReelay, type ReelayServer } from '../../../backend/src/server';
import type { ChunkSpool } from '../../src/core/chunk-spool';
import { alwaysOnline } from '../../src/offscreen/system-ports';
import { ApiClient } from '../../src/shared/api-client';
import type { BackgroundMessage, OffscreenStartRecordingData } from '../../src/shared/messages';
import { DEFAULT_CAPTURE_OPTIONS } from '../../src/shared/capture-options';
import type { RecorderStatus } from '../../src/shared/recorder-status';
import type { Capture, MediaPorts, RecorderLike } from '../../src/offscreen/media-capture';
import { RecorderController } from '../../src/offscreen/recorder-controller';
import type { LinkAtStopPorts } from '../../src/offscreen/link-at-stop';
import { openIdbSpool, type IdbChunkSpool } from '../../src/offscreen/spool/idb-spool';
import { StatusPublisher } from '../../src/offscreen/status-publisher';
import { identityTransform, type StreamTransformFactory } from '../../src/core/transforms/stream-transform';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export let server: ReelayServer;
let dataDir: string;

/** Call once at the top of a test file: a backend for the file, cleanups after each test. */
export function useFlowBackend(): void {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'reelay-offscreen-flow-'));
    server = await startReelay({ DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0' }, { log: () => {} });
  }, 60_000);
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
}

// --- the scripted media -------------------------------------------------------------------------

/** Emits queued chunks every few ms while recording; stop() emits `finalChunk` then 'stop'. */
export class ScriptedRecorder extends EventTarget implements RecorderLike {
  state: RecordingState = 'inactive';
  ondataavailable: RecorderLike['ondataavailable'] = null;
  onerror: RecorderLike['onerror'] = null;
  readonly emitted: Uint8Array[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly queue: Uint8Array[],
    private readonly finalChunk: Uint8Array,
  ) {
    super();
  }

  start(): void {
    this.state = 'recording';
    this.timer = setInterval(() => {
      if (this.state === 'recording' && this.queue.length > 0) this.emit(this.queue.shift()!);
    }, 3);
  }
  pause(): void {
    this.state = 'paused';
  }
  resume(): void {
    this.state = 'recording';
  }
  stop(): void {
    clearInterval(this.timer);
    this.state = 'inactive';
    setTimeout(() => {
      this.emit(this.finalChunk); // Chrome: one more dataavailable after stop()
      this.dispatchEvent(new Event('stop'));
    }, 5);
  }
  get drained(): boolean {
    return this.queue.length === 0;
  }
  private emit(bytes: Uint8Array): void {
    this.emitted.push(bytes);
    this.ondataavailable?.call(this as unknown as MediaRecorder, { data: new Blob([bytes as BlobPart]) } as BlobEvent);
  }
}

export class ScriptedTrack extends EventTarget {
  readyState: MediaStreamTrackState = 'live';
  getSettings(): MediaTrackSettings {
    return { width: 1280, height: 720 };
  }
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export function scriptedMedia(chunks: Uint8Array[], finalChunk: Uint8Array) {
  const state: { recorder?: ScriptedRecorder; track?: ScriptedTrack; captureStopped: boolean } = { captureStopped: false };
  const media: MediaPorts = {
    openCapture: async () => {
      state.track = new ScriptedTrack();
      const capture: Capture = {
        stream: {} as MediaStream,
        video: state.track,
        stop: () => {
          state.captureStopped = true;
        },
      };
      return capture;
    },
    isTypeSupported: (type) => type.includes('vp9'),
    createRecorder: () => (state.recorder = new ScriptedRecorder([...chunks], finalChunk)),
  };
  return { media, state };
}

/** Random chunks around 300 KB, like a MediaRecorder at a few Mbit/s with 1 s slices. */
export function randomChunks(total: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < total; ) {
    const size = Math.min(total - at, 200_000 + Math.floor(Math.random() * 200_000));
    chunks.push(new Uint8Array(randomBytes(size)));
    at += size;
  }
  return chunks;
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
export const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

/**
 * Test-side witness of what the recorder put into its spool: the bytes of every committed append
 * (the spooled stream, in order) and when each part's acknowledgement was persisted. The product
 * keeps neither; the tests compare the stored object and the upload's timing with them.
 */
export class SpoolWitness {
  private readonly appended = new Map<string, Promise<Uint8Array>[]>();
  readonly acks: { localId: string; partNumber: number; ackedAt: number }[] = [];

  wrap(spool: ChunkSpool): ChunkSpool {
    return Object.assign(Object.create(spool) as ChunkSpool, {
      appendChunk: async (...args: Parameters<ChunkSpool['appendChunk']>) => {
        const result = await spool.appendChunk(...args);
        const data = args[1];
        const bytes = data instanceof Blob ? data.arrayBuffer().then((b) => new Uint8Array(b)) : Promise.resolve(new Uint8Array(data));
        const list = this.appended.get(args[0]) ?? [];
        list.push(bytes);
        this.appended.set(args[0], list);
        return result;
      },
      acknowledgePart: async (...args: Parameters<ChunkSpool['acknowledgePart']>) => {
        const result = await spool.acknowledgePart(...args);
        this.acks.push({ localId: args[0], partNumber: args[1].partNumber, ackedAt: Date.now() });
        return result;
      },
    });
  }

  /** The spooled stream of one recording, as it was committed. */
  async stream(localId: string): Promise<Uint8Array> {
    return concat(await Promise.all(this.appended.get(localId) ?? []));
  }

  /** Part numbers whose acknowledgement was persisted before `time`, sorted. */
  ackedBefore(localId: string, time: number): number[] {
    return this.acks.filter((a) => a.localId === localId && a.ackedAt < time).map((a) => a.partNumber).sort((a, b) => a - b);
  }
}

// --- harness ----------------------------------------------------------------------------------------

let dbCounter = 0;
export const cleanups: (() => Promise<void> | void)[] = [];

export function freshDbName(): string {
  return `reelay-flow-${process.pid}-${++dbCounter}`;
}

export async function harness(options: {
  media: MediaPorts;
  factory?: StreamTransformFactory;
  dbName?: string;
  /** Wrap the real spool (e.g. to make writes fail like a full disk). */
  wrapSpool?: (spool: ChunkSpool) => ChunkSpool;
  /** Shared by harnesses over the same database (a document that restarts). */
  witness?: SpoolWitness;
  /** The clipboard that gets the link at Stop (without it, the link comes with 'done'). */
  linkAtStop?: LinkAtStopPorts;
}) {
  const witness = options.witness ?? new SpoolWitness();
  const spool = await openIdbSpool({ name: options.dbName ?? freshDbName() });
  const statuses: RecorderStatus[] = [];
  const notifications: BackgroundMessage[] = [];
  const publisher = new StatusPublisher({ status: (s) => statuses.push(s), badge: () => {} });
  const controller = new RecorderController({
    spool: Promise.resolve(witness.wrap(options.wrapSpool ? options.wrapSpool(spool) : spool)),
    publisher,
    notify: (m) => notifications.push(m),
    factory: options.factory ?? identityTransform,
    media: options.media,
    upload: { connectivity: alwaysOnline, retry: { baseDelayMs: 50, maxDelayMs: 400 }, stallPauseMs: 200 },
    ...(options.linkAtStop ? { linkAtStop: options.linkAtStop } : {}),
  });
  cleanups.push(() => {
    publisher.dispose();
    controller.dispose();
    spool.close();
  });
  const sender = {} as chrome.runtime.MessageSender;
  const h = controller.handlers;
  return {
    spool,
    witness,
    controller,
    publisher,
    statuses,
    notifications,
    start: (data: Partial<OffscreenStartRecordingData> = {}, serverUrl = server.localUrl) =>
      h['start-recording'](
        { options: { ...DEFAULT_CAPTURE_OPTIONS, source: 'screen', microphone: false }, server: { url: serverUrl, apiToken: server.apiToken }, ...data },
        sender,
      ),
    stop: () => h['stop-recording']({}, sender),
    pause: () => h['pause-recording']({}, sender),
    resume: () => h['resume-recording']({}, sender),
    cancel: () => h['cancel-recording']({}, sender),
    status: () => h['get-status']({}, sender) as RecorderStatus,
    listRecent: () => h['list-recent']({}, sender),
    deleteRecording: (localId: string) => h['delete-recording']({ localId }, sender),
    recover: (serverUrl = server.localUrl) => h.recover({ server: { url: serverUrl, apiToken: server.apiToken } }, sender),
  };
}

export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Deletes the recording's server side behind the recorder's back (as a sweeper would): its upload is gone. */
export async function sweepServerRecording(spool: IdbChunkSpool): Promise<void> {
  const { serverId, uploadToken } = await until(async () => {
    const r = await onlyRecord(spool);
    return r.serverId ? r : undefined;
  }, 'server recording');
  await new ApiClient({ serverUrl: server.localUrl }).deleteRecording(serverId!, uploadToken!);
}

export async function onlyRecord(spool: IdbChunkSpool) {
  const records = await spool.listRecordings();
  expect(records).toHaveLength(1);
  return records[0]!;
}

export async function downloadVideo(id: string): Promise<Uint8Array> {
  const res = await fetch(`${server.localUrl}/v/${id}/video`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}


/**
 * A server started now on a port of its own, unreachable at `port` until `open()`, which makes it
 * answer there at once (a TCP forwarder). For a server that must come back within a bounded retry
 * budget: starting one (its database, its store) takes seconds on a busy machine, opening a port
 * does not.
 */
export async function serverBehindClosedPort(port: number): Promise<{ open: () => Promise<void> }> {
  const started = await startLateServer(0);
  const target = Number(new URL(started.localUrl).port);
  const sockets = new Set<Socket>();
  const forwarder = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((s) => s.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (forwarder.listening) forwarder.close(() => resolve());
        else resolve();
      }),
  );
  return {
    open: () => new Promise<void>((resolve, reject) => forwarder.once('error', reject).listen(port, '127.0.0.1', () => resolve())),
  };
}

export async function startLateServer(port: number): Promise<ReelayServer> {
  const dir = await mkdtemp(join(tmpdir(), 'reelay-offscreen-late-'));
  const late = await startReelay(
    { DATA_DIR: dir, PORT: String(port), EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0', API_TOKEN: server.apiToken },
    { log: () => {} },
  );
  cleanups.push(async () => {
    await late.close();
    await rm(dir, { recursive: true, force: true });
  });
  return late;
}
