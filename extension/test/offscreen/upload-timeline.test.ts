import { describe, expect, it } from 'vitest';
import { emptyTimeline, partsAckedBeforeStop, withPartAcked, withStop } from '../../src/offscreen/pure/upload-timeline';

describe('upload timeline', () => {
  it('records acks sorted, fills msFromStop at Stop and for later acks', () => {
    let t = withPartAcked(emptyTimeline(), { partNumber: 2, size: 5, ackedAt: 2000, bytesRecordedAtAck: 12 });
    t = withPartAcked(t, { partNumber: 1, size: 5, ackedAt: 1500, bytesRecordedAtAck: 11 });
    expect(t.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(t.parts[0]!.msFromStop).toBeUndefined();
    t = withStop(t, 3000);
    expect(t.parts.map((p) => p.msFromStop)).toEqual([-1500, -1000]);
    t = withPartAcked(t, { partNumber: 3, size: 2, ackedAt: 3400, bytesRecordedAtAck: 12 }, 3000);
    expect(t.parts[2]).toMatchObject({ partNumber: 3, msFromStop: 400 });
    expect(partsAckedBeforeStop(t, 3000)).toEqual([1, 2]);
  });

  it('a re-acknowledged part replaces its entry', () => {
    let t = withPartAcked(undefined, { partNumber: 1, size: 5, ackedAt: 1, bytesRecordedAtAck: 5 });
    t = withPartAcked(t, { partNumber: 1, size: 5, ackedAt: 9, bytesRecordedAtAck: 5 });
    expect(t.parts).toEqual([{ partNumber: 1, size: 5, ackedAt: 9, bytesRecordedAtAck: 5 }]);
  });
});
