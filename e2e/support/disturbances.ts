/**
 * Things that happen to an extension in real life, done on purpose: Chrome stopping the idle
 * service worker, and the browser dying (crash, power loss) without any unload.
 */
import { expect, type Page } from '@playwright/test';
import { readFile, readdir } from 'node:fs/promises';
import type { LaunchedExtension } from './extension';

/**
 * Stops the extension's service worker the way Chrome does when it is idle (CDP
 * ServiceWorker.stopWorker on the worker's version) and waits until Chrome reports it stopped.
 * Chrome starts it again on the next extension event (e.g. the recorder's next badge message);
 * Playwright keeps the same Worker object across that, so its 'close' event is no signal.
 * Returns a counter of the restarts seen since (the CDP session stays attached until `detach`).
 */
export async function stopServiceWorker(
  ext: LaunchedExtension,
  extensionPage: Page,
): Promise<{ restarts: () => number; detach: () => Promise<void> }> {
  const ours = (url: string) => url.startsWith(`chrome-extension://${ext.extensionId}/`);
  type Version = { versionId: string; scriptURL: string; runningStatus: string };
  const cdp = await ext.context.newCDPSession(extensionPage);
  const seen: Version[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => seen.push(...e.versions.filter((v) => ours(v.scriptURL))));
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => seen.some((v) => v.runningStatus === 'running'), { message: 'service worker running' }).toBe(true);
  const versionId = seen.find((v) => v.runningStatus === 'running')!.versionId;
  const from = seen.length;
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await expect
    .poll(() => seen.slice(from).some((v) => v.versionId === versionId && v.runningStatus === 'stopped'), {
      message: 'service worker stopped',
    })
    .toBe(true);
  const stoppedAt = seen.findIndex((v, i) => i >= from && v.runningStatus === 'stopped');
  return {
    // One start is reported several times ('starting' with and without a target): count runs of it.
    restarts: () =>
      seen.slice(stoppedAt).filter((v, i, all) => v.runningStatus === 'starting' && all[i - 1]?.runningStatus !== 'starting').length,
    detach: () => cdp.detach().catch(() => undefined),
  };
}

/** Process ids of the Chromium processes using `userDataDir` (found through /proc). */
async function browserProcesses(userDataDir: string): Promise<{ pid: number; main: boolean }[]> {
  const found: { pid: number; main: boolean }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (!args.includes(`--user-data-dir=${userDataDir}`)) continue;
    found.push({ pid: Number(entry), main: !args.some((a) => a.startsWith('--type=')) });
  }
  return found;
}

/**
 * Kills the browser that uses `userDataDir` with SIGKILL (a crash / power loss for the
 * extension: no unload, no chance to flush anything in memory), then waits for its processes.
 */
export async function killBrowser(ext: LaunchedExtension, userDataDir: string): Promise<void> {
  const processes = await browserProcesses(userDataDir);
  const main = processes.filter((p) => p.main);
  if (main.length === 0) throw new Error(`no browser process uses ${userDataDir}`);
  const closed = new Promise<void>((resolve) => ext.context.once('close', () => resolve()));
  for (const p of main) process.kill(p.pid, 'SIGKILL');
  await closed;
  // Renderers and helpers exit once their browser is gone; make sure none lingers on the profile.
  await expect
    .poll(
      async () => {
        const left = await browserProcesses(userDataDir);
        for (const p of left) {
          try {
            process.kill(p.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        return left.length;
      },
      { timeout: 20_000, intervals: [1000], message: 'browser processes gone' },
    )
    .toBe(0);
}
