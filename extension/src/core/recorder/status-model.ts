/**
 * The recorder's status as a pure state machine: events in, a model out, and the RecorderStatus /
 * badge the popup and toolbar show for it at a given time. Events that make no sense in the current
 * phase (a late "paused" after Stop, a "progress" after done) are ignored, so racing async steps
 * cannot put the status into an impossible state.
 */
import type { BadgeData } from '../../shared/messages';
import type { PausedSpan } from '../chunk-spool';
import type { RecorderError, RecorderState, RecorderStatus, RecordingSource, UploadProgress } from '../../shared/recorder-status';
import { badgeClock, elapsedMs, withPauseEnded, withPauseStarted } from './session-time';
import { emptyUploadProgress } from './upload-progress';

export interface RecorderModel {
  phase: RecorderState;
  secondsLeft: number;
  startedAt: number;
  pausedSpans: PausedSpan[];
  stoppedAt?: number;
  source: RecordingSource;
  microphone: boolean;
  title?: string;
  upload: UploadProgress;
  /** Maximum length in recorded ms (absent: none). */
  maxLengthMs?: number;
  shareUrl?: string;
  /** At Stop: whether the link was copied to the clipboard. */
  linkCopied?: boolean;
  recordingId?: string;
  error?: RecorderError;
  warning?: RecorderError;
}

export type RecorderEvent =
  | { type: 'reset' }
  | { type: 'preparing' }
  | { type: 'countdown'; secondsLeft: number }
  | { type: 'started'; at: number; source: RecordingSource; microphone: boolean; title?: string; /** The recording stops on its own at this recorded length (offscreen/max-length.ts). */ maxLengthMs?: number }
  | { type: 'paused'; at: number }
  | { type: 'resumed'; at: number }
  | { type: 'progress'; upload: UploadProgress }
  | { type: 'finishing'; at: number }
  /** The share link handed over at Stop, while the upload finishes (copied: the clipboard write worked). */
  | { type: 'link'; shareUrl: string; copied: boolean }
  | { type: 'done'; shareUrl: string; recordingId: string; warning?: RecorderError }
  | { type: 'failed'; error: RecorderError }
  | { type: 'cancelled' };

export const INITIAL_MODEL: RecorderModel = {
  phase: 'idle',
  secondsLeft: 0,
  startedAt: 0,
  pausedSpans: [],
  source: 'tab',
  microphone: false,
  upload: emptyUploadProgress(),
};

const ACTIVE: readonly RecorderState[] = ['preparing', 'countdown', 'recording', 'paused', 'finishing'];
const CAN_START: readonly RecorderState[] = ['idle', 'done', 'failed', 'cancelled'];

export function isActivePhase(phase: RecorderState): boolean {
  return ACTIVE.includes(phase);
}

export function reduceRecorder(model: RecorderModel, event: RecorderEvent): RecorderModel {
  const phase = model.phase;
  switch (event.type) {
    case 'reset':
      return INITIAL_MODEL;
    case 'preparing':
      return CAN_START.includes(phase) ? { ...INITIAL_MODEL, phase: 'preparing', upload: emptyUploadProgress() } : model;
    case 'countdown':
      return phase === 'preparing' || phase === 'countdown'
        ? { ...model, phase: 'countdown', secondsLeft: Math.max(0, Math.ceil(event.secondsLeft)) }
        : model;
    case 'started':
      if (phase !== 'preparing' && phase !== 'countdown') return model;
      return {
        ...model,
        phase: 'recording',
        secondsLeft: 0,
        startedAt: event.at,
        pausedSpans: [],
        source: event.source,
        microphone: event.microphone,
        ...(event.title !== undefined ? { title: event.title } : {}),
        ...(event.maxLengthMs !== undefined ? { maxLengthMs: event.maxLengthMs } : {}),
      };
    case 'paused':
      return phase === 'recording'
        ? { ...model, phase: 'paused', pausedSpans: withPauseStarted(model.pausedSpans, event.at) }
        : model;
    case 'resumed':
      return phase === 'paused'
        ? { ...model, phase: 'recording', pausedSpans: withPauseEnded(model.pausedSpans, event.at) }
        : model;
    case 'progress':
      return phase === 'recording' || phase === 'paused' || phase === 'finishing' ? { ...model, upload: event.upload } : model;
    case 'finishing':
      if (phase !== 'recording' && phase !== 'paused') return model;
      return { ...model, phase: 'finishing', stoppedAt: event.at, pausedSpans: withPauseEnded(model.pausedSpans, event.at) };
    case 'link':
      return phase === 'finishing' ? { ...model, shareUrl: event.shareUrl, linkCopied: event.copied } : model;
    case 'done':
      if (!isActivePhase(phase)) return model;
      return {
        ...model,
        phase: 'done',
        shareUrl: event.shareUrl,
        recordingId: event.recordingId,
        ...(event.warning ? { warning: event.warning } : {}),
      };
    case 'failed':
      return isActivePhase(phase) ? { ...model, phase: 'failed', error: event.error } : model;
    case 'cancelled':
      return isActivePhase(phase) ? { ...model, phase: 'cancelled' } : model;
  }
}

