/** The Maximum length is near: with the popup closed, a notification says when the recording stops. */
import browser from 'webextension-polyfill';

export async function onRecordingEndingSoon(secondsLeft: number): Promise<void> {
  if ((await browser.runtime.getContexts({ contextTypes: ['POPUP'] })).length > 0) return; // the popup shows it
  await browser.notifications.create(`reelay-ending-soon:${Date.now()}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: `Recording stops in ${secondsLeft} s`,
    message: 'It reaches the maximum length set in Reelay’s options, then stops and uploads on its own.',
    priority: 1,
  });
}
