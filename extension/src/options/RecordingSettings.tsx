/**
 * The options page's recording settings: Quality, Countdown and Maximum length. They are capture
 * options (shared/capture-options.ts), saved in the same preferences as the popup's choices, so
 * every start (popup or keyboard shortcut) sends them with the rest. Saved on change.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { COUNTDOWN_CHOICES, type CaptureOptions, type CountdownSeconds, type VideoQuality } from '../shared/capture-options';
import { loadPreferences, onPreferencesChanged, updatePreferences } from '../shared/settings';

const QUALITY_CHOICES: { value: VideoQuality; label: string; help: string }[] = [
  { value: '720p', label: '720p', help: 'Smaller files; enough for slides and talking.' },
  { value: '1080p', label: '1080p', help: 'Sharp text. The default.' },
  { value: 'source', label: 'Source size', help: 'What you see, up to 1440p; the largest files.' },
];

const COUNTDOWN_LABELS: Record<CountdownSeconds, string> = { 0: 'None', 3: '3 seconds', 5: '5 seconds' };

/** Minutes offered for the maximum length ('' is no limit). */
const MAX_LENGTH_MINUTES = [1, 2, 5, 10, 15, 30, 45, 60, 120];

function minutesLabel(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  if (minutes < 1) return `${Math.round(minutes * 60)} seconds`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function RecordingSettings(): JSX.Element {
  const [prefs, setPrefs] = useState<CaptureOptions | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadPreferences().then(setPrefs);
    return onPreferencesChanged(setPrefs);
  }, []);

  async function save(patch: Partial<CaptureOptions>, what: string): Promise<void> {
    setError(null);
    try {
      setPrefs(await updatePreferences(patch));
      setSaved(`${what} saved.`);
    } catch (err) {
      setSaved(null);
      setError(`Could not save the setting: ${err instanceof Error ? err.message : String(err)}. Try again.`);
    }
  }

  if (!prefs) return <p class="muted">Loading…</p>;
  const maxChoices = [...MAX_LENGTH_MINUTES];
  if (prefs.maxLengthMinutes !== undefined && !maxChoices.includes(prefs.maxLengthMinutes)) {
    maxChoices.push(prefs.maxLengthMinutes);
    maxChoices.sort((a, b) => a - b);
  }

  return (
    <section class="stack" aria-labelledby="recording-settings-heading">
      <h2 id="recording-settings-heading">Recording</h2>
      <fieldset class="settings-group">
        <legend>Quality</legend>
        {QUALITY_CHOICES.map((choice) => (
          <label class="setting-choice" key={choice.value}>
            <input
              type="radio"
              name="quality"
              value={choice.value}
              checked={prefs.quality === choice.value}
              onChange={() => void save({ quality: choice.value }, 'Quality')}
            />
            <span>
              <span class="strong">{choice.label}</span> <span class="help">{choice.help}</span>
            </span>
          </label>
        ))}
        <p class="help">The bitrate follows from the quality: about 1.5, 3 or 5 Mbit/s.</p>
      </fieldset>
      <fieldset class="settings-group">
        <legend>Countdown</legend>
        <div class="row">
          {COUNTDOWN_CHOICES.map((seconds) => (
            <label class="setting-choice" key={seconds}>
              <input
                type="radio"
                name="countdown"
                value={seconds}
                checked={prefs.countdownSeconds === seconds}
                onChange={() => void save({ countdownSeconds: seconds }, 'Countdown')}
              />
              <span>{COUNTDOWN_LABELS[seconds]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="max-length">Maximum length</label>
        <select
          id="max-length"
          aria-describedby="max-length-help"
          value={prefs.maxLengthMinutes === undefined ? '' : String(prefs.maxLengthMinutes)}
          onChange={(e) => {
            const value = e.currentTarget.value;
            void save({ maxLengthMinutes: value === '' ? undefined : Number(value) }, 'Maximum length');
          }}
        >
          <option value="">No limit</option>
          {maxChoices.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {minutesLabel(minutes)}
            </option>
          ))}
        </select>
        <p id="max-length-help" class="help">
          The recording stops on its own at this length, after a warning 30 seconds before.
        </p>
      </div>
      {/* A live region, not role=status: the page's connection line is its status. */}
      <p class="small muted" aria-live="polite">
        {saved ?? ''}
      </p>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
