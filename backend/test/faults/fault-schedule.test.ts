import { describe, expect, it } from 'vitest';
import {
  describeSchedule,
  FAULT_KINDS,
  failingFaultsOf,
  faultFor,
  makeSchedule,
  windowsStartingAt,
  type FaultSchedule,
  type ScheduleOptions,
} from './fault-schedule';
import { mixSeed, prng } from './prng';

const MiB = 1024 * 1024;
const OPTIONS: ScheduleOptions = { parts: 4, partSize: 5 * MiB, outageMs: 30_000, throttleMs: 10_000, throttleBytesPerSecond: 256 * 1024 };

function kindsOf(schedule: FaultSchedule): Set<string> {
  return new Set([...Object.values(schedule.requestFaults).map((f) => f.kind), ...schedule.windows.map((w) => w.kind)]);
}

describe('seeded PRNG', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = Array.from({ length: 8 }, prng(42).next);
    expect(Array.from({ length: 8 }, prng(42).next)).toEqual(a);
    expect(Array.from({ length: 8 }, prng(43).next)).not.toEqual(a);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });

  it('int() stays within its bounds and reaches both ends', () => {
    const rng = prng(7);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 4)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('fault schedules', () => {
  it('are the same for the same seed and differ between seeds', () => {
    expect(makeSchedule(5, OPTIONS)).toEqual(makeSchedule(5, OPTIONS));
    const lines = new Set(Array.from({ length: 20 }, (_, i) => describeSchedule(makeSchedule(i + 1, OPTIONS)).replace(/^seed \d+: /, '')));
    expect(lines.size).toBe(20);
  });

  it('every schedule of 20 seeds holds every fault kind, within the per-part budget', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = makeSchedule(seed, OPTIONS);
      expect([...kindsOf(s)].sort(), describeSchedule(s)).toEqual([...FAULT_KINDS].sort());
      const outagePart = s.windows.find((w) => w.kind === 'outage')?.startsAtPart;
      for (let part = 1; part <= OPTIONS.parts; part++) {
        const failing = failingFaultsOf(s, part);
        expect(failing).toBeLessThanOrEqual(2);
        // Failing faults take consecutive attempts (after the one an outage cuts); the attempt after them passes (perhaps late).
        const from = part === outagePart ? 2 : 1;
        if (from === 2) expect(faultFor(s, part, 1)).toBeUndefined();
        for (let attempt = from; attempt < from + failing; attempt++) expect(faultFor(s, part, attempt)?.kind).not.toBe('latency');
        const next = faultFor(s, part, from + failing);
        expect(next === undefined || next.kind === 'latency').toBe(true);
        expect(faultFor(s, part, from + failing + 1)).toBeUndefined();
      }
      const [outage, throttle] = [s.windows.find((w) => w.kind === 'outage'), s.windows.find((w) => w.kind === 'throttle')];
      expect(throttle!.startsAtPart, 'throttle and outage start on different parts').not.toBe(outage!.startsAtPart);
      for (const w of s.windows) {
        expect(w.startsAtPart).toBeGreaterThanOrEqual(2);
        expect(w.startsAtPart).toBeLessThanOrEqual(OPTIONS.parts - 1);
      }
      for (const f of Object.values(s.requestFaults)) {
        if (f.kind === 'reset') expect(f.afterBytes).toBeLessThan(OPTIONS.partSize);
        if (f.kind === 'latency') expect(f.delayMs).toBeGreaterThanOrEqual(2000);
      }
    }
  });

  it('leaves out the windows whose length is 0, and places faults on 1 part when there is 1', () => {
    const s = makeSchedule(3, { ...OPTIONS, parts: 1, outageMs: 0, throttleMs: 0 });
    expect(s.windows).toEqual([]);
    expect(Object.keys(s.requestFaults).every((k) => k.startsWith('1:'))).toBe(true);
    expect(failingFaultsOf(s, 1)).toBe(2); // 3 failing kinds, 2 slots
  });

  it('faultFor falls back to firstAttemptOfEveryPart, and windowsStartingAt finds a window by part', () => {
    const s: FaultSchedule = {
      seed: 0,
      requestFaults: { '2:1': { kind: 'http-500' } },
      windows: [{ kind: 'throttle', startsAtPart: 3, durationMs: 1000, bytesPerSecond: 1 }],
      firstAttemptOfEveryPart: { kind: 'latency', delayMs: 5000 },
    };
    expect(faultFor(s, 2, 1)).toEqual({ kind: 'http-500' });
    expect(faultFor(s, 7, 1)).toEqual({ kind: 'latency', delayMs: 5000 });
    expect(faultFor(s, 7, 2)).toBeUndefined();
    expect(windowsStartingAt(s, 3)).toHaveLength(1);
    expect(windowsStartingAt(s, 2)).toHaveLength(0);
  });
});
