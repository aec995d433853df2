/**
 * Camera and microphone access for the extension origin. The offscreen recorder cannot show a
 * permission prompt, so a visible extension page (permissions.html?device=camera|microphone) asks
 * once; the grant then applies to every page of the extension, the offscreen document included.
 */
import browser from 'webextension-polyfill';

export type MediaDevice = 'camera' | 'microphone';
export type DevicePermission = PermissionState | 'unknown';

export const PERMISSIONS_PAGE = 'permissions/permissions.html';

export async function devicePermission(device: MediaDevice): Promise<DevicePermission> {
  try {
    const status = await navigator.permissions.query({ name: device as PermissionName });
    return status.state;
  } catch {
    return 'unknown';
  }
}

/** Opens the page that asks for `device` (closes the toolbar popup, as any new tab does). */
export async function openPermissionPage(device: MediaDevice): Promise<void> {
  // The microphone is the page's default (its address stays what it always was).
  const query = device === 'camera' ? '?device=camera' : '';
  await browser.tabs.create({ url: browser.runtime.getURL(`${PERMISSIONS_PAGE}${query}`), active: true });
}

export type DeviceRequestResult = { ok: true } | { ok: false; reason: 'denied' | 'no-device' | 'error'; detail: string };

/** Asks for `device` (Chrome's prompt, once) and releases it right away. */
export async function requestDevice(device: MediaDevice): Promise<DeviceRequestResult> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(device === 'camera' ? { video: true } : { audio: true });
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

export interface DeviceChoice {
  deviceId: string;
  label: string;
}

/** The cameras and microphones (labels need the permission; without it: "Camera 1", ...). */
export async function listDevices(): Promise<{ cameras: DeviceChoice[]; microphones: DeviceChoice[] }> {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  const pick = (kind: MediaDeviceKind, noun: string): DeviceChoice[] =>
    devices
      .filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'default' && d.deviceId !== 'communications')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
  return { cameras: pick('videoinput', 'Camera'), microphones: pick('audioinput', 'Microphone') };
}
