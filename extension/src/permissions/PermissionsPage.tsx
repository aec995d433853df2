/**
 * "Allow microphone" page, opened from the popup's microphone switch. Asks right away
 * (the user just asked for it), explains a refusal, and turns the microphone
 * preference on once access is granted.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { Brand } from '../ui/Brand';
import { loadPreferences, savePreferences } from '../shared/settings';
import { microphonePermission, requestMicrophone } from '../shared/microphone';

type State =
  | { kind: 'asking' }
  | { kind: 'granted' }
  | { kind: 'denied' }
  | { kind: 'no-device' }
  | { kind: 'error'; detail: string };

async function enableMicrophonePreference(): Promise<void> {
  const prefs = await loadPreferences();
  await savePreferences({ ...prefs, microphone: true });
}

export function PermissionsPage(): JSX.Element {
  const [state, setState] = useState<State>({ kind: 'asking' });

  async function ask(): Promise<void> {
    setState({ kind: 'asking' });
    const result = await requestMicrophone();
    if (result.ok) {
      await enableMicrophonePreference();
      setState({ kind: 'granted' });
    } else if (result.reason === 'error') {
      setState({ kind: 'error', detail: result.detail });
    } else {
      setState({ kind: result.reason });
    }
  }

  useEffect(() => {
    void (async () => {
      if ((await microphonePermission()) === 'denied') setState({ kind: 'denied' });
      else await ask();
    })();
  }, []);

  return (
    <main class="options-main stack">
      <Brand />
      <h2>Microphone</h2>
      <p>Reelay records your voice together with the tab or screen. Chrome asks once; after that, the switch in the Reelay popup turns the microphone on or off.</p>
      <div aria-live="polite" class="stack">
        {state.kind === 'asking' && <p class="muted">Waiting for your answer in Chrome's prompt…</p>}
        {state.kind === 'granted' && (
          <p class="alert alert-ok" role="status">
            Microphone access is allowed. You can close this tab and start recording from the Reelay button.
          </p>
        )}
        {state.kind === 'denied' && (
          <div class="alert alert-error" role="alert">
            <p>Microphone access is blocked for Reelay.</p>
            <p>
              Click the icon at the left of the address bar, set Microphone to “Allow”, then press “Try again”.
              (Or allow it in chrome://settings/content/microphone.)
            </p>
          </div>
        )}
        {state.kind === 'no-device' && (
          <p class="alert alert-error" role="alert">
            No microphone was found. Connect one, then press “Try again”.
          </p>
        )}
        {state.kind === 'error' && (
          <p class="alert alert-error" role="alert">
            The microphone could not be opened: {state.detail}
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
