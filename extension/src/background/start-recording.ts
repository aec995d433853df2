/**
 * The popup's "Start recording": read the server settings from storage, get a tab stream id if
 * recording a tab, show the in-page overlay (countdown, control bar, camera bubble) in that tab,
 * and hand the popup's capture options, unchanged, to the offscreen recorder with the tab stream
 * next to them. The one start path: the popup and the keyboard shortcuts both come here.
 */
import browser from 'webextension-polyfill';
import { message, type CommandResult, type FrameSize, type PopupStartRecordingData, type TabStream } from '../shared/messages';
import { captureSizeForTab, LARGEST_BOX } from '../core/recorder/capture-size';
import { recordingTitle } from './recording-title';
import type { RecorderError } from '../shared/recorder-status';
import { loadConnection } from '../shared/settings';
import { noTargetTabError, notConnectedError, recorderUnavailableError, tabCaptureError } from './capture-errors';
import { sendToOffscreen } from '../shared/offscreen-document';
import { isActiveStatus } from '../shared/recorder-status';
import { busyError } from '../core/recorder/recorder-errors';
import { removePageOverlay, showPageOverlay } from './page-overlay';

/** Default seconds of 3-2-1 before recording starts; the options page's Countdown (options.countdownSeconds) sets it. */
export const COUNTDOWN_SECONDS = 3;

function failed(error: RecorderError): CommandResult {
  return { ok: false, error };
}

export async function startRecording(data: PopupStartRecordingData): Promise<CommandResult> {
  const connection = await loadConnection();
  if (!connection) return failed(notConnectedError());

  // Create the recorder first: a tab stream id must be used within seconds.
  const server = { url: connection.serverUrl, apiToken: connection.apiToken };
  const { options, tabId } = data;
  if (options.source === 'tab' && tabId === undefined) return failed(noTargetTabError());
  try {
    // Wakes (or creates) the recorder and checks that it answers; a running recording keeps its overlay.
    if (isActiveStatus(await sendToOffscreen(message('offscreen', 'get-status', {})))) return failed(busyError());
  } catch (err) {
    return failed(recorderUnavailableError(err));
  }
  let tab: TabStream | undefined;
  if (options.source === 'tab' && tabId !== undefined) {
    try {
      // Not in webextension-polyfill: chrome.* (Chrome only).
      const streamId = await chrome.tabCapture.getMediaStreamId({ targetTabId: tabId });
      const frameSize = await tabSize(tabId, data.devicePixelRatio);
      tab = { streamId, ...(frameSize ? { frameSize } : {}) };
    } catch (err) {
      return failed(tabCaptureError(err));
    }
  }
  const countdownSeconds = options.countdownSeconds ?? COUNTDOWN_SECONDS;
  // The countdown, control bar and camera bubble in the page (the bubble is recorded with it).
  const overlayTab =
    tabId !== undefined &&
    (await showPageOverlay(tabId, { bubble: options.camera && options.source !== 'camera', countdown: countdownSeconds > 0 }))
      ? tabId
      : undefined;
  const result = await sendToOffscreen(
    message('offscreen', 'start-recording', {
      options,
      ...(tab ? { tab } : {}),
      title: await recordingTitle(data),
      server,
      countdownSeconds,
    }),
  );
  if (!result.ok && overlayTab !== undefined) await removePageOverlay(overlayTab);
  return result;
}

/** The tab's size in device pixels, capped at 1080p (undefined: let Chrome choose). */
async function tabSize(tabId: number, devicePixelRatio: number | undefined): Promise<FrameSize | undefined> {
  try {
    const tab = await browser.tabs.get(tabId);
    // The largest Quality box: the recorder scales it down to the chosen Quality.
    return captureSizeForTab(tab.width ?? 0, tab.height ?? 0, devicePixelRatio ?? 1, LARGEST_BOX);
  } catch {
    return undefined;
  }
}
