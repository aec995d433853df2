/**
 * CPU: what our pipeline costs on top of MediaRecorder, per recorded minute (goal ≤ 1.10×).
 *
 * One Chromium (the bench build of the extension, lib/bench-extension.ts) records one busy tab
 * (lib/cpu-target-page.ts: a 1920×1080 canvas animation at 30 fps) in real time, alternating two
 * sides that capture the same tab the same way — "Screen or window", getDisplayMedia in the
 * extension's offscreen document, the tab picked by its title — with the same MediaRecorder
 * options (core/recorder/media-options.ts: VP9/Opus, 3 Mbit/s, 1 s timeslice, keyframe every 2 s):
 * - "with our pipeline": the PRODUCT's offscreen document (offscreen/offscreen.html), started the
 *   way the service worker starts it (an 'offscreen' start-recording message, no countdown):
 *   ChunkWriter (WebM fixer) → IndexedDB spool → part cutter → upload queue → presigned PUTs to
 *   the embedded store through a real backend, live, as a user records.
 * - "MediaRecorder alone": a bench-only offscreen document (extension-pages/cpu-baseline.ts)
 *   that does nothing with its chunks (keeps their Blob handles, to be counted after the window).
 * Measured: CPU seconds of the offscreen document's renderer process (CDP Performance.getMetrics
 * `ProcessTime` on its target) over a window of CPU_SECONDS (default 60; BENCH_SECONDS when set)
 * that starts CPU_WARMUP_SECONDS (3) after recording started, scaled to one minute. For context,
 * every Chromium process too (SystemInfo.getProcessInfo): the spool's IndexedDB writes and the
 * PUTs run in the browser process and the network service, outside the renderer.
 * CPU_RUNS pairs (default min(BENCH_RUNS, 2)), the side that goes first alternating, each side in
 * a fresh browser; medians. Both recordings are checked with ffprobe afterwards: 1920×1080, and the
 * frame rate inside the window is printed (a loaded machine delivers fewer frames, and encoding
 * fewer frames costs less: compare the sides only at similar frame rates).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { benchBuild, CPU_BASELINE_PAGE, withBackendLog } from './lib/bench-extension';
import { startBackendProcess, type BackendProcess } from './lib/backend-process';
import { CPU_TARGET_HEIGHT, CPU_TARGET_TITLE, CPU_TARGET_WIDTH, serveCpuTarget, type CpuTargetServer } from './lib/cpu-target-page';
import { browserProcessesCpu, cpuDeltaByType, documentProcessCpu } from './lib/process-cpu';
import { TargetSession } from './lib/target-session';
import { framesBetween, probeVideo } from './lib/capture-frames';
import { launchWithExtension, PAGES, type LaunchedExtension } from '../e2e/support/extension';
import type { CpuBaselineApi } from './extension-pages/cpu-baseline';
import type { RecorderStatus } from '../extension/src/shared/recorder-status';
import { DEFAULT_CAPTURE_OPTIONS, type CaptureOptions } from '../extension/src/shared/capture-options';
import { median, type BenchContext, type BenchRow } from './lib/types';

export const name = 'cpu';

type Side = 'pipeline' | 'baseline';

/** What both sides record with: "Screen or window", the default quality and bitrate, no countdown. */
const CAPTURE: CaptureOptions = { ...DEFAULT_CAPTURE_OPTIONS, source: 'screen', microphone: false, countdownSeconds: 0 };

