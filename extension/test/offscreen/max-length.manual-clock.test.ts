import { describe, expect, it } from 'vitest';
import { MAX_LENGTH_CHECK_MS, maxLengthMs, watchMaxLength } from '../../src/offscreen/max-length';
import type { BackgroundMessage } from '../../src/shared/messages';
import { emptyUploadProgress, type RecorderStatus } from '../../src/shared/recorder-status';

/** A recording whose recorded time the test moves by hand, and a hand-driven interval. */
function harness(minutes: number | undefined, server?: { limitMs: number | undefined }) {
  let elapsedMs = 0;
  let state: 'recording' | 'paused' | 'finishing' = 'recording';
  let tick: (() => void) | undefined;
  const notified: BackgroundMessage[] = [];
  let stops = 0;
  const status = (): RecorderStatus =>
    state === 'finishing'
      ? { state, elapsedMs, upload: emptyUploadProgress() }
      : state === 'paused'
        ? { state, startedAt: 1, elapsedMs, pausedAt: 2, source: 'tab', microphone: false, upload: emptyUploadProgress() }
        : { state, startedAt: 1, elapsedMs, source: 'tab', microphone: false, upload: emptyUploadProgress() };
  const end = watchMaxLength(minutes === undefined ? {} : { maxLengthMinutes: minutes }, {
    status,
    stop: () => {
      stops++;
      state = 'finishing';
    },
    notify: (m) => notified.push(m),
    ...(server ? { serverLimitMs: () => server.limitMs } : {}),
    timers: {
      setInterval: (fn, ms) => {
        expect(ms).toBe(MAX_LENGTH_CHECK_MS);
        tick = fn;
        return 1;
      },
      clearInterval: () => (tick = undefined),
    },
  });
  return {
    end,
    notified,
    get stops() {
      return stops;
    },
    get watching() {
      return tick !== undefined;
    },
    at(ms: number, s: typeof state = state) {
      elapsedMs = ms;
      state = s;
      tick?.();
    },
  };
}

describe('Maximum length (options page)', () => {
  it('is off without a setting', () => {
    expect(maxLengthMs({})).toBeUndefined();
    expect(harness(undefined).end).toBeUndefined();
  });

  it('warns once 30 s before, then stops through Stop once', () => {
    const h = harness(2);
    expect(maxLengthMs({ maxLengthMinutes: 2 })).toBe(120_000);
    h.at(89_000);
    expect(h.notified).toEqual([]);
    h.at(90_000);
    h.at(95_000);
    expect(h.notified).toEqual([{ target: 'background', type: 'recording-ending-soon', data: { secondsLeft: 30 } }]);
    h.at(119_999);
    expect(h.stops).toBe(0);
    h.at(120_000);
    expect(h.stops).toBe(1);
    expect(h.watching).toBe(false);
  });

  it('counts recorded time only: a long pause does not end the recording', () => {
    const h = harness(1);
    h.at(20_000, 'paused');
    h.at(20_000, 'paused');
    expect(h.stops).toBe(0);
    h.at(60_000, 'recording');
    expect(h.stops).toBe(1);
  });

  it("the server's limit (told at create, maybe late) stops it when shorter than the option", () => {
    const server: { limitMs: number | undefined } = { limitMs: undefined };
    const h = harness(10, server);
    h.at(100_000);
    expect(h.stops).toBe(0); // no server limit yet, the option's 10 min is far
    server.limitMs = 90_000; // the server recording was created: MAX_RECORDING_MINUTES 1.5
    h.at(100_000);
    expect(h.stops).toBe(1);
  });

  it("the option's limit wins when shorter than the server's, and the server's alone is enough", () => {
    const both = harness(1, { limitMs: 600_000 });
    both.at(60_000);
    expect(both.stops).toBe(1);
    const serverOnly = harness(undefined, { limitMs: 120_000 });
    serverOnly.at(90_000);
    expect(serverOnly.notified).toHaveLength(1);
    serverOnly.at(120_000);
    expect(serverOnly.stops).toBe(1);
  });

  it('ends by itself when the recording is stopped by anyone', () => {
    const h = harness(1);
    h.at(10_000, 'finishing');
    expect(h.watching).toBe(false);
    expect(h.stops).toBe(0);
  });
});
