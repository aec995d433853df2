/**
 * The owner's Trim: a start and an end (typed as m:ss, or taken from the player with "Set start
 * here" / "Set end here"), Save and Remove trim → PATCH /api/recordings/:id {trim}. Nothing is
 * re-encoded: the player plays only that span (the store tells it at once).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Trim } from '../../../api';
import { apiCall, plainWords } from '../shared/api';
import type { Playback } from './playback';
import { useStore, type Store, type WatchState } from './store';
import { clock, parseClock, playedSpan } from './time';
import { apiPath } from './watch-data';

type Say = (message: string, tone?: 'error' | 'ok') => void;

/** The trim the two fields describe, or what is wrong with them (times of the original file). */
export function trimFromFields(start: string, end: string, durationMs: number): Trim | string {
  const startMs = parseClock(start);
  const endMs = parseClock(end);
  if (startMs === null) return 'Start: write a time like 0:05.';
  if (endMs === null) return 'End: write a time like 1:30.';
  if (endMs <= startMs) return 'The end must come after the start.';
  if (durationMs > 0 && endMs > durationMs) return `The end must be at most ${clock(durationMs)}, the recording’s length.`;
  return { startMs, endMs };
}

export function TrimPanel(props: { id: string; durationMs: number; playback: Playback; store: Store<WatchState>; say: Say }): JSX.Element {
  const { trim } = useStore(props.store);
  const full = playedSpan(props.durationMs, null);
  const [start, setStart] = useState(clock(trim?.startMs ?? 0));
  const [end, setEnd] = useState(clock(trim?.endMs ?? full.endMs));
  const [busy, setBusy] = useState(false);

  async function save(next: Trim | null) {
    setBusy(true);
    try {
      await apiCall('PATCH', apiPath(props.id), { trim: next });
      props.store.set({ trim: next });
      props.say(next ? `Trimmed: it now plays ${clock(next.startMs)} to ${clock(next.endMs)}.` : 'Trim removed: it plays in full.', 'ok');
      if (!next) {
        setStart(clock(0));
        setEnd(clock(full.endMs));
      }
    } catch (err) {
      props.say(`The trim was not saved. ${plainWords(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  function submit(e: Event) {
    e.preventDefault();
    const next = trimFromFields(start, end, props.durationMs);
    if (typeof next === 'string') return props.say(next, 'error');
    void save(next);
  }

  // "here" is the player's position in the original file (under a trim, the clock shows the span's).
  const here = () => clock(props.playback.nowMs());
  return (
    <form class="panel" aria-labelledby="trim-heading" onSubmit={submit}>
      <h3 id="trim-heading">Trim</h3>
      <p class="quiet">Viewers see only this part. The file is not changed; Download gives the original.</p>
      <div class="pair">
        <div class="field">
          <label for="trim-start">Start</label>
          <input id="trim-start" inputMode="numeric" value={start} onInput={(e) => setStart(e.currentTarget.value)} />
          <button type="button" class="button secondary small" onClick={() => setStart(here())}>
            Set start here
          </button>
        </div>
        <div class="field">
          <label for="trim-end">End</label>
          <input id="trim-end" inputMode="numeric" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
          <button type="button" class="button secondary small" onClick={() => setEnd(here())}>
            Set end here
          </button>
        </div>
      </div>
      <div class="buttons">
        <button type="submit" class="button" disabled={busy}>
          Save trim
        </button>
        {trim ? (
          <button type="button" class="button secondary" disabled={busy} onClick={() => void save(null)}>
            Remove trim
          </button>
        ) : null}
      </div>
    </form>
  );
}
