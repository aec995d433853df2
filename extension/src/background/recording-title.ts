/**
 * The title a new recording starts with. The service worker asks Chrome for the recorded tab's
 * title: it can read it only for the tab the user invoked Reelay on (toolbar button or shortcut),
 * through the activeTab grant; anything else falls back to "Screen recording" / "Camera recording".
 */
import browser from 'webextension-polyfill';
import { defaultRecordingTitle } from '../core/recorder/recording-title';
import type { PopupStartRecordingData } from '../shared/messages';

export async function recordingTitle(data: PopupStartRecordingData): Promise<string> {
  const given = data.title?.trim();
  if (given) return given;
  const { source } = data.options;
  if (source !== 'tab' || data.tabId === undefined) return defaultRecordingTitle(source);
  try {
    const tab = await browser.tabs.get(data.tabId);
    return defaultRecordingTitle(source, tab.title);
  } catch {
    return defaultRecordingTitle(source);
  }
}
