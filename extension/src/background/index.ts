/**
 * Service worker: routing only. It may be stopped at any time, so it keeps no state
 * a recording depends on; the offscreen document owns the recording, browser.storage
 * the settings. Listeners are registered synchronously at the top level, as MV3 requires.
 */
import browser from 'webextension-polyfill';
import { message, type BadgeData, type MessageHandlers } from '../shared/messages';
import { listen } from '../shared/messaging';
import { loadConnection } from '../shared/settings';
import { onLinkAtStop, onNotificationClicked, onRecordingFailed, onRecordingFinished, onRecordingRecovered } from './notify';
import { ensureOffscreenDocument, sendToOffscreen } from '../shared/offscreen-document';
import { startRecording } from './start-recording';
import { onShortcut } from './commands';
import { onRecordingEndingSoon } from './ending-soon';
import { signIn, signOut } from './sign-in';
import { deleteForEveryone, renameOnServer } from './manage-recording';

async function setBadge({ text, color, title }: BadgeData): Promise<void> {
  await browser.action.setBadgeText({ text });
  if (color) await browser.action.setBadgeBackgroundColor({ color });
  await browser.action.setBadgeTextColor({ color: '#ffffff' });
  // The tooltip: a warning while the server can't be reached; '' restores the manifest's title.
  if (title !== undefined) await browser.action.setTitle({ title: title || (browser.runtime.getManifest().action?.default_title ?? 'Reelay') });
}

/** After a browser restart or an update: let the recorder finish interrupted uploads. */
async function kickRecovery(reason: string): Promise<void> {
  try {
    const connection = await loadConnection();
    if (!connection) return; // nothing can have been recorded without a server
    const result = await sendToOffscreen(
      message('offscreen', 'recover', { server: { url: connection.serverUrl, apiToken: connection.apiToken } }),
    );
    if (result.found > 0) console.info(`Reelay recovery (${reason}):`, result);
  } catch (err) {
    console.warn(`Reelay recovery (${reason}) failed:`, err);
  }
}

function logErrors(promise: Promise<unknown>): void {
  promise.catch((err: unknown) => console.warn('Reelay service worker:', err));
}

const handlers: MessageHandlers<'background'> = {
  badge: (data) => logErrors(setBadge(data)),
  'recording-finished': ({ shareUrl, title }) => logErrors(onRecordingFinished(shareUrl, title)),
  'recording-failed': ({ message: text, hint }) => logErrors(onRecordingFailed(text, hint)),
  'link-at-stop': ({ shareUrl, title, copied }) => logErrors(onLinkAtStop(shareUrl, title, copied)),
  'recording-recovered': ({ shareUrl }) => logErrors(onRecordingRecovered(shareUrl)),
  'recording-ending-soon': ({ secondsLeft }) => logErrors(onRecordingEndingSoon(secondsLeft)),
  'start-recording': (data) => startRecording(data),
  'sign-in': ({ serverUrl }) => signIn(serverUrl),
  'sign-out': () => signOut(),
  'delete-for-everyone': ({ localId, recordingId }) => deleteForEveryone(localId, recordingId),
  'rename-on-server': ({ recordingId, title }) => renameOnServer(recordingId, title),
};

listen('background', handlers);

// Keyboard shortcuts (manifest `commands`).
browser.commands.onCommand.addListener((command, tab) => logErrors(onShortcut(command, tab)));

browser.notifications.onClicked.addListener((id) => logErrors(onNotificationClicked(id)));

browser.runtime.onStartup.addListener(() => void kickRecovery('startup'));
browser.runtime.onInstalled.addListener(({ reason }) => void kickRecovery(reason));

// A handle for the service worker console and the e2e tests (checks single-instance creation).
Object.assign(globalThis, { reelayEnsureOffscreen: ensureOffscreenDocument });
