/**
 * A new recording's default title: the recorded tab's page title, else what was recorded
 * ("Screen recording", "Camera recording"). The date is not part of it: lists show it beside the
 * title (the details line), where it can be formatted for the reader.
 */
import { MAX_TITLE_LENGTH } from '../../../../api';
import type { RecordingSource } from '../../shared/recorder-status';

const SOURCE_TITLES: Readonly<Record<RecordingSource, string>> = {
  tab: 'Tab recording',
  screen: 'Screen recording',
  camera: 'Camera recording',
};

/** `pageTitle`: the tab's title when recording a tab (absent when Chrome did not tell it). */
export function defaultRecordingTitle(source: RecordingSource, pageTitle?: string): string {
  const page = source === 'tab' ? (pageTitle ?? '').replace(/\s+/g, ' ').trim() : '';
  return (page || SOURCE_TITLES[source] || 'Recording').slice(0, MAX_TITLE_LENGTH);
}
