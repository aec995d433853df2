/**
 * The offscreen recorder's status, asked from any extension page ({type:'get-status'}), and waits
 * on it. Every wait fails at once when the recorder reports 'failed'.
 */
import type { Page } from '@playwright/test';
import type { RecorderState, RecorderStatus } from '../../extension/src/shared/recorder-status';
import { pollFor, type PollOptions } from './poll';

export type LiveStatus = Extract<RecorderStatus, { state: 'recording' | 'paused' }>;

/** The recorder's status; idle if no offscreen document (so no recorder) exists. */
export function recorderStatus(extensionPage: Page): Promise<RecorderStatus> {
  return extensionPage.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
    if (contexts.length === 0) return { state: 'idle' } as RecorderStatus;
    return (await chrome.runtime.sendMessage({ target: 'offscreen', type: 'get-status', data: {} })) as RecorderStatus;
  });
}

/** Waits for a status matching `predicate` and returns it. */
export async function waitForStatus<S extends RecorderStatus>(
  extensionPage: Page,
  predicate: ((s: RecorderStatus) => s is S) | ((s: RecorderStatus) => boolean),
  { timeout = 60_000, message = 'recorder status', ...rest }: PollOptions = {},
): Promise<S> {
  let last: RecorderStatus | undefined;
  try {
    return await pollFor(
      async () => {
        last = await recorderStatus(extensionPage);
        if (last.state === 'failed') throw new Error(`recorder failed: ${JSON.stringify(last.error)}`);
        return predicate(last) ? (last as S) : undefined;
      },
      { timeout, message, ...rest },
    );
  } catch (error) {
    if (last && last.state !== 'failed') console.log(`[${message}] last status: ${JSON.stringify(last)}`);
    throw error;
  }
}

export function waitForRecorderState<S extends RecorderState>(
  extensionPage: Page,
  state: S,
  timeout = 60_000,
): Promise<Extract<RecorderStatus, { state: S }>> {
  return waitForStatus(extensionPage, (s): s is Extract<RecorderStatus, { state: S }> => s.state === state, { timeout, message: `recorder ${state}` });
}

/** Waits until `predicate` holds for the live (recording or paused) status; fails at once if the recording ended. */
export function waitWhileRecording(
  extensionPage: Page,
  predicate: (s: LiveStatus) => boolean,
  { timeout = 180_000, message = 'recorder status' }: PollOptions = {},
): Promise<LiveStatus> {
  return waitForStatus(
    extensionPage,
    (s): s is LiveStatus => {
      if (s.state !== 'recording' && s.state !== 'paused') throw new Error(`recorder is ${s.state}, not recording (waiting for: ${message})`);
      return predicate(s);
    },
    { timeout, message },
  );
}

/** Waits until the store acknowledged at least `parts` parts while recording. */
export function waitForPartsUploaded(extensionPage: Page, parts: number, timeout = 150_000): Promise<LiveStatus> {
  return waitWhileRecording(extensionPage, (s) => s.upload.partsUploaded >= parts, {
    timeout,
    message: `${parts} part(s) uploaded while recording`,
  });
}

/** Waits until at least `ms` of recording (pauses excluded) are behind. */
export function waitForRecordedTime(extensionPage: Page, ms: number): Promise<LiveStatus> {
  return waitWhileRecording(extensionPage, (s) => s.state === 'recording' && s.elapsedMs >= ms, { timeout: 60_000, message: `${ms} ms recorded` });
}
