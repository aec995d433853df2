/**
 * Seeded fault schedules for the fault-injecting proxy (fault-proxy.ts). Pure data + logic.
 *
 * Request faults are keyed by (part number, attempt) rather than by arrival order: parts go up
 * three at a time and their order varies from run to run, but "part 3, 2nd attempt" does not,
 * so the same seed injects the same faults into the same requests on every run.
 * Window faults (outage, throttle) start when the first attempt of a given part arrives and last
 * a fixed time.
 *
 * Failing faults are capped per part (maxFailingPerPart): the extension retries a part 10 times
 * before it gives up, and a 30 s outage can take up to 7 of those (backoff 0.25 s, 0.5 s, … 16 s).
 * The first attempt of the part that starts an outage is cut by it; that part's own faults start
 * at attempt 2, so every planned request fault is met by some attempt.
 */
import { mixSeed, prng, type Prng } from './prng';

export type RequestFault =
  /** The connection is reset after `afterBytes` bytes of the request body reached the store. */
  | { kind: 'reset'; afterBytes: number }
  /** The store receives (and keeps) the part, but the client gets a 500 InternalError instead of the answer. */
  | { kind: 'http-500' }
  /** 503 SlowDown without forwarding anything (with Retry-After). */
  | { kind: 'http-503'; retryAfterSeconds: number }
  /** The request is held this long before it is forwarded. */
  | { kind: 'latency'; delayMs: number };

export type WindowFault =
  /** Every connection refused (listener closed) or reset at accept, in-flight ones reset, for `durationMs`. */
  | { kind: 'outage'; startsAtPart: number; durationMs: number; mode: 'refuse' | 'reset' }
  /** All request bodies share a link of `bytesPerSecond` for `durationMs`. */
  | { kind: 'throttle'; startsAtPart: number; durationMs: number; bytesPerSecond: number };

export type RequestFaultKind = RequestFault['kind'];
export type WindowFaultKind = WindowFault['kind'];
export type FaultKind = RequestFaultKind | WindowFaultKind;

export const FAULT_KINDS: readonly FaultKind[] = ['reset', 'http-500', 'http-503', 'latency', 'outage', 'throttle'];
const FAILING_KINDS = ['reset', 'http-500', 'http-503'] as const;

export interface FaultSchedule {
  seed: number;
  /** `${partNumber}:${attempt}` (attempt 1 = the first request for that part) → fault. */
  requestFaults: Record<string, RequestFault>;
  windows: WindowFault[];
  /** Applied to the first attempt of every part that has no fault of its own (hand-made schedules). */
  firstAttemptOfEveryPart?: RequestFault;
}

export interface ScheduleOptions {
  /** Parts the recording is expected to have: request faults go to parts 1..parts. */
  parts: number;
  partSize: number;
  /** Outage length (0: no outage). */
  outageMs: number;
  /** Throttle window length (0: no throttle). */
  throttleMs: number;
  throttleBytesPerSecond: number;
  /** At most this many failing faults (reset / 500 / 503) per part. */
  maxFailingPerPart?: number;
  /** Chance of an extra failing fault on each free (part, attempt) slot. */
  extraFaultChance?: number;
  latencyMs?: { min: number; max: number };
}

export const requestKey = (partNumber: number, attempt: number) => `${partNumber}:${attempt}`;

function failingFault(kind: (typeof FAILING_KINDS)[number], rng: Prng, partSize: number): RequestFault {
  switch (kind) {
    case 'reset':
      return { kind, afterBytes: rng.int(0, partSize - 1) };
    case 'http-500':
      return { kind };
    case 'http-503':
      return { kind, retryAfterSeconds: rng.int(1, 2) };
  }
}

/**
 * A schedule for `seed`: every request fault kind at least once (when `parts` allows), extra
 * failing faults at random, plus one outage and one throttle window when their lengths are > 0.
 */
