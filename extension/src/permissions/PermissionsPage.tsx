/**
 * "Allow camera / microphone" page (permissions.html?device=camera|microphone), opened from the
 * popup's switches. Asks right away (the user just asked for it), explains a refusal, and turns
 * the matching preference on once access is granted (the camera: the bubble, unless "Camera only"
 * is chosen, which needs nothing more).
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { loadPreferences, savePreferences } from '../shared/settings';
import { devicePermission, requestDevice, type MediaDevice } from '../shared/media-permission';

type State =
  | { kind: 'asking' }
  | { kind: 'granted' }
  | { kind: 'denied' }
  | { kind: 'no-device' }
  | { kind: 'error'; detail: string };

const TEXT: Record<MediaDevice, { title: string; noun: string; why: string; setting: string }> = {
  microphone: {
    title: 'Microphone',
    noun: 'microphone',
    why: 'Reelay records your voice together with the tab or screen. Chrome asks once; after that, the switch in the Reelay popup turns the microphone on or off.',
    setting: 'Microphone',
  },
  camera: {
    title: 'Camera',
    noun: 'camera',
    why: 'Reelay shows your camera in a bubble on the recorded page (and records it), or records the camera alone. Chrome asks once; after that, the Camera switch in the Reelay popup turns the bubble on or off.',
    setting: 'Camera',
  },
};

function deviceFromQuery(): MediaDevice {
  return new URLSearchParams(location.search).get('device') === 'camera' ? 'camera' : 'microphone';
}

async function enablePreference(device: MediaDevice): Promise<void> {
  const prefs = await loadPreferences();
  if (device === 'microphone') await savePreferences({ ...prefs, microphone: true });
  else if (prefs.source !== 'camera') await savePreferences({ ...prefs, camera: true });
}

export function PermissionsPage(): JSX.Element {
  const device = deviceFromQuery();
  const text = TEXT[device];
  const [state, setState] = useState<State>({ kind: 'asking' });

  async function ask(): Promise<void> {
    setState({ kind: 'asking' });
    const result = await requestDevice(device);
    if (result.ok) {
      await enablePreference(device);
      setState({ kind: 'granted' });
    } else if (result.reason === 'error') {
      setState({ kind: 'error', detail: result.detail });
    } else {
      setState({ kind: result.reason });
    }
  }

  useEffect(() => {
    document.title = `Reelay – ${text.noun} access`;
    void (async () => {
      if ((await devicePermission(device)) === 'denied') setState({ kind: 'denied' });
      else await ask();
    })();
  }, []);

  return (
    <main class="options-main stack">
      <Brand />
      <h2>{text.title}</h2>
      <p>{text.why}</p>
      <div aria-live="polite" class="stack">
        {state.kind === 'asking' && <p class="muted">Waiting for your answer in Chrome's prompt…</p>}
        {state.kind === 'granted' && (
          <p class="alert alert-ok" role="status">
            {text.title} access is allowed. You can close this tab and start recording from the Reelay button.
          </p>
        )}
        {state.kind === 'denied' && (
          <div class="alert alert-error" role="alert">
            <p>{text.title} access is blocked for Reelay.</p>
            <p>
              Click the icon at the left of the address bar, set {text.setting} to “Allow”, then press “Try again”.
              (Or allow it in chrome://settings/content/{device}.)
            </p>
          </div>
        )}
        {state.kind === 'no-device' && (
          <p class="alert alert-error" role="alert">
            No {text.noun} was found. Connect one, then press “Try again”.
          </p>
        )}
        {state.kind === 'error' && (
          <p class="alert alert-error" role="alert">
            The {text.noun} could not be opened: {state.detail}
          </p>
        )}
      </div>
      <div class="row">
        {state.kind !== 'granted' && state.kind !== 'asking' && (
          <button type="button" class="btn btn-primary" onClick={() => void ask()}>
            Try again
          </button>
        )}
        <button type="button" class="btn" onClick={() => window.close()}>
          Close
        </button>
      </div>
    </main>
  );
}
