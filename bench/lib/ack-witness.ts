/**
 * Bench-side witness of when each part's acknowledgement was persisted: the product keeps no
 * upload timeline, so the benchmarks wrap the spool they hand to the recorder and note the time
 * of every successful acknowledgePart.
 */
import type { ChunkSpool } from '../../extension/src/core/chunk-spool';

export interface AckTime {
  localId: string;
  partNumber: number;
  size: number;
  /** Epoch ms when the acknowledgement (ETag) was persisted. */
  ackedAt: number;
}

export function witnessAcks<S extends ChunkSpool>(spool: S): { spool: S; acks: AckTime[] } {
  const acks: AckTime[] = [];
  const wrapped = Object.assign(Object.create(spool) as S, {
    acknowledgePart: async (...args: Parameters<ChunkSpool['acknowledgePart']>) => {
      const result = await spool.acknowledgePart(...args);
      acks.push({ localId: args[0], partNumber: args[1].partNumber, size: args[1].size, ackedAt: Date.now() });
      return result;
    },
  });
  return { spool: wrapped, acks };
}
