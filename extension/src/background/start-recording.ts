/**
 * The popup's "Start recording": read the server settings from storage, get a tab stream id if
 * recording a tab, and hand the popup's capture options, unchanged, to the offscreen recorder
 * with the tab stream next to them.
 */
import browser from 'webextension-polyfill';
import { message, type CommandResult, type FrameSize, type PopupStartRecordingData, type TabStream } from '../shared/messages';
import { captureSizeForTab } from '../core/recorder/capture-size';
import type { RecorderError } from '../shared/recorder-status';
import { loadConnection } from '../shared/settings';
import { noTargetTabError, notConnectedError, recorderUnavailableError, tabCaptureError } from './capture-errors';
import { sendToOffscreen } from '../shared/offscreen-document';

/** Seconds of 3-2-1 before recording starts (shown on the badge and in the popup). */
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
    // Wakes (or creates) the recorder and checks that it answers.
    await sendToOffscreen(message('offscreen', 'get-status', {}));
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
  return sendToOffscreen(
    message('offscreen', 'start-recording', {
      options,
      ...(tab ? { tab } : {}),
      ...(data.title !== undefined ? { title: data.title } : {}),
      server,
      countdownSeconds: COUNTDOWN_SECONDS,
    }),
  );
}

/** The tab's size in device pixels, capped at 1080p (undefined: let Chrome choose). */
async function tabSize(tabId: number, devicePixelRatio: number | undefined): Promise<FrameSize | undefined> {
  try {
    const tab = await browser.tabs.get(tabId);
    return captureSizeForTab(tab.width ?? 0, tab.height ?? 0, devicePixelRatio ?? 1);
  } catch {
    return undefined;
  }
}
