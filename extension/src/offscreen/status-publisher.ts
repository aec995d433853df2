/**
 * Owns the recorder's status model and tells the world about it:
 * - state changes are broadcast at once (popup: status-changed), progress at most every 250 ms;
 * - the toolbar badge shows countdown digits, then the recorded time (updated once a second),
 *   and is cleared when nothing records. Only changed badges are sent.
 * - while the server or its store can't be reached (or the browser is offline) the badge turns
 *   amber and the button's tooltip says so, with the popup closed too; both go back by themselves
 *   once the connection is back (the upload progress says so).
 * Timers are injected so the throttling is testable without a browser.
 */
import type { BadgeData } from '../shared/messages';
import type { RecorderStatus, UploadProgress } from '../shared/recorder-status';
import { badgeFor, INITIAL_MODEL, isStateChange, reduceRecorder, toStatus, type RecorderEvent, type RecorderModel } from '../core/recorder/status-model';

export interface PublisherTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface StatusSinks {
  status(status: RecorderStatus): void;
  badge(badge: BadgeData): void;
}

export const browserTimers: PublisherTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export const PROGRESS_INTERVAL_MS = 250;
/** Checked twice a second; a badge is only sent when its text changes (once a second). */
export const BADGE_INTERVAL_MS = 500;

export class StatusPublisher {
  private current: RecorderModel = INITIAL_MODEL;
  private lastSentAt = -Infinity;
  private pendingTimer: unknown;
  private badgeTimer: unknown;
  private lastBadge: BadgeData | undefined;

  constructor(
    private readonly sinks: StatusSinks,
    private readonly timers: PublisherTimers = browserTimers,
  ) {}

  get model(): RecorderModel {
    return this.current;
  }

  status(): RecorderStatus {
    return toStatus(this.current, this.timers.now());
  }

  dispatch(event: RecorderEvent): void {
    const previous = this.current;
    const next = reduceRecorder(previous, event);
    if (next === previous) return;
    this.current = next;
    if (isStateChange(previous, next)) {
      this.publishNow();
      this.updateBadge();
      this.updateBadgeTicker();
    } else {
      this.publishThrottled();
      if (connectionTrouble(previous) !== connectionTrouble(next)) this.updateBadge();
    }
  }

  progress(upload: UploadProgress): void {
    this.dispatch({ type: 'progress', upload });
  }

  /** Stop timers (document unloading / tests). */
  dispose(): void {
    if (this.pendingTimer !== undefined) this.timers.clearTimeout(this.pendingTimer);
    if (this.badgeTimer !== undefined) this.timers.clearInterval(this.badgeTimer);
    this.pendingTimer = undefined;
    this.badgeTimer = undefined;
  }

  private publishNow(): void {
    if (this.pendingTimer !== undefined) {
      this.timers.clearTimeout(this.pendingTimer);
      this.pendingTimer = undefined;
    }
    this.lastSentAt = this.timers.now();
    this.sinks.status(this.status());
  }

  private publishThrottled(): void {
    if (this.pendingTimer !== undefined) return; // the trailing send will carry the latest model
    const wait = this.lastSentAt + PROGRESS_INTERVAL_MS - this.timers.now();
    if (wait <= 0) {
      this.publishNow();
      return;
    }
    this.pendingTimer = this.timers.setTimeout(() => {
      this.pendingTimer = undefined;
      this.publishNow();
    }, wait);
  }

  private updateBadge(): void {
    const badge = withConnectionWarning(badgeFor(this.status()), connectionTrouble(this.current));
    if (this.lastBadge && this.lastBadge.text === badge.text && this.lastBadge.color === badge.color && this.lastBadge.title === badge.title) return;
    this.lastBadge = badge;
    this.sinks.badge(badge);
  }

  /** While recording, the badge clock advances every second. */
  private updateBadgeTicker(): void {
    const ticking = this.current.phase === 'recording';
    if (ticking && this.badgeTimer === undefined) {
      this.badgeTimer = this.timers.setInterval(() => this.updateBadge(), BADGE_INTERVAL_MS);
    } else if (!ticking && this.badgeTimer !== undefined) {
      this.timers.clearInterval(this.badgeTimer);
      this.badgeTimer = undefined;
    }
  }
}

/** Amber: the recording goes on, the upload waits. */
export const CONNECTION_WARNING_COLOR = '#b25e00';
export const CONNECTION_WARNING_TITLE = "Reelay can't reach your server. Recording continues; the upload catches up by itself.";

/** True while a recording's upload waits for the server or the network. */
function connectionTrouble(model: RecorderModel): boolean {
  const live = model.phase === 'recording' || model.phase === 'paused' || model.phase === 'finishing';
  return live && (model.upload.waitingForServer || model.upload.offline);
}

function withConnectionWarning(badge: BadgeData, trouble: boolean): BadgeData {
  if (trouble && badge.text !== '') return { ...badge, color: CONNECTION_WARNING_COLOR, title: CONNECTION_WARNING_TITLE };
  return { ...badge, title: '' };
}
