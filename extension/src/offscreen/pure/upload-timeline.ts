/**
 * When each part was acknowledged, relative to Stop. Kept in the recording record so tests (and
 * curious users) can see that parts went up while recording, not only after Stop. Pure.
 */
import type { UploadTimeline, UploadTimelineEntry } from '../../core/chunk-spool';

export function emptyTimeline(): UploadTimeline {
  return { parts: [] };
}

/** Add (or replace) a part's acknowledgement; `stoppedAt` fills msFromStop when Stop already happened. */
export function withPartAcked(
  timeline: UploadTimeline | undefined,
  entry: Omit<UploadTimelineEntry, 'msFromStop'>,
  stoppedAt?: number,
): UploadTimeline {
  const parts = (timeline?.parts ?? []).filter((p) => p.partNumber !== entry.partNumber);
  const full: UploadTimelineEntry = { ...entry, ...(stoppedAt !== undefined ? { msFromStop: entry.ackedAt - stoppedAt } : {}) };
  return { parts: [...parts, full].sort((a, b) => a.partNumber - b.partNumber) };
}

/** At Stop: give every entry its time relative to Stop (negative = acknowledged while recording). */
export function withStop(timeline: UploadTimeline | undefined, stoppedAt: number): UploadTimeline {
  return { parts: (timeline?.parts ?? []).map((p) => ({ ...p, msFromStop: p.ackedAt - stoppedAt })) };
}

/** Part numbers acknowledged before Stop. */
export function partsAckedBeforeStop(timeline: UploadTimeline | undefined, stoppedAt: number): number[] {
  return (timeline?.parts ?? []).filter((p) => p.ackedAt < stoppedAt).map((p) => p.partNumber);
}
