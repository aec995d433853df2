/**
 * The keyboard shortcuts (manifest `commands`: toggle-recording, toggle-pause, cancel-recording).
 * Pressing one counts as invoking Reelay on the active tab, as a toolbar click does: Chrome then
 * lets chrome.tabCapture.getMediaStreamId capture that tab and shows its title (activeTab). A start
 * uses the saved preferences, as the popup's "Start recording" would; what went wrong is told in a
 * notification, as no popup is open to show it.
 */
import type { Tabs } from 'webextension-polyfill';
import { isShortcutCommand, shortcutAction, type ShortcutAction } from '../core/recorder/shortcut-action';
import { message, type CommandResult } from '../shared/messages';
import { askOffscreenIfRunning } from '../shared/offscreen-document';
import { IDLE_STATUS } from '../shared/recorder-status';
import { loadDevicePixelRatio, loadPreferences } from '../shared/settings';
import { onRecordingFailed } from './notify';
import { startRecording } from './start-recording';

export async function onShortcut(command: string, tab: Tabs.Tab | undefined): Promise<void> {
  if (!isShortcutCommand(command)) return;
  const status = (await askOffscreenIfRunning(message('offscreen', 'get-status', {}))) ?? IDLE_STATUS;
  const result = await carryOut(shortcutAction(command, status), tab);
  if (result && !result.ok) await onRecordingFailed(result.error.message, result.error.hint);
}

async function carryOut(action: ShortcutAction, tab: Tabs.Tab | undefined): Promise<CommandResult | undefined> {
  switch (action) {
    case 'start':
      return start(tab);
    case 'stop':
      return askOffscreenIfRunning(message('offscreen', 'stop-recording', {}));
    case 'pause':
      return askOffscreenIfRunning(message('offscreen', 'pause-recording', {}));
    case 'resume':
      return askOffscreenIfRunning(message('offscreen', 'resume-recording', {}));
    case 'cancel':
      return askOffscreenIfRunning(message('offscreen', 'cancel-recording', {}));
    case 'none':
      return undefined;
  }
}

async function start(tab: Tabs.Tab | undefined): Promise<CommandResult> {
  const options = await loadPreferences();
  const devicePixelRatio = await loadDevicePixelRatio();
  return startRecording({
    options,
    // The active tab: what "This tab" records (and where the in-page controls go for every source).
    ...(tab?.id !== undefined ? { tabId: tab.id } : {}),
    ...(devicePixelRatio !== undefined ? { devicePixelRatio } : {}),
  });
}
