/**
 * The extension as the browser benchmarks run it: the production build PLUS one page,
 * bench/extension-pages/replay.html, built by a second Vite build into the copy's bench/ folder
 * (the product's sources and `npm run build` never contain it). Built once per process into a
 * temp dir.
 *
 * `openReplay()` launches Chromium with that build (e2e harness flags, fresh profile), creates the
 * replay page as the extension's offscreen document (chrome.offscreen, from the service worker —
 * the production service worker creates no offscreen document in a profile without a server), and
 * attaches a CDP session to it. BENCH_DEBUG=1 forwards the page's console (off by default: with
 * CDP's Runtime domain enabled, DevTools keeps logged objects alive and skews memory figures).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import type { ReplayApi } from '../extension-pages/replay-main';
import { launchWithExtension, type LaunchedExtension } from '../../e2e/support/extension';
import { TargetSession } from './target-session';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const REPLAY_PAGE = 'bench/replay.html';
export const CPU_BASELINE_PAGE = 'bench/cpu-baseline.html';

let built: Promise<string> | undefined;

/** Builds the bench variant of the extension (once per process; removed when the process exits). */
export function benchBuild(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'reelay-bench-dist-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const { build } = await import('vite');
    // The extension exactly as shipped…
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    // …plus the replay page, a plain page of the same extension origin at REPLAY_PAGE.
    await build({
      configFile: false,
      root: join(root, 'bench/extension-pages'),
      base: './',
      logLevel: 'warn',
      publicDir: false,
      build: {
        outDir: join(outDir, dirname(REPLAY_PAGE)),
        emptyOutDir: false,
        target: 'chrome116',
        sourcemap: true,
        rollupOptions: {
          input: {
            benchReplay: join(root, 'bench/extension-pages', basename(REPLAY_PAGE)),
            // The `cpu` benchmark's baseline: MediaRecorder alone (cpu-baseline.ts).
            benchCpuBaseline: join(root, 'bench/extension-pages', basename(CPU_BASELINE_PAGE)),
          },
        },
      },
    });
    return outDir;
  })();
  return built;
}

type Api = ReplayApi;

/** The error, with the last lines the backend logged (a failed run is easier to read). */
export function withBackendLog(error: unknown, logs: readonly string[]): Error {
  const tail = logs.slice(-10).join('\n  ');
  return new Error(`${error instanceof Error ? error.message : String(error)}${tail ? `\n  backend log tail:\n  ${tail}` : ''}`);
}

export interface ReplayBrowser {
  ext: LaunchedExtension;
  /** CDP session on the replay offscreen document. */
  doc: TargetSession;
  /** Browser-level CDP session. */
  browserCdp: CDPSession;
  /** Calls reelayBench.<method>(...args) in the offscreen document. */
  call<K extends keyof Api>(method: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>>;
  close(): Promise<void>;
}

export async function openReplay(): Promise<ReplayBrowser> {
  const distDir = await benchBuild();
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelay-bench-profile-'));
  let ext: LaunchedExtension | undefined;
  try {
    ext = await launchWithExtension({ distDir, userDataDir });
    await ext.serviceWorker.evaluate(
      `chrome.offscreen.createDocument({ url: ${JSON.stringify(REPLAY_PAGE)}, reasons: ['USER_MEDIA'], justification: 'Reelay benchmark replay' })`,
    );
    const browserCdp = await ext.context.browser()!.newBrowserCDPSession();
    const url = `chrome-extension://${ext.extensionId}/${REPLAY_PAGE}`;
    const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: { targetId: string; url: string }[] };
    const target = targetInfos.find((t) => t.url === url);
    if (!target) throw new Error(`no target for ${url}`);
    const doc = await TargetSession.attach(browserCdp, target.targetId);
    // The page's console, only on request: with Runtime enabled, DevTools keeps logged objects alive.
    if (process.env.BENCH_DEBUG) {
      await doc.send('Runtime.enable');
      doc.on('Runtime.consoleAPICalled', (e: { type: string; args: { value?: unknown; description?: string }[] }) => {
        console.error(`[replay page] ${e.type}: ${e.args.map((a) => a.value ?? a.description).join(' ')}`);
      });
    }
    for (let i = 0; !(await doc.evaluate<boolean>('typeof reelayBench === "object"')); i++) {
      if (i > 100) throw new Error('the replay page did not load');
      await new Promise((r) => setTimeout(r, 50));
    }
    const launched = ext;
    return {
      ext: launched,
      doc,
      browserCdp,
      call: (method, ...args) => doc.evaluate(`reelayBench.${method}(...${JSON.stringify(args)})`),
      async close() {
        await doc.detach();
        await launched.context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await ext?.context.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