interface SideRun {
  side: Side;
  /** Renderer CPU seconds per minute of recording. */
  perMinute: number;
  /** All Chromium processes, CPU seconds per minute, by process type. */
  allPerMinute: Record<string, number>;
  /** Bytes MediaRecorder produced in the whole run. */
  bytes: number;
  seconds: number;
  /** What was recorded (frame size). */
  video: string;
  /** Video frames per second recorded during the window. */
  fps: number;
  /** Frames per second the target page drew during the whole run. */
  sourceFps?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** Sends a message from the service worker to the offscreen document (as the product does) and returns the reply. */
async function toOffscreen<T>(ext: LaunchedExtension, type: string, data: unknown): Promise<T> {
  return ext.serviceWorker.evaluate(
    async ({ type, data }) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await chrome.runtime.sendMessage({ target: 'offscreen', type, data });
        } catch (error) {
          if (attempt > 30 || !/Receiving end does not exist|Could not establish connection/i.test(String(error))) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    { type, data },
  ) as Promise<T>;
}

async function closeOffscreen(ext: LaunchedExtension): Promise<void> {
  await ext.serviceWorker.evaluate(async () => {
    if ((await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length > 0) {
      await chrome.offscreen.closeDocument();
    }
  });
}

async function attachTo(browserCdp: CDPSession, url: string): Promise<TargetSession> {
  for (let i = 0; ; i++) {
    const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: { targetId: string; url: string }[] };
    const target = targetInfos.find((t) => t.url === url);
    if (target) {
      const doc = await TargetSession.attach(browserCdp, target.targetId);
      await doc.send('Performance.enable');
      return doc;
    }
    if (i > 100) throw new Error(`no target for ${url}`);
    await sleep(50);
  }
}

/** Measures the window: CPU of `doc`'s process and of every process, per minute; its bounds in epoch ms. */
async function measureWindow(doc: TargetSession, browserCdp: CDPSession, warmupMs: number, windowMs: number) {
  await sleep(warmupMs);
  const cpu0 = await documentProcessCpu(doc);
  const all0 = await browserProcessesCpu(browserCdp);
  const from = Date.now();
  await sleep(windowMs);
  const cpu1 = await documentProcessCpu(doc);
  const all1 = await browserProcessesCpu(browserCdp);
  const to = Date.now();
  const minutes = (to - from) / 60_000;
  const allPerMinute = Object.fromEntries(Object.entries(cpuDeltaByType(all0, all1)).map(([k, v]) => [k, v / minutes]));
  return { perMinute: (cpu1 - cpu0) / minutes, allPerMinute, seconds: minutes * 60, from, to };
}

/** The recording's size must be the target's; its frame rate inside the window is reported. */
async function checkRecorded(bytes: Uint8Array, startedAt: number, window: { from: number; to: number }): Promise<{ fps: number; video: string }> {
  const video = await probeVideo(bytes);
  if (video.width !== CPU_TARGET_WIDTH || video.height !== CPU_TARGET_HEIGHT) {
    throw new Error(`recorded ${video.width}×${video.height}, not ${CPU_TARGET_WIDTH}×${CPU_TARGET_HEIGHT}`);
  }
  const fps = framesBetween(video, (window.from - startedAt) / 1000, (window.to - startedAt) / 1000);
  return { fps, video: `${video.width}×${video.height}` };
}

async function pipelineSide(ext: LaunchedExtension, browserCdp: CDPSession, backend: BackendProcess, warmupMs: number, windowMs: number): Promise<SideRun> {
  await ext.serviceWorker.evaluate(() => (globalThis as unknown as { reelayEnsureOffscreen: () => Promise<void> }).reelayEnsureOffscreen());
  const doc = await attachTo(browserCdp, `chrome-extension://${ext.extensionId}/${PAGES.offscreen}`);
  try {
    const started = await toOffscreen<{ ok: boolean; error?: unknown }>(ext, 'start-recording', {
      options: CAPTURE,
      server: { url: backend.url, apiToken: backend.apiToken },
      title: 'bench cpu',
      countdownSeconds: 0,
    });
    if (!started.ok) throw new Error(`start-recording failed: ${JSON.stringify(started.error)}`);
    const measured = await measureWindow(doc, browserCdp, warmupMs, windowMs);
    const before = await toOffscreen<RecorderStatus>(ext, 'get-status', {});
    if (before.state !== 'recording') throw new Error(`the recorder is ${before.state}, not recording: ${JSON.stringify(before)}`);
    const stopped = await toOffscreen<{ ok: boolean; error?: unknown }>(ext, 'stop-recording', {});
    if (!stopped.ok) throw new Error(`stop-recording failed: ${JSON.stringify(stopped.error)}`);
    let status: RecorderStatus;
    for (let i = 0; ; i++) {
      status = await toOffscreen<RecorderStatus>(ext, 'get-status', {});
      if (status.state === 'done') break;
      if (status.state === 'failed' || i > 600) throw new Error(`the recording did not finish: ${JSON.stringify(status)}`);
      await sleep(100);
    }
    const response = await fetch(`${backend.url}/v/${status.recordingId}/video`);
    if (!response.ok) throw new Error(`GET the stored recording: HTTP ${response.status}`);
    const recorded = await checkRecorded(new Uint8Array(await response.arrayBuffer()), before.startedAt, measured);
    return { side: 'pipeline', ...measured, ...recorded, bytes: before.upload.bytesRecorded };
  } finally {
    await doc.detach();
    await closeOffscreen(ext);
  }
}

async function baselineSide(ext: LaunchedExtension, sink: CpuTargetServer, browserCdp: CDPSession, warmupMs: number, windowMs: number): Promise<SideRun> {
  await ext.serviceWorker.evaluate(
    (url) => chrome.offscreen.createDocument({ url, reasons: [chrome.offscreen.Reason.DISPLAY_MEDIA], justification: 'Reelay benchmark baseline' }),
    CPU_BASELINE_PAGE,
  );
  const doc = await attachTo(browserCdp, `chrome-extension://${ext.extensionId}/${CPU_BASELINE_PAGE}`);
  const call = <K extends keyof CpuBaselineApi>(method: K, ...args: Parameters<CpuBaselineApi[K]>) =>
    doc.evaluate<Awaited<ReturnType<CpuBaselineApi[K]>>>(`reelayCpuBaseline.${method}(...${JSON.stringify(args)})`);
  try {
    for (let i = 0; !(await doc.evaluate<boolean>('typeof reelayCpuBaseline === "object"')); i++) {
      if (i > 100) throw new Error('the baseline page did not load');
      await sleep(50);
    }
    const started = await call('start', CAPTURE);
    const startedAt = Date.now();
    const measured = await measureWindow(doc, browserCdp, warmupMs, windowMs);
    const stopped = await call('stop');
    const received = sink.received();
    await call('hand', sink.sinkUrl);
    const recorded = await checkRecorded(await received, startedAt, measured);
    return { side: 'baseline', ...measured, ...recorded, bytes: stopped.bytes, video: `${recorded.video}, ${started.videoBitsPerSecond / 1e6} Mbit/s` };
  } finally {
    await doc.detach();
    await closeOffscreen(ext);
  }
}

/** Chromium with the bench build, a fresh profile, and the target page in front at 1920×1080. */
async function openBrowser(distDir: string, targetUrl: string) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelay-bench-cpu-'));
  let ext: LaunchedExtension | undefined;
  try {
    ext = await launchWithExtension({
      distDir,
      userDataDir,
      // The screen and window as large as the tab: a tab's capture is never larger than its window.
      extraArgs: [
        `--auto-select-tab-capture-source-by-title=${CPU_TARGET_TITLE}`,
        `--window-size=${CPU_TARGET_WIDTH},${CPU_TARGET_HEIGHT}`,
        `--screen-info={${CPU_TARGET_WIDTH}x${CPU_TARGET_HEIGHT}}`,
      ],
    });
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: CPU_TARGET_WIDTH, height: CPU_TARGET_HEIGHT });
    await page.goto(targetUrl);
    await page.bringToFront();
    const browserCdp = await ext.context.browser()!.newBrowserCDPSession();
    const launched = ext;
    return {
      ext: launched,
      page,
      browserCdp,
      drawn: () => page.evaluate(() => (window as unknown as { drawn: number }).drawn),
      close: async () => {
        await launched.context.close().catch(() => undefined);
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await ext?.context.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const runs = envInt('CPU_RUNS', Math.min(ctx.runs, 2));
  const seconds = envInt('CPU_SECONDS', process.env.BENCH_SECONDS ? ctx.seconds : 60);
  const warmupMs = envInt('CPU_WARMUP_SECONDS', 3) * 1000;
  const distDir = await benchBuild();
  const target = await serveCpuTarget();
  const backend = await startBackendProcess();
  const results: SideRun[] = [];
  try {
    ctx.log(`cpu: ${runs} pairs of ${seconds} s windows (after ${warmupMs / 1000} s of warm-up each), 1920×1080 tab at 30 fps`);
    for (let i = 0; i < runs; i++) {
      const order: Side[] = i % 2 === 0 ? ['baseline', 'pipeline'] : ['pipeline', 'baseline'];
      for (const side of order) {
        // A fresh browser per side: the share page the extension opens at the end of a recording
        // resizes the window, and nothing of one side lingers into the other.
        const b = await openBrowser(distDir, target.url);
        try {
          const drawn0 = await b.drawn();
          const at0 = Date.now();
          const r = side === 'pipeline' ? await pipelineSide(b.ext, b.browserCdp, backend, warmupMs, seconds * 1000) : await baselineSide(b.ext, target, b.browserCdp, warmupMs, seconds * 1000);
          r.sourceFps = ((await b.drawn()) - drawn0) / ((Date.now() - at0) / 1000);
          results.push(r);
          const all = Object.entries(r.allPerMinute).map(([k, v]) => `${k} ${round(v, 1)}`).join(', ');
          ctx.log(`cpu run ${i + 1}/${runs}, ${side}: offscreen renderer ${round(r.perMinute)} CPU s/min (${round(r.seconds, 1)} s window, ${(r.bytes / 1e6).toFixed(1)} MB recorded; ${r.video}; ${r.fps.toFixed(1)} fps in the window, the page drew ${r.sourceFps.toFixed(1)} fps); all processes CPU s/min: ${all}`);
        } finally {
          await b.close();
        }
      }
    }
  } catch (error) {
    throw withBackendLog(error, backend.logs);
  } finally {
    await backend.stop();
    await target.close();
  }

  const of = (side: Side) => results.filter((r) => r.side === side);
  const pipe = of('pipeline').map((r) => r.perMinute);
  const base = of('baseline').map((r) => r.perMinute);
  const total = (r: SideRun) => Object.values(r.allPerMinute).reduce((a, b) => a + b, 0);
  const pipeAll = of('pipeline').map(total);
  const baseAll = of('baseline').map(total);
  const browserSide = (side: Side) => median(of(side).map((r) => (r.allPerMinute.browser ?? 0) + (r.allPerMinute.utility ?? 0)));
  const fpsOf = (side: Side) => round(median(of(side).map((r) => r.fps)), 1);
  const pairs = pipe.map((p, i) => round(p / base[i]!)).join(', ');
  const common = `${runs} × ${seconds} s per side, alternated, same tab (1920×1080 canvas animation, 30 fps) and capture ("Screen or window")`;
  return [
    {
      benchmark: name,
      metric: 'offscreen renderer CPU per recorded minute, with our pipeline (product offscreen document: fixer, IndexedDB spool, upload)',
      value: round(median(pipe)),
      unit: 'CPU s/min',
      note: `${common}; min–max ${round(Math.min(...pipe))}–${round(Math.max(...pipe))}; ${fpsOf('pipeline')} fps recorded in the window (median)`,
    },
    {
      benchmark: name,
      metric: 'offscreen renderer CPU per recorded minute, MediaRecorder alone (chunks discarded)',
      value: round(median(base)),
      unit: 'CPU s/min',
      note: `bench page with the product's capture and MediaRecorder options; min–max ${round(Math.min(...base))}–${round(Math.max(...base))}; ${fpsOf('baseline')} fps recorded in the window (median)`,
    },
    {
      benchmark: name,
      metric: 'ratio with pipeline / MediaRecorder alone (offscreen renderer)',
      value: round(median(pipe) / median(base)),
      unit: '×',
      note: `goal ≤ 1.10; ratio of medians; per-pair ${pairs}`,
    },
    {
      benchmark: name,
      metric: 'for context: all Chromium processes, with pipeline / alone',
      value: round(median(pipeAll) / median(baseAll)),
      unit: '×',
      note:
        `${round(median(pipeAll), 1)} vs ${round(median(baseAll), 1)} CPU s/min (incl. the target tab's renderer); ` +
        `browser + utility processes (IndexedDB, network): ${round(browserSide('pipeline'), 1)} vs ${round(browserSide('baseline'), 1)}`,
    },
  ];
}
