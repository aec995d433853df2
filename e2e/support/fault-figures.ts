/**
 * What a seeded fault schedule (backend/test/faults/fault-schedule.ts) did to a recording, from the
 * fault proxy's stats: planned faults that never happened, and one-line counts for the CI log.
 */
import type { FaultStats } from '../../backend/test/faults/fault-proxy';
import { faultFor, FAULT_KINDS, type FaultKind, type FaultSchedule } from '../../backend/test/faults/fault-schedule';
export { emptyCounts } from '../../backend/test/faults/fault-stats';

/** Planned faults (on parts ≤ `parts`) that no event shows injected. */
export function plannedButNotInjected(schedule: FaultSchedule, stats: FaultStats, parts: number): string[] {
  const missing: string[] = [];
  for (const key of Object.keys(schedule.requestFaults)) {
    const [part, attempt] = key.split(':').map(Number) as [number, number];
    if (part > parts) continue;
    const planned = faultFor(schedule, part, attempt)!;
    if (!stats.events.some((e) => e.kind === planned.kind && e.partNumber === part && e.attempt === attempt)) missing.push(`p${part}#${attempt} ${planned.kind}`);
  }
  for (const w of schedule.windows) {
    if (w.startsAtPart <= parts && !stats.events.some((e) => e.kind === w.kind && e.partNumber === w.startsAtPart)) missing.push(`${w.kind} at p${w.startsAtPart}`);
  }
  return missing;
}

export function totalInjected(counts: Record<FaultKind, number>): number {
  return FAULT_KINDS.reduce((sum, k) => sum + counts[k], 0);
}

export function addCounts(into: Record<FaultKind, number>, add: Record<FaultKind, number>): void {
  for (const k of FAULT_KINDS) into[k] += add[k];
}

export function countsText(counts: Record<FaultKind, number>): string {
  return FAULT_KINDS.map((k) => `${k} ${counts[k]}`).join(', ');
}
