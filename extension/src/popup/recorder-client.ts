/**
 * The popup's side of the messaging: asks the recorder, never keeps recording state itself, and
 * reaches a recording only through messages (no IndexedDB, no server calls of its own).
 */
import browser from 'webextension-polyfill';
import { askOffscreenIfRunning, sendToOffscreen } from '../shared/offscreen-document';
import { message, type CommandResult, type ManageResult, type PopupStartRecordingData, type RecordingPatch, type UpdateResult } from '../shared/messages';
import { withRenamedTitles } from '../shared/recent-titles';
import { sendMessage } from '../shared/messaging';
import { noRecordingError } from '../core/recorder/recorder-errors';
import { IDLE_STATUS, type RecentRecording, type RecorderStatus } from '../shared/recorder-status';

/** Current status; idle when no recorder document exists (nothing is recording). */
export async function getStatus(): Promise<RecorderStatus> {
  return (await askOffscreenIfRunning(message('offscreen', 'get-status', {}))) ?? IDLE_STATUS;
}

export async function listRecent(): Promise<RecentRecording[]> {
  const result = await sendToOffscreen(message('offscreen', 'list-recent', {}));
  return withRenamedTitles(result.recordings);
}

/** Forgets the local copy; an unfinished upload is aborted on the server, a finished recording stays shared. */
export function deleteRecording(localId: string): Promise<CommandResult> {
  return sendToOffscreen(message('offscreen', 'delete-recording', { localId }));
}

/** A finished recording: deleted on the server as the signed-in person (the link stops working), then forgotten here. */
export function deleteForEveryone(localId: string, recordingId: string): Promise<ManageResult> {
  return sendMessage(message('background', 'delete-for-everyone', { localId, recordingId }));
}

/** A finished recording: renamed on the server as the signed-in person. */
export function renameOnServer(recordingId: string, title: string): Promise<UpdateResult> {
  return sendMessage(message('background', 'rename-on-server', { recordingId, title }));
}

/** Changes a recording on the server (and its local record), e.g. `{ title }`. */
export function updateRecording(localId: string, patch: RecordingPatch): Promise<UpdateResult> {
  return sendToOffscreen(message('offscreen', 'update-recording', { localId, patch }));
}

export type RecorderCommand = 'pause-recording' | 'resume-recording' | 'stop-recording' | 'cancel-recording';

export async function sendCommand(type: RecorderCommand): Promise<CommandResult> {
  const result = await askOffscreenIfRunning(message('offscreen', type, {}));
  return result ?? { ok: false, error: noRecordingError() };
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
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
