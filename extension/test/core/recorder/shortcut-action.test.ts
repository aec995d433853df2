import { describe, expect, it } from 'vitest';
import { SHORTCUT_COMMANDS, isShortcutCommand, shortcutAction } from '../../../src/core/recorder/shortcut-action';
import manifest from '../../../../manifest.json' with { type: 'json' };
import { emptyUploadProgress, type RecorderStatus } from '../../../src/shared/recorder-status';

const live = { startedAt: 1, elapsedMs: 5, source: 'tab' as const, microphone: false, upload: emptyUploadProgress() };
const STATUSES: Record<RecorderStatus['state'], RecorderStatus> = {
  idle: { state: 'idle' },
  preparing: { state: 'preparing' },
  countdown: { state: 'countdown', secondsLeft: 2 },
  recording: { state: 'recording', ...live },
  paused: { state: 'paused', ...live, pausedAt: 3 },
  finishing: { state: 'finishing', elapsedMs: 5, upload: emptyUploadProgress() },
  done: { state: 'done', shareUrl: 'http://x/v/1', recordingId: '1' },
  failed: { state: 'failed', error: { code: 'unknown', message: 'x', hint: '' } },
  cancelled: { state: 'cancelled' },
};

describe('keyboard shortcuts', () => {
  it('are the manifest commands, each with a suggested key, at most 4 (Chrome\'s limit)', () => {
    expect(Object.keys(manifest.commands).sort()).toEqual([...SHORTCUT_COMMANDS].sort());
    const suggested = Object.values(manifest.commands).map((c) => c.suggested_key.default);
    expect(suggested.length).toBeLessThanOrEqual(4);
    for (const key of suggested) expect(key).toMatch(/^(Ctrl|Alt)\+Shift\+[A-Z0-9]$/);
    expect(isShortcutCommand('toggle-recording')).toBe(true);
    expect(isShortcutCommand('_execute_action')).toBe(false);
  });

  it.each([
    ['toggle-recording', { idle: 'start', preparing: 'cancel', countdown: 'cancel', recording: 'stop', paused: 'stop', finishing: 'none', done: 'start', failed: 'start', cancelled: 'start' }],
    ['toggle-pause', { idle: 'none', preparing: 'none', countdown: 'none', recording: 'pause', paused: 'resume', finishing: 'none', done: 'none', failed: 'none', cancelled: 'none' }],
    ['cancel-recording', { idle: 'none', preparing: 'cancel', countdown: 'cancel', recording: 'cancel', paused: 'cancel', finishing: 'none', done: 'none', failed: 'none', cancelled: 'none' }],
  ] as const)('%s in every state', (command, expected) => {
    for (const [state, status] of Object.entries(STATUSES)) {
      expect([state, shortcutAction(command, status)]).toEqual([state, expected[state as RecorderStatus['state']]]);
    }
  });
});
