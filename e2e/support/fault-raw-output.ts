/**
 * What each MediaRecorder in the offscreen document produced, kept apart per recorder (the shared
 * recorder-raw-output.ts pools all recorders' chunks together). Lets a test check that recording
 * A's object holds exactly A's chunks and recording B's exactly B's.
 */
import type { Page } from '@playwright/test';
import type { LaunchedExtension } from './extension';
import type { RawRecorderOutput } from './recorder-raw-output';

/**
 * Wraps MediaRecorder.prototype.start in the offscreen document so that every recorder started
 * from now on feeds its own list. Returns a reader of the per-recorder summaries, in start order.
 */
export async function captureRawOutputPerRecorder(ext: LaunchedExtension, extensionPage: Page): Promise<() => Promise<RawRecorderOutput[]>> {
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