/** Recorded time of the model at `now` (frozen at Stop). */
export function modelElapsedMs(model: RecorderModel, now: number): number {
  if (model.phase !== 'recording' && model.phase !== 'paused' && model.phase !== 'finishing') return 0;
  return elapsedMs(model.startedAt, model.pausedSpans, model.stoppedAt ?? now);
}

export function toStatus(model: RecorderModel, now: number): RecorderStatus {
  const common = () => ({
    startedAt: model.startedAt,
    elapsedMs: modelElapsedMs(model, now),
    source: model.source,
    microphone: model.microphone,
    ...(model.title !== undefined ? { title: model.title } : {}),
    upload: model.upload,
    ...(model.maxLengthMs !== undefined ? { maxLengthMs: model.maxLengthMs } : {}),
  });
  switch (model.phase) {
    case 'idle':
      return { state: 'idle' };
    case 'preparing':
      return { state: 'preparing' };
    case 'countdown':
      return { state: 'countdown', secondsLeft: model.secondsLeft };
    case 'recording':
      return { state: 'recording', ...common() };
    case 'paused': {
      const open = model.pausedSpans[model.pausedSpans.length - 1];
      return { state: 'paused', ...common(), pausedAt: open?.start ?? now };
    }
    case 'finishing':
      return {
        state: 'finishing',
        elapsedMs: modelElapsedMs(model, now),
        upload: model.upload,
        ...(model.shareUrl !== undefined ? { shareUrl: model.shareUrl, linkCopied: model.linkCopied === true } : {}),
      };
    case 'done':
      return {
        state: 'done',
        shareUrl: model.shareUrl ?? '',
        recordingId: model.recordingId ?? '',
        ...(model.warning ? { warning: model.warning } : {}),
      };
    case 'failed':
      return {
        state: 'failed',
        error: model.error ?? { code: 'unknown', message: 'The recording failed.', hint: '' },
      };
    case 'cancelled':
      return { state: 'cancelled' };
  }
}

export const BADGE_COLORS = {
  countdown: '#1a73e8',
  recording: '#d93025',
  paused: '#5f6368',
  finishing: '#1a73e8',
} as const;

/** What the toolbar badge shows: countdown digits, then the recorded time; nothing when not recording. */
export function badgeFor(status: RecorderStatus): BadgeData {
  switch (status.state) {
    case 'countdown':
      return { text: String(status.secondsLeft), color: BADGE_COLORS.countdown };
    case 'recording':
      return { text: badgeClock(status.elapsedMs), color: BADGE_COLORS.recording };
    case 'paused':
      return { text: badgeClock(status.elapsedMs), color: BADGE_COLORS.paused };
    case 'finishing':
      return { text: '…', color: BADGE_COLORS.finishing };
    default:
      return { text: '' };
  }
}

/** A state change is published at once; progress-only changes are throttled. */
export function isStateChange(previous: RecorderModel, next: RecorderModel): boolean {
  return (
    previous.phase !== next.phase ||
    previous.secondsLeft !== next.secondsLeft ||
    previous.pausedSpans !== next.pausedSpans ||
    previous.shareUrl !== next.shareUrl ||
    previous.maxLengthMs !== next.maxLengthMs ||
    previous.linkCopied !== next.linkCopied
  );
}