export function makeSchedule(seed: number, options: ScheduleOptions): FaultSchedule {
  const rng = prng(mixSeed(seed, 0x5eed));
  const parts = Math.max(1, Math.floor(options.parts));
  const maxFailing = options.maxFailingPerPart ?? 2;
  const extraChance = options.extraFaultChance ?? 0.25;
  const latency = options.latencyMs ?? { min: 2000, max: 6000 };
  const windows: WindowFault[] = [];
  // Windows start on a part uploaded while recording (part 1 is held until Stop by the WebM fixer).
  const firstWindowPart = Math.min(2, parts);
  const lastWindowPart = Math.max(2, parts - 1);
  const outagePart = rng.int(firstWindowPart, lastWindowPart);
  if (options.outageMs > 0) {
    windows.push({ kind: 'outage', startsAtPart: outagePart, durationMs: options.outageMs, mode: rng.pick(['refuse', 'reset'] as const) });
  }
  if (options.throttleMs > 0) {
    // Not on the outage's part: a throttle inside an outage would slow nothing down.
    const others = Array.from({ length: lastWindowPart - firstWindowPart + 1 }, (_, i) => firstWindowPart + i).filter(
      (p) => options.outageMs <= 0 || p !== outagePart,
    );
    windows.push({
      kind: 'throttle',
      startsAtPart: others.length > 0 ? rng.pick(others) : outagePart,
      durationMs: options.throttleMs,
      bytesPerSecond: options.throttleBytesPerSecond,
    });
  }
  // The first attempt of the part that starts an outage is cut by the outage: its own faults come after.
  const firstFaultAttempt = (part: number) => (windows.some((w) => w.kind === 'outage' && w.startsAtPart === part) ? 2 : 1);

  const failing = new Map<number, number>(); // part -> failing faults placed
  const requestFaults: Record<string, RequestFault> = {};
  const place = (part: number, kind: (typeof FAILING_KINDS)[number]): boolean => {
    const used = failing.get(part) ?? 0;
    if (used >= maxFailing) return false;
    requestFaults[requestKey(part, firstFaultAttempt(part) + used)] = failingFault(kind, rng, options.partSize);
    failing.set(part, used + 1);
    return true;
  };

  // Each failing kind once, on a random part (the next part with a free slot if that one is full).
  for (const kind of FAILING_KINDS) {
    const first = rng.int(1, parts);
    for (let i = 0; i < parts; i++) if (place(((first - 1 + i) % parts) + 1, kind)) break;
  }
  // Extra failing faults.
  for (let part = 1; part <= parts; part++) {
    while ((failing.get(part) ?? 0) < maxFailing && rng.chance(extraChance)) place(part, rng.pick(FAILING_KINDS));
  }
  // Latency on the attempt after a part's failing faults (the one that gets through), once for
  // sure and sometimes more.
  const latencyPart = rng.int(1, parts);
  for (let part = 1; part <= parts; part++) {
    if (part === latencyPart || rng.chance(0.2)) {
      const attempt = firstFaultAttempt(part) + (failing.get(part) ?? 0);
      requestFaults[requestKey(part, attempt)] = { kind: 'latency', delayMs: rng.int(latency.min, latency.max) };
    }
  }
  return { seed, requestFaults, windows };
}

/** The fault for this attempt of this part, if any. */
export function faultFor(schedule: FaultSchedule, partNumber: number, attempt: number): RequestFault | undefined {
  return schedule.requestFaults[requestKey(partNumber, attempt)] ?? (attempt === 1 ? schedule.firstAttemptOfEveryPart : undefined);
}

/** Windows that the first attempt of `partNumber` starts. */
export function windowsStartingAt(schedule: FaultSchedule, partNumber: number): WindowFault[] {
  return schedule.windows.filter((w) => w.startsAtPart === partNumber);
}

/** Failing faults planned for a part (for checks: must stay below the extension's retry budget). */
export function failingFaultsOf(schedule: FaultSchedule, partNumber: number): number {
  return Object.entries(schedule.requestFaults).filter(
    ([key, fault]) => key.startsWith(`${partNumber}:`) && fault.kind !== 'latency',
  ).length;
}

/** One short line: what the schedule plans. */
export function describeSchedule(schedule: FaultSchedule): string {
  const faults = Object.entries(schedule.requestFaults)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, f]) => {
      const detail = f.kind === 'reset' ? `@${f.afterBytes}B` : f.kind === 'latency' ? `${f.delayMs}ms` : '';
      return `p${key.replace(':', '#')} ${f.kind}${detail}`;
    });
  const windows = schedule.windows.map((w) =>
    w.kind === 'outage'
      ? `outage(${w.mode}) ${w.durationMs}ms at p${w.startsAtPart}`
      : `throttle ${Math.round(w.bytesPerSecond / 1024)}KiB/s ${w.durationMs}ms at p${w.startsAtPart}`,
  );
  return `seed ${schedule.seed}: ${[...faults, ...windows].join(', ')}`;
}
