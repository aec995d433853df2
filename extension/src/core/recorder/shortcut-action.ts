/**
 * What a keyboard shortcut (manifest `commands`) does in the recorder's current state. Pure, so
 * the table is tested in Node; background/commands.ts carries it out.
 */
import type { RecorderStatus } from '../../shared/recorder-status';

export const SHORTCUT_COMMANDS = ['toggle-recording', 'toggle-pause', 'cancel-recording'] as const;
export type ShortcutCommand = (typeof SHORTCUT_COMMANDS)[number];

export type ShortcutAction = 'start' | 'stop' | 'pause' | 'resume' | 'cancel' | 'none';

export function isShortcutCommand(value: string): value is ShortcutCommand {
  return (SHORTCUT_COMMANDS as readonly string[]).includes(value);
}

/**
 * toggle-recording: starts when nothing records, stops a recording (paused or not) and, during the
 * countdown, calls it off (Stop before the first frame keeps nothing). toggle-pause: pauses or
 * resumes. cancel-recording: discards whatever is being recorded. Anything else: nothing
 * (e.g. toggle-recording while the last upload finishes).
 */
export function shortcutAction(command: ShortcutCommand, status: RecorderStatus): ShortcutAction {
  const state = status.state;
  switch (command) {
    case 'toggle-recording':
      if (state === 'recording' || state === 'paused') return 'stop';
      if (state === 'preparing' || state === 'countdown') return 'cancel';
      if (state === 'finishing') return 'none';
      return 'start';
    case 'toggle-pause':
      return state === 'recording' ? 'pause' : state === 'paused' ? 'resume' : 'none';
    case 'cancel-recording':
      return state === 'preparing' || state === 'countdown' || state === 'recording' || state === 'paused' ? 'cancel' : 'none';
  }
}
