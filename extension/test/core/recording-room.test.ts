import { describe, expect, it } from 'vitest';
import type { RecordingLimits } from '../../../api';
import { outOfRoom, outOfRoomWarning, STOP_MARGIN_BYTES, stopMarginBytes } from '../../src/core/recorder/recording-room';

const MiB = 1024 * 1024;
const quota: RecordingLimits = { maxBytes: 20 * MiB, limitedBy: 'storage_quota', maxLengthMs: 3_600_000 };

/** When the recorder stops by itself to stay inside the server's room (the create response's limits). */
describe('recording room', () => {
  const LOW = 2_500_000; // bits per second

  it('stops once the bytes recorded reach the room less the margin for the last chunk and the trailer', () => {
    expect(stopMarginBytes(LOW)).toBe(STOP_MARGIN_BYTES);
    expect(outOfRoom(quota, 20 * MiB - STOP_MARGIN_BYTES - 1, LOW)).toBe(false);
    expect(outOfRoom(quota, 20 * MiB - STOP_MARGIN_BYTES, LOW)).toBe(true);
  });

  it('a higher bitrate keeps two seconds of it free (the last chunk must fit)', () => {
    expect(stopMarginBytes(20_000_000)).toBe(5_000_000);
    expect(outOfRoom(quota, 20 * MiB - 5_000_001, 20_000_000)).toBe(false);
    expect(outOfRoom(quota, 20 * MiB - 5_000_000, 20_000_000)).toBe(true);
  });

  it('never stops without limits (an older server, or none told yet)', () => {
    expect(outOfRoom(undefined, 100 * 1024 * MiB, LOW)).toBe(false);
  });

  it('a room smaller than the margin stops at once', () => {
    expect(outOfRoom({ ...quota, maxBytes: MiB }, 0, LOW)).toBe(true);
  });

  it('says in plain words which limit it was and what to do', () => {
    expect(outOfRoomWarning(quota)).toMatchObject({ code: 'account_limit', message: expect.stringMatching(/storage is full.*in the link/), hint: expect.stringMatching(/Delete recordings/) });
    expect(outOfRoomWarning({ ...quota, limitedBy: 'max_recording_size' })).toMatchObject({ message: expect.stringMatching(/largest size/), hint: 'Start a new recording to go on.' });
  });
});
