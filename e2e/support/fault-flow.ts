/**
 * Steps shared by the fault tests (e2e/faults*.spec.ts): one browser with the extension kept for
 * several recordings, waiting on what the recorder reports, and one-line fault figures.
 */
import { expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultKind, FaultSchedule } from '../../backend/test/faults/fault-schedule';
import { faultFor, FAULT_KINDS } from '../../backend/test/faults/fault-schedule';
import type { FaultStats } from '../../backend/test/faults/fault-proxy';
export { emptyCounts } from '../../backend/test/faults/fault-stats';
import type { RecorderStatus } from '../../extension/src/shared/recorder-status';
import { CAPTURE_FLAGS, launchWithExtension, openExtensionPage, PAGES, type LaunchedExtension } from './extension';
import { recorderStatus } from './recording';

export const PART_SIZE = 5 * 1024 * 1024;

export interface Browser {
  ext: LaunchedExtension;
  userDataDir: string;
  close(): Promise<void>;
}

/** A browser with the built extension on a fresh profile, for several tests in a row. */
export async function launchBrowser(distDir: string, extraArgs: string[] = CAPTURE_FLAGS): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-faults-profile-'));
  const ext = await launchWithExtension({ distDir, userDataDir, extraArgs });
  return {
    ext,
    userDataDir,
    close: async () => {
      await ext.context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export function openPopupPage(ext: LaunchedExtension): Promise<Page> {
  return openExtensionPage(ext, PAGES.popup);
}

type Live = Extract<RecorderStatus, { state: 'recording' | 'paused' }>;

/** Polls the recorder until `predicate` holds for its live status; fails fast if it fails or stops. */
export async function waitWhileRecording(
  popup: Page,
  predicate: (s: Live) => boolean,
  { timeout = 180_000, message = 'recorder status' }: { timeout?: number; message?: string } = {},
): Promise<Live> {
  let last: RecorderStatus | undefined;
  await expect
    .poll(
      async () => {
        last = await recorderStatus(popup);
        if (last.state === 'failed') throw new Error(`recorder failed: ${JSON.stringify(last.error)}`);
        if (last.state !== 'recording' && last.state !== 'paused') throw new Error(`recorder is ${last.state}, not recording`);
        return predicate(last);
      },
      { timeout, intervals: [250, 500, 1000], message },
    )
    .toBe(true);
  return last as Live;
}

/** Waits for any status matching `predicate` (no fail-fast), returns it. */
export async function waitForStatus(
  popup: Page,
  predicate: (s: RecorderStatus) => boolean,
  { timeout = 180_000, message = 'recorder status' }: { timeout?: number; message?: string } = {},
): Promise<RecorderStatus> {
  let last: RecorderStatus | undefined;
  await expect
    .poll(
      async () => {
        last = await recorderStatus(popup);
        return predicate(last);
      },
      { timeout, intervals: [250, 500, 1000], message: `${message} (last: ${JSON.stringify(last)})` },
    )
    .toBe(true);
  return last!;
}

/** Clicks Stop and waits (long: faults slow the upload down) for the share link. */
export async function stopAndWaitForLink(popup: Page, timeout = 300_000): Promise<{ recordingId: string; shareUrl: string }> {
  await popup.getByRole('button', { name: 'Stop', exact: true }).click();
  return waitForLink(popup, timeout);
}

/** After Stop: waits for 'done' (fails fast on 'failed') and checks the popup shows the link. */
export async function waitForLink(popup: Page, timeout = 300_000): Promise<{ recordingId: string; shareUrl: string }> {
  const done = await waitForStatus(popup, (s) => s.state === 'done' || s.state === 'failed', { timeout, message: 'done after Stop' });
  if (done.state !== 'done') throw new Error(`recorder ended ${done.state}: ${JSON.stringify(done)}`);
  await expect(popup.getByRole('link', { name: done.shareUrl })).toHaveAttribute('href', done.shareUrl);
  return { recordingId: done.recordingId, shareUrl: done.shareUrl };
}

/** Planned request faults (part ≤ `parts`) that no event shows injected. */
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
