import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { droppableChunks, partSizeOf, type ChunkInfo } from '../../src/core/part-cutter';
import { planRecovery, type RecoveryInput } from '../../src/core/recovery-plan';

const P = 100;

function layout(sizes: readonly number[]): ChunkInfo[] {
  let offset = 0;
  return sizes.map((size, seq) => {
    const c = { seq, offset, size };
    offset += size;
    return c;
  });
}

/** 250 bytes in 10 chunks of 25: parts 1 (100), 2 (100), 3 (50). */
const chunks = layout(Array.from({ length: 10 }, () => 25));
const base: RecoveryInput = {
  serverId: 'rec1',
  shareUrl: 'http://localhost:8787/v/rec1',
  bytesSpooled: 250,
  finalized: true,
  retainedChunks: chunks,
  partSize: P,
};
const listed = (n: number, size = P) => ({ partNumber: n, etag: `"s${n}"`, size });

describe('planRecovery', () => {
  it('already completed on the server → mark done with the known share URL', () => {
    expect(planRecovery(base, { kind: 'completed' })).toEqual({ action: 'mark-done', shareUrl: base.shareUrl });
  });

  it('server unreachable → retry later, decide nothing', () => {
    expect(planRecovery(base, { kind: 'unreachable' })).toEqual({ action: 'retry-later', reason: 'unreachable' });
  });

  it('open upload: takes the server parts (server ETags) and uploads only the rest', () => {
    const plan = planRecovery(base, { kind: 'open', parts: [listed(2)] });
    expect(plan).toEqual({
      action: 'resume',
      totalBytes: 250,
      acknowledged: [{ partNumber: 2, etag: '"s2"', size: 100 }],
      upload: [
        { partNumber: 1, size: 100 },
        { partNumber: 3, size: 50 },
      ],
      truncated: false,
    });
  });

  it('all parts on the server → resume with nothing to upload (just complete)', () => {
    const plan = planRecovery(base, { kind: 'open', parts: [listed(3, 50), listed(1), listed(2)] });
    expect(plan).toMatchObject({ action: 'resume', upload: [] });
    if (plan.action === 'resume') expect(plan.acknowledged.map((a) => a.partNumber)).toEqual([1, 2, 3]);
  });

  it('re-uploads a server part whose size does not match (and ignores parts past the end)', () => {
    const plan = planRecovery(base, { kind: 'open', parts: [listed(1), listed(2), listed(3, 100), listed(4, 10)] });
    expect(plan).toMatchObject({ action: 'resume', upload: [{ partNumber: 3, size: 50 }] });
    if (plan.action === 'resume') expect(plan.acknowledged.map((a) => a.partNumber)).toEqual([1, 2]);
  });

  it('interrupted while recording: the spooled bytes are the recording, marked truncated', () => {
    const plan = planRecovery({ ...base, finalized: false, bytesSpooled: 230, retainedChunks: layout([100, 100, 30]) }, { kind: 'open', parts: [listed(1)] });
    expect(plan).toMatchObject({ action: 'resume', truncated: true, upload: [{ partNumber: 2, size: 100 }, { partNumber: 3, size: 30 }] });
  });

  it('a part the server lost whose chunks were already dropped is unrecoverable', () => {
    const retained = chunks.filter((c) => c.offset >= 100); // part 1 was acknowledged and dropped
    const plan = planRecovery({ ...base, retainedChunks: retained }, { kind: 'open', parts: [listed(2)] });
    expect(plan).toEqual({ action: 'unrecoverable', missingParts: [1], totalBytes: 250 });
  });

  it('upload aborted or swept → gone, telling whether the local copy is complete', () => {
    expect(planRecovery(base, { kind: 'gone' })).toEqual({
      action: 'gone',
      reason: 'upload_gone',
      localCopyComplete: true,
      totalBytes: 250,
    });
    expect(planRecovery({ ...base, retainedChunks: chunks.slice(4) }, { kind: 'gone' })).toMatchObject({
      action: 'gone',
      localCopyComplete: false,
    });
    expect(planRecovery(base, { kind: 'unauthorized' })).toMatchObject({ action: 'gone', reason: 'unauthorized' });
  });

  it('never created on the server → create and upload every part', () => {
    const { serverId: _, ...noServer } = base;
    expect(planRecovery(noServer, { kind: 'not-created' })).toEqual({
      action: 'create-and-upload',
      totalBytes: 250,
      upload: [
        { partNumber: 1, size: 100 },
        { partNumber: 2, size: 100 },
        { partNumber: 3, size: 50 },
      ],
      truncated: false,
    });
  });

  it('nothing recorded → discard (also when the server upload is open)', () => {
    const empty = { ...base, bytesSpooled: 0, retainedChunks: [] };
    expect(planRecovery(empty, { kind: 'open', parts: [] })).toEqual({ action: 'discard', reason: 'empty' });
    expect(planRecovery(empty, { kind: 'not-created' })).toEqual({ action: 'discard', reason: 'empty' });
  });

  it('exact multiple of the part size: no empty last part to upload', () => {
    const plan = planRecovery({ ...base, bytesSpooled: 200, retainedChunks: layout([200]) }, { kind: 'open', parts: [] });
    expect(plan).toMatchObject({ action: 'resume', upload: [{ partNumber: 1, size: 100 }, { partNumber: 2, size: 100 }] });
  });

  it('after drop-safe dropping, resuming never needs a dropped chunk when the server kept every acknowledged part (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 20 }),
        fc.func(fc.boolean()),
        fc.func(fc.boolean()),
        (sizes, isAcked, serverHasUnackedToo) => {
          const all = layout(sizes);
          const total = sizes.reduce((a, b) => a + b, 0);
          const count = Math.ceil(total / P);
          const numbers = Array.from({ length: count }, (_, i) => i + 1);
          const acks = numbers.filter((n) => isAcked(n)).map((n) => ({ partNumber: n, etag: `"e${n}"`, size: partSizeOf(n, total, P) }));
          const dropped = new Set(droppableChunks(all, acks, P));
          // the server has every acknowledged part, plus maybe some whose ack was never persisted
          const serverParts = numbers
            .filter((n) => isAcked(n) || serverHasUnackedToo(n))
            .map((n) => ({ partNumber: n, etag: `"e${n}"`, size: partSizeOf(n, total, P) }));
          const plan = planRecovery(
            { serverId: 'x', bytesSpooled: total, finalized: true, retainedChunks: all.filter((c) => !dropped.has(c.seq)), partSize: P },
            { kind: 'open', parts: serverParts },
          );
          expect(plan.action).toBe('resume');
          if (plan.action !== 'resume') return;
          const covered = [...plan.acknowledged.map((a) => a.partNumber), ...plan.upload.map((u) => u.partNumber)].sort((a, b) => a - b);
          expect(covered).toEqual(numbers);
        },
      ),
    );
  });
});
