/**
 * Memory of the replay offscreen document, from every angle Chromium lets us measure it. All
 * figures are taken right after a full garbage collection (HeapProfiler.collectGarbage), so they
 * show what the recorder RETAINS, not garbage that happens to be uncollected yet.
 *
 * - jsHeap:      V8 heap in use (Runtime.getHeapUsage usedSize) — the document's JS objects, and
 *                the code V8 compiled (`code`, from a heap snapshot: grows while the JIT warms up,
 *                bounded by the code there is, not by the recording's length).
 * - blinkHeap:   Blink's garbage-collected heap (embedderHeapUsedSize) — DOM, Blob/stream objects.
 * - arrayBuffers: ArrayBuffer backing stores (backingStorageSize) — chunk bytes being processed.
 * - blobs:       bytes of Blob data held in the browser's blob storage (chrome://blob-internals,
 *                data items; slices of one blob may be counted twice, so an upper bound), without
 *                the Blobs the replay itself holds (the source recording, and the chunk the
 *                stand-in MediaRecorder keeps for stop()). IndexedDB's own blobs are files.
 * - idb:         IndexedDB use of the extension's origin (navigator.storage.estimate; disk, and
 *                Chrome removes deleted blob files lazily) and the bytes of chunks the spool holds.
 * - process:     the extension renderer process (/proc/<pid>/smaps_rollup): Private_Clean +
 *                Private_Dirty ("USS") and RSS. It also holds the service worker and V8/Blink code.
 * The V8 and Blink figures are per isolate; the extension's process has no other page open.
 */
import { readFile } from 'node:fs/promises';
import type { CDPSession, Page } from 'playwright-core';
import type { TargetSession } from './target-session';

export interface MemorySnapshot {
  jsHeap: number;
  /** Compiled code inside jsHeap (heap snapshot, nodes of type "code"); NaN when not asked for. */
  code: number;
  blinkHeap: number;
  arrayBuffers: number;
  blobs: number;
  blobCount: number;
  /** jsHeap + blinkHeap + arrayBuffers + blobs: what the document holds in memory. */
  document: number;
  idbUsage: number;
  spoolBytes: number;
  processUss: number;
  processRss: number;
}

interface HeapUsage {
  usedSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}

/** Sums self sizes per node type of a V8 heap snapshot (JSON as HeapProfiler streams it). */
export function sizeByNodeType(snapshot: {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
}): Map<string, number> {
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0] as string[];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  const sizes = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = typeNames[snapshot.nodes[i + typeAt]!]!;
    sizes.set(type, (sizes.get(type) ?? 0) + snapshot.nodes[i + sizeAt]!);
  }
  return sizes;
}

/** chrome://blob-internals as text → per blob, the lengths of its data items. */
export function parseBlobInternals(text: string): { uuid: string; dataBytes: number; fileBytes: number }[] {
  const blobs: { uuid: string; dataBytes: number; fileBytes: number }[] = [];
  let current: { uuid: string; dataBytes: number; fileBytes: number } | undefined;
  let itemType = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(line)) {
      current = { uuid: line, dataBytes: 0, fileBytes: 0 };
      blobs.push(current);
    } else if (line.startsWith('Type:')) {
      itemType = line.slice(5).trim();
    } else if (line.startsWith('Length:') && current) {
      const length = Number(line.slice(7).replace(/[^0-9]/g, ''));
      if (itemType === 'data') current.dataBytes += length;
      else current.fileBytes += length;
    }
  }
  return blobs;
}

async function extensionProcessId(browser: CDPSession): Promise<number | undefined> {
  const { processInfo } = (await browser.send('SystemInfo.getProcessInfo' as never)) as { processInfo: { type: string; id: number }[] };
  for (const p of processInfo.filter((x) => x.type === 'renderer')) {
    const cmdline = await readFile(`/proc/${p.id}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('--extension-process')) return p.id;
  }
  return undefined;
}

async function processMemory(pid: number | undefined): Promise<{ uss: number; rss: number }> {
  if (pid === undefined) return { uss: NaN, rss: NaN };
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { uss: kb('Private_Clean') + kb('Private_Dirty'), rss: kb('Rss') };
}

export class MemoryProbe {
  /**
   * `blobPage`: a spare tab for chrome://blob-internals (a WebUI page, in its own process).
   */
  constructor(
    private readonly doc: TargetSession,
    private readonly browser: CDPSession,
    private readonly blobPage: Page,
  ) {}

  /** Bytes of compiled code in the document's V8 heap, from a heap snapshot. */
  private async compiledCode(): Promise<number> {
    let json = '';
    const onChunk = (e: { chunk: string }) => (json += e.chunk);
    this.doc.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    try {
      await this.doc.send('HeapProfiler.enable');
      await this.doc.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      return sizeByNodeType(JSON.parse(json)).get('code') ?? 0;
    } finally {
      this.doc.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      await this.doc.send('HeapProfiler.disable');
    }
  }

  /** Heap figures only (cheap, no GC): for sampling during a run. */
  async heapNow(): Promise<number> {
    const h = await this.doc.send<HeapUsage>('Runtime.getHeapUsage');
    return h.usedSize + (h.embedderHeapUsedSize ?? 0) + (h.backingStorageSize ?? 0);
  }

  /**
   * `page.replayBlobs`: sizes of the Blobs the replay holds; `page.storage`: storage figures (asked
   * last: listing the spool creates Blob handles of its own).
   */
  async snapshot(
    page: {
      replayBlobs: () => Promise<number[]>;
      storage: () => Promise<{ indexedDB: number | null; usage: number; spoolBytes: number }>;
    },
    options: { code?: boolean } = {},
  ): Promise<MemorySnapshot> {
    // Twice: the first collection can free objects whose finalizers release more (Blob handles).
    await this.doc.send('HeapProfiler.collectGarbage');
    await this.doc.send('HeapProfiler.collectGarbage');
    const heap = await this.doc.send<HeapUsage>('Runtime.getHeapUsage');
    const replay = await page.replayBlobs();
    await this.blobPage.goto('chrome://blob-internals');
    const all = parseBlobInternals(await this.blobPage.innerText('body'));
    const blobs = all.filter((b) => {
      const at = replay.indexOf(b.dataBytes + b.fileBytes);
      if (at >= 0) replay.splice(at, 1); // each replay Blob is left out once
      return at < 0;
    });
    if (process.env.BENCH_DEBUG) console.error(`blobs: ${JSON.stringify(all)}`);
    const proc = await processMemory(await extensionProcessId(this.browser));
    const code = options.code ? await this.compiledCode() : NaN;
    const store = await page.storage();
    const jsHeap = heap.usedSize;
    const blinkHeap = heap.embedderHeapUsedSize ?? 0;
    const arrayBuffers = heap.backingStorageSize ?? 0;
    const blobBytes = blobs.reduce((s, b) => s + b.dataBytes, 0);
    return {
      jsHeap,
      code,
      blinkHeap,
      arrayBuffers,
      blobs: blobBytes,
      blobCount: blobs.length,
      document: jsHeap + blinkHeap + arrayBuffers + blobBytes,
      idbUsage: store.indexedDB ?? store.usage,
      spoolBytes: store.spoolBytes,
      processUss: proc.uss,
      processRss: proc.rss,
    };
  }
}
