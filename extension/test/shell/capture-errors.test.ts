import { describe, expect, it } from 'vitest';
import {
  notificationIdForUrl,
  tabCaptureError,
  urlFromNotificationId,
} from '../../src/background/capture-errors';

describe('tabCaptureError', () => {
  it('explains a tab the extension was not invoked on (the exact Chromium message)', () => {
    const err = tabCaptureError(
      new Error('Extension has not been invoked for the current page (see activeTab permission). Chrome pages cannot be captured.'),
    );
    expect(err.code).toBe('capture_failed');
    expect(err.message).toBe("Reelay can't record this tab.");
    expect(err.hint).toContain('Click the Reelay button');
  });

  it('recognises a tab that is already captured', () => {
    expect(tabCaptureError(new Error('Cannot capture a tab with an active stream.')).message).toContain('already being recorded');
  });

  it('keeps unknown messages visible', () => {
    expect(tabCaptureError('weird failure').message).toContain('weird failure');
  });
});

describe('notification ids', () => {
  it('round-trip the URL to open, including colons and query strings', () => {
    const url = 'http://localhost:8787/v/abc?t=1:2';
    const id = notificationIdForUrl(url);
    expect(urlFromNotificationId(id)).toBe(url);
  });

  it('ignore foreign ids and non-http URLs', () => {
    expect(urlFromNotificationId('reelay-failed:123')).toBeNull();
    expect(urlFromNotificationId('something')).toBeNull();
    expect(urlFromNotificationId('reelay-open:x:javascript:alert(1)')).toBeNull();
  });
});
