/**
 * Part 1 as the head object (issue 11), the pure side: which chunks a head's acknowledgement lets
 * go, how recovery plans a record whose head went up, what complete sends, and which URL the
 * presigner asks for part 1.
 */
import { describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import { completeParts } from '../../src/core/recorder/complete-parts';
import { droppableChunks, HEAD_KEPT_BYTES, type ChunkInfo } from '../../src/core/part-cutter';
import { planRecovery, type RecoveryInput } from '../../src/core/recovery-plan';
import { createApiPresigner, type Part1Target } from '../../src/offscreen/api-presigner';
import type { ApiClient } from '../../src/shared/api-client';

const P = PART_SIZE;
/** 12 MiB in chunks of 256 KiB: parts 1, 2 (full) and 3. */
const total = 12 * 1024 * 1024;
const chunks: ChunkInfo[] = Array.from({ length: total / 262_144 }, (_, seq) => ({ seq, offset: seq * 262_144, size: 262_144 }));
const head = { partNumber: 1, etag: '"h"', size: P, head: true };

describe('a head acknowledgement and the spool', () => {
  it('drops the chunks of part 1 but those holding the header', () => {
    const dropped = droppableChunks(chunks, [head], P);
    const inPart1 = chunks.filter((c) => c.offset + c.size <= P);
    expect(dropped).toEqual(inPart1.filter((c) => c.offset >= HEAD_KEPT_BYTES).map((c) => c.seq));
    expect(dropped).not.toContain(0);
    // An ordinary part 1 drops them all.
    expect(droppableChunks(chunks, [{ ...head, head: false }], P)).toEqual(inPart1.map((c) => c.seq));
  });
});

describe('planRecovery with a head', () => {
  const afterHead = chunks.filter((c) => c.offset < HEAD_KEPT_BYTES || c.offset >= P);
  const base: RecoveryInput = { serverId: 'r', shareUrl: 'http://x/v/r', bytesSpooled: total, finalized: true, retainedChunks: afterHead, head };
  const listed = (n: number, size = P) => ({ partNumber: n, etag: `"s${n}"`, size });

  it('the acknowledged head stands for part 1 (its chunks are gone): resume with the rest', () => {
    const plan = planRecovery(base, { kind: 'open', parts: [listed(2)] });
    expect(plan).toMatchObject({ action: 'resume', acknowledged: [head, listed(2)], upload: [{ partNumber: 3, size: total - 2 * P }] });
  });

  it('without a head acknowledgement, part 1 is uploaded as a part if its chunks are still there, else unrecoverable', () => {
    const { head: _, ...noHead } = base;
    expect(planRecovery({ ...noHead, retainedChunks: chunks }, { kind: 'open', parts: [] })).toMatchObject({
      action: 'resume',
      upload: [{ partNumber: 1 }, { partNumber: 2 }, { partNumber: 3 }],
    });
    expect(planRecovery(noHead, { kind: 'open', parts: [] })).toMatchObject({ action: 'unrecoverable', missingParts: [1] });
  });

  it('a head is not part 1 of a one-part recording (the stream must go up whole, patched)', () => {
    const plan = planRecovery({ ...base, bytesSpooled: P, retainedChunks: chunks.filter((c) => c.offset < P) }, { kind: 'open', parts: [] });
    expect(plan).toMatchObject({ action: 'resume', acknowledged: [], upload: [{ partNumber: 1, size: P }] });
  });
});

describe('completeParts', () => {
  const parts = [head, { partNumber: 2, etag: '"b"', size: P }, { partNumber: 3, etag: '"c"', size: 10 }];
  it('with a head: the header patch as head.patches (base64), parts from 2', () => {
    expect(completeParts(parts, { offset: 40, bytes: Uint8Array.of(1, 2, 3) })).toEqual({
      head: { patches: [{ offset: 40, data: 'AQID' }] },
      parts: [{ partNumber: 2, etag: '"b"' }, { partNumber: 3, etag: '"c"' }],
    });
    expect(completeParts(parts, null)).toEqual({ head: { patches: [] }, parts: [{ partNumber: 2, etag: '"b"' }, { partNumber: 3, etag: '"c"' }] });
  });
  it('without: every part, no head', () => {
    const plain = [{ partNumber: 1, etag: '"a"', size: 5 }];
    expect(completeParts(plain, { offset: 4, bytes: Uint8Array.of(9) })).toEqual({ parts: [{ partNumber: 1, etag: '"a"' }] });
  });
});

describe('createApiPresigner and part 1', () => {
  function fakeClient() {
    const calls: string[] = [];
    const client = {
      presignParts: async (_id: string, _t: string, { partNumbers }: { partNumbers: number[] }) => {
        calls.push(`parts ${partNumbers.join(',')}`);
        return { urls: Object.fromEntries(partNumbers.map((n) => [String(n), `part-${n}`])), expiresAt: '2100-01-01T00:00:00Z' };
      },
      presignHead: async () => {
        calls.push('head');
        return { url: 'head-url', expiresAt: '2099-01-01T00:00:00Z', headers: {} };
      },
    } as unknown as ApiClient;
    return { client, calls };
  }
  const signal = new AbortController().signal;

  it.each<[Part1Target, Record<string, string>, string[]]>([
    ['head', { '1': 'head-url', '2': 'part-2' }, ['parts 2', 'head']],
    ['part', { '1': 'part-1', '2': 'part-2' }, ['parts 1,2']],
    [undefined, { '2': 'part-2' }, ['parts 2']],
  ])('part 1 as %s', async (target, urls, calls) => {
    const fake = fakeClient();
    const signed = await createApiPresigner(fake.client, 'r', 't', () => target).presign([1, 2], signal);
    expect(signed.urls).toEqual(urls);
    expect(fake.calls).toEqual(calls);
    expect(signed.expiresAt).toBe(Date.parse(target === 'head' ? '2099-01-01T00:00:00Z' : '2100-01-01T00:00:00Z'));
  });

  it('only the head', async () => {
    const fake = fakeClient();
    const signed = await createApiPresigner(fake.client, 'r', 't', () => 'head').presign([1], signal);
    expect(signed.urls).toEqual({ '1': 'head-url' });
    expect(fake.calls).toEqual(['head']);
  });
});
