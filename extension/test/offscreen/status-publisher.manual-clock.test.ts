/** StatusPublisher's throttling and badge, driven by a manual clock (timers are simulated here). */
import { describe, expect, it } from 'vitest';
import { emptyUploadProgress, type RecorderStatus } from '../../src/shared/recorder-status';
import type { BadgeData } from '../../src/shared/messages';
import { CONNECTION_WARNING_COLOR, StatusPublisher, type PublisherTimers } from '../../src/offscreen/status-publisher';

class ManualTimers implements PublisherTimers {
  time = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => this.add(fn, ms);
  setInterval = (fn: () => void, ms: number) => this.add(fn, ms, ms);
  clearTimeout = (h: unknown) => void this.timers.delete(h as number);
  clearInterval = (h: unknown) => void this.timers.delete(h as number);
  private add(fn: () => void, ms: number, every?: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, fn, ...(every !== undefined ? { every } : {}) });
    return id;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, t] = due;
      this.time = t.at;
      if (t.every !== undefined) t.at += t.every;
      else this.timers.delete(id);
      t.fn();
    }
    this.time = end;
  }
  get pending(): number {
    return this.timers.size;
  }
}

function setup() {
  const timers = new ManualTimers();
  const statuses: { at: number; status: RecorderStatus }[] = [];
  const badges: BadgeData[] = [];
  const publisher = new StatusPublisher(
    { status: (status) => statuses.push({ at: timers.time, status }), badge: (b) => badges.push(b) },
    timers,
  );
  return { timers, statuses, badges, publisher };
}

const BADGE_RED = '#d93025';
const progress = (bytesRecorded: number) => ({ ...emptyUploadProgress(), bytesRecorded });

describe('StatusPublisher (manual clock)', () => {
  it('sends state changes at once and progress at most every 250 ms, always ending with the latest', () => {
    const { timers, statuses, publisher } = setup();
    publisher.dispatch({ type: 'preparing' });
    publisher.dispatch({ type: 'started', at: 0, source: 'screen', microphone: false });
    expect(statuses.map((s) => s.status.state)).toEqual(['preparing', 'recording']);
    for (let i = 1; i <= 20; i++) {
      timers.advance(10);
      publisher.progress(progress(i));
    }
    timers.advance(1000);
    const progressSends = statuses.slice(2);
    for (let i = 1; i < progressSends.length; i++) {
      expect(progressSends[i]!.at - progressSends[i - 1]!.at).toBeGreaterThanOrEqual(250);
    }
    expect(progressSends.length).toBeLessThanOrEqual(2);
    const last = statuses[statuses.length - 1]!.status;
    expect(last.state === 'recording' && last.upload.bytesRecorded).toBe(20);
  });

  it('a state change flushes a pending progress send immediately', () => {
    const { timers, statuses, publisher } = setup();
    publisher.dispatch({ type: 'preparing' });
    publisher.dispatch({ type: 'started', at: 0, source: 'tab', microphone: false });
    publisher.progress(progress(5)); // within 250 ms of the last send: deferred
    expect(statuses).toHaveLength(2);
    publisher.dispatch({ type: 'paused', at: 10 });
    expect(statuses).toHaveLength(3);
    expect(statuses[2]!.status).toMatchObject({ state: 'paused', upload: { bytesRecorded: 5 } });
    timers.advance(1000);
    expect(statuses).toHaveLength(3); // the deferred send was dropped, nothing stale follows
  });

  it('badge: countdown digits, then the clock once a second while recording, cleared at the end', () => {
    const { timers, badges, publisher } = setup();
    publisher.dispatch({ type: 'preparing' });
    publisher.dispatch({ type: 'countdown', secondsLeft: 3 });
    publisher.dispatch({ type: 'countdown', secondsLeft: 2 });
    publisher.dispatch({ type: 'countdown', secondsLeft: 1 });
    publisher.dispatch({ type: 'started', at: timers.time, source: 'tab', microphone: false });
    timers.advance(3200);
    publisher.dispatch({ type: 'paused', at: timers.time });
    timers.advance(5000); // paused: the clock stands still
    publisher.dispatch({ type: 'finishing', at: timers.time });
    publisher.dispatch({ type: 'done', shareUrl: 'u', recordingId: 'r' });
    // preparing clears a stale badge first
    expect(badges.map((b) => b.text)).toEqual(['', '3', '2', '1', '0:00', '0:01', '0:02', '0:03', '0:03', '…', '']);
    expect(badges[8]!.color).not.toBe(badges[7]!.color); // paused is grey
    expect(timers.pending).toBe(0);
  });

  it('turns the badge amber with a tooltip while the server cannot be reached, and back by itself', () => {
    const { timers, badges, publisher } = setup();
    publisher.dispatch({ type: 'preparing' });
    publisher.dispatch({ type: 'started', at: 0, source: 'screen', microphone: false });
    expect(badges.at(-1)).toMatchObject({ color: BADGE_RED, title: '' });
    timers.advance(300);
    publisher.progress({ ...progress(10), waitingForServer: true });
    expect(badges.at(-1)).toMatchObject({ color: CONNECTION_WARNING_COLOR, title: expect.stringContaining("can't reach your server") });
    timers.advance(1000);
    expect(badges.at(-1)!.color).toBe(CONNECTION_WARNING_COLOR); // the clock ticks on in amber
    publisher.progress({ ...progress(20), waitingForServer: false });
    expect(badges.at(-1)).toMatchObject({ color: BADGE_RED, title: '' });
    publisher.dispose();
  });
});
