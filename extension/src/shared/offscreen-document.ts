/**
 * The one offscreen document (the recorder). Creation is race-safe: concurrent
 * callers in this context share one promise, and a creation raced by another
 * context (popup vs service worker) is detected through Chrome's error message.
 * Usable from the service worker and from extension pages (the popup). chrome.offscreen and the
 * OFFSCREEN_DOCUMENT context type are Chrome's own (not in webextension-polyfill).
 */
import browser from 'webextension-polyfill';
import type { ExtensionMessage, ResponseFor } from '../shared/messages';
import { sendMessage } from '../shared/messaging';
import { NoAnswerError, sendUntilAnswered } from '../core/messaging/send-until-answered';

export const OFFSCREEN_PATH = 'offscreen/offscreen.html';

let creating: Promise<void> | null = null;

async function offscreenExists(url: string): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  return contexts.length > 0;
}

export async function ensureOffscreenDocument(): Promise<void> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  if (await offscreenExists(url)) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: [chrome.offscreen.Reason.USER_MEDIA, chrome.offscreen.Reason.DISPLAY_MEDIA, chrome.offscreen.Reason.CLIPBOARD],
      justification: 'Records the tab or screen with MediaRecorder, uploads it while recording, and copies the share link at Stop.',
    })
    .catch(async (err: unknown) => {
      // Another context created it between our check and our call: that is fine.
      if (/single offscreen document/i.test(String(err)) || (await offscreenExists(url))) return;
      throw err;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

function isNoReceiver(err: unknown): boolean {
  return /Receiving end does not exist|Could not establish connection/i.test(String(err));
}

/**
 * Sends a message to the offscreen document, creating it first if needed. A document that was
 * just created may not listen yet: retry briefly (see sendUntilAnswered for how Chrome says so).
 */
export async function sendToOffscreen<M extends ExtensionMessage & { target: 'offscreen' }>(
  msg: M,
): Promise<ResponseFor<M>> {
  await ensureOffscreenDocument();
  try {
    return await sendUntilAnswered(() => sendMessage(msg) as Promise<ResponseFor<M> | undefined>, { attempts: 30, delayMs: 100, isNoReceiver });
  } catch (err) {
    if (err instanceof NoAnswerError) throw new Error('the recorder did not answer');
    throw err;
  }
}

/**
 * Sends a message only if the offscreen document already exists; undefined otherwise
 * (for read-only questions such as get-status, which must not start a recorder).
 */
export async function askOffscreenIfRunning<M extends ExtensionMessage & { target: 'offscreen' }>(
  msg: M,
): Promise<ResponseFor<M> | undefined> {
  if (!(await offscreenExists(browser.runtime.getURL(OFFSCREEN_PATH)))) return undefined;
  try {
    return await sendMessage(msg);
  } catch (err) {
    if (isNoReceiver(err)) return undefined;
    throw err;
  }
}
