import { describe, expect, it } from 'vitest';
import { defaultRecordingTitle } from '../../../src/core/recorder/recording-title';

describe('a new recording\'s default title', () => {
  it('is the recorded tab\'s page title, tidied and bounded', () => {
    expect(defaultRecordingTitle('tab', '  Bug 4411:\n login \t loops ')).toBe('Bug 4411: login loops');
    expect(defaultRecordingTitle('tab', 'x'.repeat(300))).toHaveLength(200);
  });

  it('names what was recorded otherwise, with no date (the list shows it beside the title)', () => {
    expect(defaultRecordingTitle('tab')).toBe('Tab recording');
    expect(defaultRecordingTitle('tab', '   ')).toBe('Tab recording');
    expect(defaultRecordingTitle('screen', 'Some page')).toBe('Screen recording');
    expect(defaultRecordingTitle('camera')).toBe('Camera recording');
  });
});
