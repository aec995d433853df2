/** Notifications and the share-page tab when a recording finishes, fails or is recovered. */
import browser from 'webextension-polyfill';
import { isWebUrl } from '../core/url-safety';
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

/** The link whose notification came at Stop (session storage: this worker may be stopped meanwhile). */
const LINK_NOTIFIED_KEY = 'linkNotifiedAtStop';

/** Stop: the link is in the user's hands already; with the popup closed a notification says so. */
export async function onLinkAtStop(shareUrl: string, title: string, copied: boolean): Promise<void> {
  if (await popupIsOpen()) return; // the popup shows the link, "Link copied" and a Copy button
  await browser.storage.session.set({ [LINK_NOTIFIED_KEY]: shareUrl });
  if (copied) {
    await notify(notificationIdForUrl(shareUrl), 'Link copied', `${title}\n${shareUrl}`);
  } else {
    await notify(
      notificationIdForUrl(shareUrl),
      'Your link (not copied)',
      `Copying it failed: open Reelay and press Copy, or click here to open it.\n${shareUrl}`,
    );
  }
}

export async function onRecordingFinished(shareUrl: string, title: string): Promise<void> {
  // Ask before opening the tab: opening it closes the popup.
  const popupOpen = await popupIsOpen();
  // One notification per recording: none again if the link was notified at Stop.
  const notifiedAtStop = (await browser.storage.session.get(LINK_NOTIFIED_KEY))[LINK_NOTIFIED_KEY] === shareUrl;
  if (notifiedAtStop) await browser.storage.session.remove(LINK_NOTIFIED_KEY);
  // Only a web address is opened (core/url-safety.ts): never javascript:, data: or file:.
  if (isWebUrl(shareUrl)) await browser.tabs.create({ url: shareUrl, active: true });
  if (!popupOpen && !notifiedAtStop) {
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
