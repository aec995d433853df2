/** Pure: turns chrome.tabCapture failures and missing setup into user-facing RecorderErrors. */
import type { RecorderError } from '../shared/recorder-status';

export function notConnectedError(): RecorderError {
  return {
    code: 'unauthorized',
    message: 'Reelay is not connected to a server yet.',
    hint: 'Open Server settings and enter the Server URL and API token.',
  };
}

export function noTargetTabError(): RecorderError {
  return {
    code: 'capture_failed',
    message: 'There is no tab to record.',
    hint: 'Go to the tab you want to record, click the Reelay button there, then press Start recording.',
  };
}

export function recorderUnavailableError(err: unknown): RecorderError {
  const text = err instanceof Error ? err.message : String(err);
  return {
    code: 'recorder_failed',
    message: `The recorder did not start (${text}).`,
    hint: 'Try again. If it keeps failing, reload Reelay on chrome://extensions.',
  };
}

/** chrome.tabCapture.getMediaStreamId rejected: say why in words the user can act on. */
export function tabCaptureError(err: unknown): RecorderError {
  const text = err instanceof Error ? err.message : String(err);
  if (/active stream/i.test(text)) {
    return { code: 'capture_failed', message: 'This tab is already being recorded.', hint: 'Stop the other recording first.' };
  }
  if (/chrome pages|cannot be captured|not been invoked|activeTab/i.test(text)) {
    return {
      code: 'capture_failed',
      message: "Reelay can't record this tab.",
      hint: "Click the Reelay button on the tab you want to record, then press Start recording. Chrome's own pages (chrome://…) and the Web Store can't be recorded; choose “Screen or window” instead.",
    };
  }
  if (/no tab|invalid tab/i.test(text)) {
    return { code: 'capture_failed', message: 'The tab to record is gone.', hint: 'Open the tab again and press Start recording.' };
  }
  return { code: 'capture_failed', message: `Could not capture the tab: ${text}`, hint: 'Reload the tab and try again.' };
}

const OPEN_URL_PREFIX = 'reelay-open:';

/** Notification ids carry the URL to open on click, so the service worker keeps no state. */
export function notificationIdForUrl(url: string): string {
  return `${OPEN_URL_PREFIX}${Date.now().toString(36)}:${url}`;
}

export function urlFromNotificationId(id: string): string | null {
  if (!id.startsWith(OPEN_URL_PREFIX)) return null;
  const rest = id.slice(OPEN_URL_PREFIX.length);
  const sep = rest.indexOf(':');
  const url = sep >= 0 ? rest.slice(sep + 1) : '';
  return /^https?:\/\//.test(url) ? url : null;
}
