/**
 * An independent witness of what MediaRecorder produced in the offscreen document, kept apart
 * per recorder, to compare the stored objects with (the extension's own hash only covers what it
 * spooled). Lets a test check that recording A's object holds exactly A's chunks and B's exactly B's.
 */
import { expect, type Page } from '@playwright/test';
import type { LaunchedExtension } from './extension';
import { sha256Hex } from './media-check';
import type { StoredRecordingCheck } from './stored-recording';

/** What one MediaRecorder itself produced, summarised in the offscreen page (sizes and SHA-256s). */
export interface RawRecorderOutput {
  chunks: number;
  bytes: number;
  sha256: string;
  /** Offset of the first Cluster (0x1F43B675) in the raw stream, -1 if none. */
  firstCluster: number;
  /** SHA-256 of raw bytes from the first Cluster to the end: the media the WebM fixer passes through unchanged. */
  bodySha256: string;
}

/**
 * Wraps MediaRecorder.prototype.start in the offscreen document so that every recorder started
 * from now on also feeds a test-owned list of its chunks. Call before "Start recording"; creates
 * the offscreen document first (through the service worker's reelayEnsureOffscreen handle).
 * Returns a reader of the per-recorder summaries, in start order.
 */
export async function captureRawRecorderOutput(ext: LaunchedExtension, extensionPage: Page): Promise<() => Promise<RawRecorderOutput[]>> {
  await ext.serviceWorker.evaluate(() => (globalThis as unknown as { reelayEnsureOffscreen: () => Promise<void> }).reelayEnsureOffscreen());
  const hooked = await extensionPage.evaluate(() => {
    type View = Window & typeof globalThis & { __reelayRawPerRecorder?: Blob[][] };
    const view = chrome.extension.getViews().find((v) => v.location.pathname.endsWith('/offscreen.html')) as View | undefined;
    if (!view) return false;
    if (view.__reelayRawPerRecorder) return true;
    const lists: Blob[][] = [];
    view.__reelayRawPerRecorder = lists;
    const proto = view.MediaRecorder.prototype;
    const start = proto.start;
    proto.start = function (this: MediaRecorder, ...args: Parameters<MediaRecorder['start']>) {
      const own: Blob[] = [];
      lists.push(own);
      this.addEventListener('dataavailable', (e) => {
        if (e.data.size > 0) own.push(e.data);
      });
      return start.apply(this, args);
    };
    return true;
  });
  if (!hooked) throw new Error('the offscreen document is not reachable from this page');
  return () =>
    extensionPage.evaluate(async () => {
      type View = Window & typeof globalThis & { __reelayRawPerRecorder?: Blob[][] };
      const view = chrome.extension.getViews().find((v) => v.location.pathname.endsWith('/offscreen.html')) as View | undefined;
      const lists = view?.__reelayRawPerRecorder;
      if (!lists) throw new Error('no raw recorder output was captured');
      const hex = async (data: Uint8Array<ArrayBuffer>) =>
        [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))].map((b) => b.toString(16).padStart(2, '0')).join('');
      const out = [];
      for (const raw of lists) {
        const bytes = new Uint8Array(await new Blob(raw).arrayBuffer());
        let firstCluster = -1;
        for (let i = 0; i + 3 < bytes.length; i++) {
          if (bytes[i] === 0x1f && bytes[i + 1] === 0x43 && bytes[i + 2] === 0xb6 && bytes[i + 3] === 0x75) {
            firstCluster = i;
            break;
          }
        }
        out.push({
          chunks: raw.length,
          bytes: bytes.length,
          sha256: await hex(bytes),
          firstCluster,
          bodySha256: firstCluster >= 0 ? await hex(bytes.subarray(firstCluster)) : '',
        });
      }
      return out;
    });
}

/** Offset of the first WebM Cluster ID in `bytes`, -1 if none. */
export function firstClusterOffset(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
}

/**
 * The stored object carries exactly the media MediaRecorder produced: with the identity transform
 * it IS the raw output; with the WebM fixer (header rewritten, patched at Stop, Cues appended) every
 * byte from the first Cluster on is the raw output, unchanged and complete.
 */
export function expectObjectMatchesRawOutput(check: StoredRecordingCheck, raw: RawRecorderOutput | undefined): void {
  expect(raw, 'a MediaRecorder ran for this recording').toBeDefined();
  expect(raw!.bytes).toBeGreaterThan(0);
  expect(raw!.firstCluster).toBeGreaterThan(0);
  if (check.local.transformName === 'identity' || check.local.transformName === undefined) {
    expect(check.objectSha256, 'object = MediaRecorder output').toBe(raw!.sha256);
    return;
  }
  const at = firstClusterOffset(check.object);
  expect(at).toBeGreaterThan(0);
  const bodyLength = raw!.bytes - raw!.firstCluster;
  const body = check.object.subarray(at, at + bodyLength);
  expect(body.length, 'object holds all raw media bytes').toBe(bodyLength);
  expect(sha256Hex(body), 'object media = MediaRecorder media').toBe(raw!.bodySha256);
}
