/**
 * CPU time of Chromium processes, for the `cpu` benchmark.
 * - The process of one document: CDP Performance.getMetrics on that document's target reports
 *   `ProcessTime`, the CPU seconds its whole renderer process has used (every thread: the page's
 *   main thread, MediaRecorder's encoder threads, the IPC threads). Performance.enable first.
 * - Every process of the browser: browser-level CDP SystemInfo.getProcessInfo (cpuTime per pid,
 *   by type: browser, renderer, GPU, utility — the network and storage services are utilities),
 *   for context: IndexedDB writes and PUTs are done outside the renderer.
 */
import type { CDPSession } from 'playwright-core';
import type { TargetSession } from './target-session';

export async function documentProcessCpu(doc: TargetSession): Promise<number> {
  const { metrics } = await doc.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
  const value = metrics.find((m) => m.name === 'ProcessTime')?.value;
  if (value === undefined) throw new Error(`Performance.getMetrics has no ProcessTime (has ${metrics.map((m) => m.name).join(', ')})`);
  return value;
}

export interface ProcessCpu {
  id: number;
  type: string;
  cpuTime: number;
}

export async function browserProcessesCpu(browser: CDPSession): Promise<ProcessCpu[]> {
  const { processInfo } = (await browser.send('SystemInfo.getProcessInfo' as never)) as { processInfo: ProcessCpu[] };
  return processInfo;
}

/** CPU seconds used between two snapshots, per process type (processes that came or went count from 0). */
export function cpuDeltaByType(before: readonly ProcessCpu[], after: readonly ProcessCpu[]): Record<string, number> {
  const start = new Map(before.map((p) => [p.id, p.cpuTime]));
  const delta: Record<string, number> = {};
  for (const p of after) delta[p.type] = (delta[p.type] ?? 0) + p.cpuTime - (start.get(p.id) ?? 0);
  return delta;
}
