/**
 * The popup's "Start recording": read the server settings from storage, get a tab
 * stream id if recording a tab, and hand everything to the offscreen recorder.
 */
import { message, type CommandResult, type FrameSize, type PopupStartRecordingData } from '../shared/messages';
import { captureSizeForTab } from '../shared/capture-size';
import type { RecorderError } from '../shared/recorder-status';
import { loadConnection } from '../shared/settings';
import { noTargetTabError, notConnectedError, recorderUnavailableError, tabCaptureError } from './capture-errors';
import { sendToOffscreen } from './offscreen-document';
import { loadRecorderOverrides } from './recorder-overrides';

/** Seconds of 3-2-1 before recording starts (shown on the badge and in the popup). */
export const COUNTDOWN_SECONDS = 3;

function failed(error: RecorderError): CommandResult {
  return { ok: false, error };
}

export async function startRecording(data: PopupStartRecordingData): Promise<CommandResult> {
  const connection = await loadConnection();
  if (!connection) return failed(notConnectedError());

  const overrides = await loadRecorderOverrides().catch(() => ({}));
  // Create the recorder first: a tab stream id must be used within seconds.
  const server = { url: connection.serverUrl, apiToken: connection.apiToken };
  if (data.source === 'tab' && data.tabId === undefined) return failed(noTargetTabError());
  try {
    // Wakes (or creates) the recorder and checks that it answers.
    await sendToOffscreen(message('offscreen', 'get-status', {}));
  } catch (err) {
    return failed(recorderUnavailableError(err));
  }
  let tabStreamId: string | undefined;
  let tabFrameSize: FrameSize | undefined;
  if (data.source === 'tab' && data.tabId !== undefined) {
    try {
      tabStreamId = await chrome.tabCapture.getMediaStreamId({ targetTabId: data.tabId });
    } catch (err) {
      return failed(tabCaptureError(err));
    }
    tabFrameSize = await tabSize(data.tabId, data.devicePixelRatio);
  }
  return sendToOffscreen(
    message('offscreen', 'start-recording', {
      ...overrides,
      source: data.source,
      ...(tabStreamId !== undefined ? { tabStreamId } : {}),
      ...(tabFrameSize !== undefined ? { tabFrameSize } : {}),
      microphone: data.microphone,
      ...(data.title !== undefined ? { title: data.title } : {}),
      server,
      countdownSeconds: COUNTDOWN_SECONDS,
    }),
  );
}

/** The tab's size in device pixels, capped at 1080p (undefined: let Chrome choose). */
async function tabSize(tabId: number, devicePixelRatio: number | undefined): Promise<FrameSize | undefined> {
  try {
    const tab = await chrome.tabs.get(tabId);
    return captureSizeForTab(tab.width ?? 0, tab.height ?? 0, devicePixelRatio ?? 1);
  } catch {
    return undefined;
  }
}
