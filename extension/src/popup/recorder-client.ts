/** The popup's side of the messaging: asks the recorder, never keeps recording state itself. */
import { askOffscreenIfRunning, sendToOffscreen } from '../background/offscreen-document';
import { message, sendMessage, type CommandResult, type PopupStartRecordingData } from '../shared/messages';
import { IDLE_STATUS, type RecentRecording, type RecorderError, type RecorderStatus } from '../shared/recorder-status';

/** Current status; idle when no recorder document exists (nothing is recording). */
export async function getStatus(): Promise<RecorderStatus> {
  return (await askOffscreenIfRunning(message('offscreen', 'get-status', {}))) ?? IDLE_STATUS;
}

export async function listRecent(): Promise<RecentRecording[]> {
  const result = await sendToOffscreen(message('offscreen', 'list-recent', {}));
  return result.recordings;
}

export function deleteRecording(localId: string): Promise<CommandResult> {
  return sendToOffscreen(message('offscreen', 'delete-recording', { localId }));
}

const NO_RECORDING: RecorderError = { code: 'no-recording', message: 'Nothing is being recorded.', hint: '' };

export type RecorderCommand = 'pause-recording' | 'resume-recording' | 'stop-recording' | 'cancel-recording';

export async function sendCommand(type: RecorderCommand): Promise<CommandResult> {
  const result = await askOffscreenIfRunning(message('offscreen', type, {}));
  return result ?? { ok: false, error: NO_RECORDING };
}

/** Goes through the service worker: it owns tabCapture and the server settings. */
export function startRecording(data: PopupStartRecordingData): Promise<CommandResult> {
  return sendMessage(message('background', 'start-recording', data));
}

/**
 * The tab "This tab" means: the active tab of the popup's window, or `?tabId=` when
 * popup.html is opened in a tab of its own (tests, or a detached popup).
 */
export async function targetTabId(): Promise<number | undefined> {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
