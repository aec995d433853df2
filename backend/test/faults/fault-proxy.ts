/**
 * A fault-injecting HTTP proxy for the S3 store: browser → proxy → store. Tests point the backend's
 * S3_PUBLIC_ENDPOINT at it, so presigned URLs are made (and signed) for the PROXY's host:port; the
 * proxy forwards every request with its headers untouched (Host included), so the store verifies
 * the signature against exactly what was signed. Nothing signed is rewritten.
 *
 * What it injects (see fault-schedule.ts): per part attempt a connection reset after N body bytes,
 * a 500 after the store took the part, a 503 SlowDown, or seconds of latency; and per window an
 * outage (connections refused or reset) or a throttled link shared by all bodies. It also offers
 * the same outage / throttle by hand (beginOutage, beginThrottle) for tests that need one at a
 * given moment. Every injected fault is counted by kind.
 *
 * Parts are recognised as `PUT ...?partNumber=N&uploadId=U`, and part 1 sent early as the head
 * object (`PUT .../recordings/<id>/head`) as part 1; other requests (CORS preflights, the thumbnail
 * PUT) only feel outages and throttling.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { faultFor, windowsStartingAt, type FaultKind, type FaultSchedule, type RequestFault, type WindowFault } from './fault-schedule';
import { emptyStats, type FaultEvent, type FaultStats, type PartAttempt } from './fault-stats';
import { partOf, resetSocket, s3ErrorResponse, sleep } from './proxy-http';
import { forwardRequest, type BodyBytes, type ForwardHow } from './forward-request';
import { ThrottledLink } from './throttled-link';

export type { FaultEvent, FaultStats, PartAttempt } from './fault-stats';
export type { BodyBytes } from './forward-request';

export interface FaultProxyOptions {
  /** The store, e.g. http://127.0.0.1:41234 (may be set later with setUpstream). */
  upstream?: string;
  /** Listen port (0: any free one). */
  port?: number;
  log?: (line: string) => void;
}

export class FaultProxy {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private upstream: URL | undefined;
  private schedule: FaultSchedule | null = null;
  private scheduleSetAt = Date.now();
  private counters: FaultStats = emptyStats();
  private readonly triggered = new Set<WindowFault>();
  private outage: { mode: 'refuse' | 'reset'; timer?: NodeJS.Timeout } | undefined;
  private outageEnding: Promise<void> | undefined;
  private readonly link = new ThrottledLink();
  private closed = false;
  /** Added to every request before it is forwarded (a round trip of the link, setRoundTrip). */
  private roundTripMs = 0;
  /** With recordBodies(): every request-body chunk that crossed the link (after any throttle). */
  private ledger: BodyBytes[] | undefined;
  private readonly log: (line: string) => void;
  readonly port: number;

  private constructor(server: Server, port: number, options: FaultProxyOptions) {
    this.server = server;
    this.port = port;
    this.log = options.log ?? (() => {});
    if (options.upstream) this.setUpstream(options.upstream);
  }

  static async start(options: FaultProxyOptions = {}): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = FaultProxy.newServer((req, res) => proxy!.handle(req, res), (socket) => proxy!.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    proxy = new FaultProxy(server, (server.address() as AddressInfo).port, options);
    return proxy;
  }

  private static newServer(onRequest: (req: IncomingMessage, res: ServerResponse) => void, onConnection: (s: Socket) => void): Server {
    // No request timeout: a throttled 5 MiB body may take a while.
    const server = createServer({ requestTimeout: 0 }, onRequest);
    server.on('connection', onConnection);
    server.on('clientError', (_err, socket) => socket.destroy());
    return server;
  }

  /** The address presigned URLs must be made for (S3_PUBLIC_ENDPOINT). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setUpstream(url: string): void {
    this.upstream = new URL(url);
  }

  /** A new schedule (or none): attempt counters, windows and stats start afresh. Ends a running outage/throttle. */
  async setSchedule(schedule: FaultSchedule | null): Promise<void> {
    await this.endOutage();
    this.endThrottle();
    this.schedule = schedule;
    this.triggered.clear();
    this.counters = emptyStats();
    this.link.throttledBytes = 0;
    this.scheduleSetAt = Date.now();
  }

  stats(): FaultStats {
    return structuredClone({ ...this.counters, throttledBytes: this.link.throttledBytes });
  }

  get outageActive(): boolean {
    return this.outage !== undefined;
  }

  // --- windows (also usable by hand) ---------------------------------------------------------------

