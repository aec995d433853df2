/**
 * Where an upload's time goes, for the upload-efficiency benchmark: the replay page notes the
 * start and end (performance.now()) of every PUT, presign request, spool read (readRange) and
 * acknowledgement (acknowledgePart); summarize() turns a run's trace into the figures that tell a
 * slow part body (long PUTs) from gaps between PUTs (reads, presigns, acks holding a slot).
 */
import type { ChunkSpool } from '../../extension/src/core/chunk-spool';

export type TraceKind = 'put' | 'presign' | 'read' | 'ack';

export interface TraceEntry {
  kind: TraceKind;
  start: number;
  end: number;
  bytes?: number;
}

/** Wraps the spool's reads (readRange, readChunks) and acknowledgePart so that each call is noted in `trace`. */
export function traceSpool<S extends ChunkSpool>(spool: S, trace: TraceEntry[]): S {
  const timed =
    <A extends unknown[], R>(kind: TraceKind, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        trace.push({ kind, start, end: performance.now() });
      }
    };
  return Object.assign(Object.create(spool) as S, {
    readRange: timed('read', spool.readRange.bind(spool)),
    readChunks: timed('read', spool.readChunks.bind(spool)),
    acknowledgePart: timed('ack', spool.acknowledgePart.bind(spool)),
  });
}

export interface TraceSummary {
  /** First PUT start → last PUT end, ms. */
  spanMs: number;
  puts: number;
  /** Median PUT duration, ms. */
  putMs: number;
  /** Mean number of PUTs in flight over the span (the ceiling is the queue's limit). */
  meanInFlight: number;
  /** Share of the span with fewer than `limit` PUTs in flight. */
  underLimit: number;
  readMs: number;
  presignMs: number;
  ackMs: number;
  reads: number;
  presigns: number;
}

function medianOf(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarize(trace: readonly TraceEntry[], limit: number): TraceSummary {
  const puts = trace.filter((e) => e.kind === 'put');
  const dur = (kind: TraceKind) => trace.filter((e) => e.kind === kind).map((e) => e.end - e.start);
  const first = Math.min(...puts.map((p) => p.start));
  const last = Math.max(...puts.map((p) => p.end));
  const span = last - first;
  // Sweep over PUT starts and ends: time spent at each in-flight count.
  const edges = puts.flatMap((p) => [
    { at: p.start, d: 1 },
    { at: p.end, d: -1 },
  ]).sort((a, b) => a.at - b.at || a.d - b.d);
  let inFlight = 0;
  let at = first;
  let weighted = 0;
  let under = 0;
  for (const e of edges) {
    weighted += inFlight * (e.at - at);
    if (inFlight < limit) under += e.at - at;
    inFlight += e.d;
    at = e.at;
  }
  return {
    spanMs: span,
    puts: puts.length,
    putMs: medianOf(dur('put')),
    meanInFlight: span > 0 ? weighted / span : 0,
    underLimit: span > 0 ? under / span : 0,
    readMs: medianOf(dur('read')),
    presignMs: medianOf(dur('presign')),
    ackMs: medianOf(dur('ack')),
    reads: dur('read').length,
    presigns: dur('presign').length,
  };
}
