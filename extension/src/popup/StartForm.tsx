/**
 * Source choice (This tab, Screen or window, Camera only), the Camera and Microphone switches with
 * their device pickers, and the "Start recording" button: the CaptureOptions controls.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { DEFAULT_CAPTURE_OPTIONS, type CaptureOptions } from '../shared/capture-options';
import { loadPreferences, onPreferencesChanged, savePreferences } from '../shared/settings';
import type { RecordingSource } from '../shared/recorder-status';
import { devicePermission, listDevices, openPermissionPage, type DeviceChoice, type MediaDevice } from '../shared/media-permission';
import { connectedOnly, DevicePicker } from './DevicePicker';

export interface StartFormProps {
  starting: boolean;
  /** The options as shown (and saved as preferences), sent on unchanged. */
  onStart: (options: CaptureOptions) => void;
}

const NOUN: Record<MediaDevice, string> = { camera: 'camera', microphone: 'microphone' };

export function StartForm({ starting, onStart }: StartFormProps): JSX.Element {
  const [prefs, setPrefs] = useState<CaptureOptions | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [devices, setDevices] = useState<{ cameras: DeviceChoice[]; microphones: DeviceChoice[] }>({ cameras: [], microphones: [] });

  useEffect(() => {
    void loadPreferences().then(setPrefs);
    void listDevices().then(setDevices);
    const refresh = (): void => void listDevices().then(setDevices);
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    // The permissions page turns the microphone or camera on in storage once access is granted.
    const unsubscribe = onPreferencesChanged((next) => {
      setPrefs(next);
      setNote(null); // access was granted (or the choice changed elsewhere): the ask is done
    });
    return () => {
      unsubscribe();
      navigator.mediaDevices?.removeEventListener('devicechange', refresh);
    };
  }, []);

  const current = prefs ?? DEFAULT_CAPTURE_OPTIONS;
  const usesCamera = current.source === 'camera' || current.camera;

  function update(next: CaptureOptions): void {
    setPrefs(next);
    void savePreferences(next);
  }

  /** True if `device` may be used now; otherwise opens the page that asks (the recorder can't). */
  async function allowed(device: MediaDevice, why: string): Promise<boolean> {
    if ((await devicePermission(device)) === 'granted') return true;
    setNote(`${why} Allow the ${NOUN[device]} in the tab that just opened.`);
    await openPermissionPage(device);
    return false;
  }

  async function toggleMicrophone(on: boolean): Promise<void> {
    setNote(null);
    if (!on) return update({ ...current, microphone: false });
    if (await allowed('microphone', '')) update({ ...current, microphone: true });
  }

  async function toggleCamera(on: boolean): Promise<void> {
    setNote(null);
    if (!on) return update({ ...current, camera: false });
    if (await allowed('camera', '')) update({ ...current, camera: true });
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setNote(null);
    if (current.microphone && !(await allowed('microphone', 'Reelay needs microphone access first.'))) return;
    if (current.source === 'camera' && !(await allowed('camera', 'Reelay needs camera access first.'))) return;
    // The bubble is an extra: only a camera never asked about is asked for now. A blocked or failing
    // camera does not hold the recording back; the page's control bar says what went wrong.
    if (current.source !== 'camera' && current.camera && (await devicePermission('camera')) === 'prompt') {
      if (!(await allowed('camera', 'Reelay needs camera access first.'))) return;
    }
    const cameraDeviceId = connectedOnly(current.cameraDeviceId, devices.cameras);
    const microphoneDeviceId = connectedOnly(current.microphoneDeviceId, devices.microphones);
    const { cameraDeviceId: _c, microphoneDeviceId: _m, ...rest } = current;
    onStart({ ...rest, ...(cameraDeviceId ? { cameraDeviceId } : {}), ...(microphoneDeviceId ? { microphoneDeviceId } : {}) });
  }

  const sourceOption = (value: RecordingSource, label: string, help: string) => (
    <label class="choice">
      <input
        type="radio"
        name="source"
        value={value}
        checked={current.source === value}
        onChange={() => update({ ...current, source: value })}
      />
      <span>
        <span class="strong">{label}</span>
        <span class="help" style="display:block">{help}</span>
      </span>
    </label>
  );

  const switchRow = (label: string, help: string, checked: boolean, onToggle: (on: boolean) => void) => (
    <label class="switch">
      <span>
        <span class="strong">{label}</span>
        <span class="help" style="display:block">{help}</span>
      </span>
      <input type="checkbox" disabled={prefs === null} role="switch" checked={checked} onChange={(e) => onToggle(e.currentTarget.checked)} />
    </label>
  );

  return (
    <form class="stack" onSubmit={(e) => void submit(e)}>
      {/* Disabled until the saved options are loaded: a change made earlier would drop them. */}
      <fieldset class="choices" disabled={prefs === null}>
        <legend>Record</legend>
        {sourceOption('tab', 'This tab', 'With tab sound')}
        {sourceOption('screen', 'Screen or window', 'You pick what to share')}
        {sourceOption('camera', 'Camera only', 'Just you, full frame')}
      </fieldset>
      {current.source !== 'camera' &&
        switchRow('Camera', current.camera ? 'Your camera in a bubble, in the recording' : 'Off', current.camera, (on) => void toggleCamera(on))}
      {usesCamera && (
        <DevicePicker
          label="Which camera"
          devices={devices.cameras}
          value={current.cameraDeviceId}
          disabled={prefs === null}
          onChange={(cameraDeviceId) => update({ ...current, cameraDeviceId })}
        />
      )}
      {switchRow('Microphone', current.microphone ? 'Your voice is recorded' : 'Off', current.microphone, (on) => void toggleMicrophone(on))}
      {current.microphone && (
        <DevicePicker
          label="Which microphone"
          devices={devices.microphones}
          value={current.microphoneDeviceId}
          disabled={prefs === null}
          onChange={(microphoneDeviceId) => update({ ...current, microphoneDeviceId })}
        />
      )}
      {note && (
        <p class="alert alert-warn" role="status">
          {note.trim()}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-large" disabled={starting || prefs === null}>
        <span class="rec-dot" style="background:#fff" aria-hidden="true" />
        Start recording
      </button>
    </form>
  );
}
