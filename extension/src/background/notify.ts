/** Notifications and the share-page tab when a recording finishes, fails or is recovered. */
import browser from 'webextension-polyfill';
import { notificationIdForUrl, urlFromNotificationId } from './capture-errors';

const ICON = 'icons/icon-128.png';

/** True when the toolbar popup is open (then it shows the result itself). */
async function popupIsOpen(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({ contextTypes: ['POPUP'] });
  return contexts.length > 0;
}

async function notify(id: string, title: string, text: string): Promise<void> {
  await browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL(ICON),
    title,
    message: text,
    priority: 1,
  });
}

export async function onRecordingFinished(shareUrl: string, title: string): Promise<void> {
  // Ask before opening the tab: opening it closes the popup.
  const showNotification = !(await popupIsOpen());
  await browser.tabs.create({ url: shareUrl, active: true });
  if (showNotification) {
    await notify(notificationIdForUrl(shareUrl), 'Your recording is ready', `${title}\n${shareUrl}`);
  }
}

export async function onRecordingFailed(messageText: string, hint: string): Promise<void> {
  if (await popupIsOpen()) return;
  await notify(`reelay-failed:${Date.now()}`, 'Recording problem', hint ? `${messageText} ${hint}` : messageText);
}

export async function onRecordingRecovered(shareUrl: string): Promise<void> {
  await notify(
    notificationIdForUrl(shareUrl),
    'An interrupted recording was uploaded',
    `Click to open it: ${shareUrl}`,
  );
}

export async function onNotificationClicked(id: string): Promise<void> {
  const url = urlFromNotificationId(id);
  if (url) await browser.tabs.create({ url, active: true });
  await browser.notifications.clear(id);
}