  /** Refuse (listener closed) or reset every connection, and reset the open ones, until endOutage (or `durationMs`). */
  async beginOutage(mode: 'refuse' | 'reset', durationMs?: number, reason: FaultEvent = this.event('outage')): Promise<void> {
    if (this.outage || this.closed) return;
    if (this.outageEnding) await this.outageEnding; // (stays synchronous otherwise: the caller resets its request next)
    this.outage = { mode };
    this.record({ ...reason, detail: `${mode}${durationMs ? ` ${durationMs}ms` : ''}` });
    this.log(`outage (${mode}) begins${durationMs ? ` for ${durationMs} ms` : ''}`);
    for (const socket of this.sockets) {
      this.counters.outageConnections++;
      resetSocket(socket);
    }
    if (mode === 'refuse') {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
    if (durationMs !== undefined) this.outage.timer = setTimeout(() => void this.endOutage(), durationMs);
  }

  async endOutage(): Promise<void> {
    const outage = this.outage;
    if (!outage) return this.outageEnding;
    if (outage.timer) clearTimeout(outage.timer);
    if (outage.mode === 'reset' || this.closed) {
      this.outage = undefined;
      this.log('outage ends');
      return;
    }
    this.outageEnding = (async () => {
      // Listen again on the same port (presigned URLs name it). Retry briefly in case it is held.
      for (let attempt = 0; ; attempt++) {
        try {
          await new Promise<void>((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(this.port, '127.0.0.1', () => {
              this.server.off('error', reject);
              resolve();
            });
          });
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      this.outage = undefined;
      this.log('outage ends');
    })();
    try {
      await this.outageEnding;
    } finally {
      this.outageEnding = undefined;
    }
  }

  /** All request bodies share a link of `bytesPerSecond` for `durationMs`. */
  beginThrottle(bytesPerSecond: number, durationMs: number, reason: FaultEvent = this.event('throttle')): void {
    this.link.begin(bytesPerSecond, durationMs);
    this.record({ ...reason, detail: `${Math.round(bytesPerSecond / 1024)} KiB/s for ${durationMs}ms` });
    this.log(`throttle ${bytesPerSecond} B/s for ${durationMs} ms`);
  }

  endThrottle(): void {
    this.link.end();
  }

  /** Every request waits this long before it is forwarded: the link's round-trip time. */
  setRoundTrip(ms: number): void {
    this.roundTripMs = ms;
  }

  /** From now on, note every request-body chunk forwarded to the store (what, how many bytes, when). */
  recordBodies(): void {
    this.ledger = [];
  }

  /** The body chunks noted since recordBodies(). */
  bodies(): readonly BodyBytes[] {
    return this.ledger ?? [];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endThrottle();
    if (this.outage?.timer) clearTimeout(this.outage.timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  // --- requests ------------------------------------------------------------------------------------

  private event(kind: FaultKind, partNumber?: number, attempt?: number): FaultEvent {
    return { kind, at: Date.now() - this.scheduleSetAt, ...(partNumber !== undefined ? { partNumber, attempt } : {}) };
  }

  private record(event: FaultEvent): void {
    this.counters.injected[event.kind]++;
    this.counters.events.push(event);
  }

  private accept(socket: Socket): void {
    if (this.outage) {
      this.counters.outageConnections++;
      resetSocket(socket);
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.counters.requests++;
    if (this.outage) {
      this.counters.outageRequestsCut++;
      resetSocket(req.socket);
      return;
    }
    const part = partOf(req);
    let fault: RequestFault | undefined;
    let entry: PartAttempt | undefined;
    if (part) {
      this.counters.partRequests++;
      const key = `${part.uploadId}:${part.partNumber}`;
      const attempt = (this.counters.attempts[key] = (this.counters.attempts[key] ?? 0) + 1);
      entry = { partNumber: part.partNumber, attempt, amzDate: part.amzDate, signature: part.signature, receivedAt: Date.now() };
      this.counters.partLog.push(entry);
      if (this.schedule) {
        if (attempt === 1) {
          for (const window of windowsStartingAt(this.schedule, part.partNumber)) this.startWindow(window, part.partNumber);
          if (this.outage) {
            entry.fault = 'outage';
            this.counters.outageRequestsCut++;
            resetSocket(req.socket);
            return;
          }
        }
        fault = faultFor(this.schedule, part.partNumber, attempt);
        if (fault) entry.fault = fault.kind;
      }
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client went away'));
    });
    const delay = this.roundTripMs > 0 ? sleep(this.roundTripMs, controller.signal) : Promise.resolve();
    delay.then(() => this.apply(req, res, fault, entry, controller.signal)).catch((error: unknown) => {
      if (!controller.signal.aborted) this.log(`proxy error: ${String(error)}`);
      resetSocket(req.socket);
    });
  }

  private startWindow(window: WindowFault, partNumber: number): void {
    if (this.triggered.has(window)) return;
    this.triggered.add(window);
    const reason = this.event(window.kind, partNumber, 1);
    if (window.kind === 'outage') void this.beginOutage(window.mode, window.durationMs, reason);
    else this.beginThrottle(window.bytesPerSecond, window.durationMs, reason);
  }

  private async apply(
    req: IncomingMessage,
    res: ServerResponse,
    fault: RequestFault | undefined,
    part: PartAttempt | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const planned = (detail?: string): void => {
      if (fault && part) this.record({ ...this.event(fault.kind, part.partNumber, part.attempt), ...(detail ? { detail } : {}) });
    };
    switch (fault?.kind) {
      case undefined:
        return this.forward(req, res, {}, signal, part);
      case 'latency':
        planned(`${fault.delayMs}ms`);
        await sleep(fault.delayMs, signal);
        return this.forward(req, res, {}, signal, part);
      case 'reset': {
        const length = Number(req.headers['content-length'] ?? NaN);
        const cutAt = Number.isFinite(length) ? Math.min(fault.afterBytes, Math.max(0, length - 1)) : fault.afterBytes;
        planned(`after ${cutAt} B`);
        return this.forward(req, res, { cutAfterBytes: cutAt }, signal, part);
      }
      case 'http-500':
        planned();
        return this.forward(req, res, { replaceAnswer: { status: 500, code: 'InternalError' } }, signal, part);
      case 'http-503':
        planned();
        await this.drain(req, signal);
        s3ErrorResponse(res, req, 503, 'SlowDown', { 'retry-after': String(fault.retryAfterSeconds) });
        return;
    }
  }

  /** Reads and discards the request body (through the throttled link, if any). */
  private async drain(req: IncomingMessage, signal: AbortSignal): Promise<void> {
    const pacer = this.link.pacer(signal);
    req.pipe(pacer);
    for await (const _chunk of pacer) {
      // discard
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse, how: ForwardHow, signal: AbortSignal, part: PartAttempt | undefined): Promise<void> {
    return forwardRequest(req, res, how, signal, part, {
      upstream: this.upstream,
      link: this.link,
      ledger: this.ledger,
      onPartPassed: () => this.counters.partsPassed++,
    });
  }
}
