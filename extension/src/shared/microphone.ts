/**
 * Microphone permission for the extension origin. The offscreen recorder cannot show
 * a permission prompt, so a visible extension page (permissions.html) asks once; the
 * grant then applies to every page of the extension, the offscreen document included.
 */
import browser from 'webextension-polyfill';

export const PERMISSIONS_PAGE = 'permissions/permissions.html';

export type MicrophonePermission = PermissionState | 'unknown';

export async function microphonePermission(): Promise<MicrophonePermission> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state;
  } catch {
    return 'unknown';
  }
}

/** Opens the page that asks for the microphone (closes the toolbar popup, as any new tab does). */
export async function openMicrophonePermissionPage(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(PERMISSIONS_PAGE), active: true });
}

/** Asks for the microphone (shows Chrome's prompt once) and releases it right away. */
export async function requestMicrophone(): Promise<{ ok: true } | { ok: false; reason: 'denied' | 'no-device' | 'error'; detail: string }> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
    return { ok: true };
  } catch (err) {
    const name = err instanceof DOMException ? err.name : '';
    const detail = err instanceof Error ? err.message : String(err);
    if (name === 'NotAllowedError' || name === 'SecurityError') return { ok: false, reason: 'denied', detail };
    if (name === 'NotFoundError' || name === 'OverconstrainedError') return { ok: false, reason: 'no-device', detail };
    return { ok: false, reason: 'error', detail };
  }
}
