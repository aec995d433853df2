/** Source choice, microphone switch and the "Start recording" button: the CaptureOptions controls. */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { DEFAULT_CAPTURE_OPTIONS, type CaptureOptions } from '../shared/capture-options';
import { loadPreferences, onPreferencesChanged, savePreferences } from '../shared/settings';
import type { RecordingSource } from '../shared/recorder-status';
import { microphonePermission, openMicrophonePermissionPage } from '../shared/microphone';

export interface StartFormProps {
  starting: boolean;
  /** The options as shown (and saved as preferences), sent on unchanged. */
  onStart: (options: CaptureOptions) => void;
}

export function StartForm({ starting, onStart }: StartFormProps): JSX.Element {
  const [prefs, setPrefs] = useState<CaptureOptions | null>(null);
  const [micNote, setMicNote] = useState<string | null>(null);

  useEffect(() => {
    void loadPreferences().then(setPrefs);
    // The permissions page turns the microphone on in storage once access is granted.
    return onPreferencesChanged(setPrefs);
  }, []);

  const current = prefs ?? DEFAULT_CAPTURE_OPTIONS;

  function update(next: CaptureOptions): void {
    setPrefs(next);
    void savePreferences(next);
  }

  async function toggleMicrophone(on: boolean): Promise<void> {
    setMicNote(null);
    if (!on) return update({ ...current, microphone: false });
    if ((await microphonePermission()) === 'granted') return update({ ...current, microphone: true });
    // Not allowed yet: the offscreen recorder can't ask, so a visible page does (once).
    setMicNote('Allow the microphone in the tab that just opened.');
    await openMicrophonePermissionPage();
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (current.microphone && (await microphonePermission()) !== 'granted') {
      setMicNote('Reelay needs microphone access first: allow it in the tab that just opened.');
      await openMicrophonePermissionPage();
      return;
    }
    onStart(current);
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

  return (
    <form class="stack" onSubmit={(e) => void submit(e)}>
      {/* Disabled until the saved options are loaded: a change made earlier would drop them. */}
      <fieldset class="choices" disabled={prefs === null}>
        <legend>Record</legend>
        {sourceOption('tab', 'This tab', 'With tab sound')}
        {sourceOption('screen', 'Screen or window', 'You pick what to share')}
      </fieldset>
      <label class="switch">
        <span>
          <span class="strong">Microphone</span>
          <span class="help" style="display:block">
            {current.microphone ? 'Your voice is recorded' : 'Off'}
          </span>
        </span>
        <input
          type="checkbox"
          disabled={prefs === null}
          role="switch"
          checked={current.microphone}
          onChange={(e) => void toggleMicrophone(e.currentTarget.checked)}
        />
      </label>
      {micNote && (
        <p class="alert alert-warn" role="status">
          {micNote}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-large" disabled={starting || prefs === null}>
        <span class="rec-dot" style="background:#fff" aria-hidden="true" />
        Start recording
      </button>
    </form>
  );
}
