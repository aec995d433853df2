/** The upload queue with fake ports, for its tests (upload-queue*.test.ts). */
import type { AcknowledgedPart } from '../../src/core/part-cutter';
import { UploadQueue, type UploadQueueOptions, type UploadQueueProgress } from '../../src/core/upload-queue';
import { FakeConnectivity, FakeInstantClock, FakePartSource, FakePartTransport, FakePresigner } from './upload-fakes';

export const P = 1000; // small parts keep the fakes cheap; the queue does not care about the size

export function setup(overrides: Partial<UploadQueueOptions> = {}) {
  const clock = new FakeInstantClock();
  const connectivity = new FakeConnectivity();
  const presigner = new FakePresigner(clock);
  const transport = new FakePartTransport();
  const source = new FakePartSource();
  const persisted: AcknowledgedPart[] = [];
  const progress: UploadQueueProgress[] = [];
  const options: UploadQueueOptions = {
    presigner,
    transport,
    source,
    connectivity,
    clock,
    random: () => 0,
    onAcknowledged: async (ack) => {
      persisted.push(ack);
    },
    onProgress: (p) => progress.push(p),
    ...overrides,
  };
  const queue = new UploadQueue(options);
  return { queue, clock, connectivity, presigner, transport, source, persisted, progress };
}

/** The parts the queue counts as uploaded, as its caller sees them: resumed ones plus persisted ones, sorted. */
export const counted = (persisted: readonly AcknowledgedPart[], resumed: readonly AcknowledgedPart[] = []) =>
  [...resumed, ...persisted].sort((a, b) => a.partNumber - b.partNumber);

export const parts = (...numbers: number[]) => numbers.map((partNumber) => ({ partNumber, size: P }));

