/**
 * The upload pipeline's progress as the popup sees it (UploadProgress), with fake ports: the
 * queue's counts plus what is recorded but not yet cut, and the backlog still only local.
 */
import { describe, expect, it } from 'vitest';
import type { ChunkSpool, RecordingRecord } from '../../src/core/chunk-spool';
import type { ApiClient } from '../../src/shared/api-client';
import { UploadPipeline } from '../../src/offscreen/upload-pipeline';
import { fakePartBytes, FakeConnectivity, FakeInstantClock, FakePartTransport } from '../core/upload-fakes';

const P = 1000;

describe('UploadPipeline progress', () => {
  it('maps queue progress to the popup UploadProgress with the backlog still only local', async () => {
    const acked: number[] = [];
    const spool = {
      readRange: async (_id: string, start: number, end: number) => fakePartBytes(start / P + 1, end - start),
      acknowledgePart: async (_id: string, ack: { partNumber: number }) => {
        acked.push(ack.partNumber);
        return { record: { stoppedAt: undefined } as unknown as RecordingRecord, dropped: [] };
      },
    } as unknown as ChunkSpool;
    const client = {
      serverUrl: 'http://reelay.test',
      presignParts: async (_id: string, _token: string, { partNumbers }: { partNumbers: number[] }) => ({
        urls: Object.fromEntries(partNumbers.map((n) => [String(n), `https://store.test/part/${n}`])),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      }),
    } as unknown as ApiClient;
    const pipeline = new UploadPipeline({
      spool,
      localId: 'a',
      client,
      link: { serverId: 's', uploadToken: 't' },
      partSize: P,
      transport: new FakePartTransport(),
      clock: new FakeInstantClock(),
      connectivity: new FakeConnectivity(),
    });
    pipeline.start();
    pipeline.spooled(2 * P + 700);
    await expect.poll(() => acked.length).toBe(2);
    expect(pipeline.progress()).toEqual({
      partsUploaded: 2,
      partsQueued: 1,
      bytesRecorded: 2 * P + 700,
      bytesUploaded: 2 * P,
      backlogBytes: 700,
      offline: false,
      waitingForServer: false,
    });
    await pipeline.abort();
  });
});
