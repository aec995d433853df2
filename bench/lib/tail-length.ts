/**
 * The bytes after Stop are the tail: what follows the last full 5 MiB part, anywhere from 0 to
 * 5 MiB, depending on the recording's exact length and bitrate. A benchmark row measured at one
 * length measures one tail by chance. This picks, at or below a nominal length, the length whose
 * recording leaves a tail of a chosen fraction of a part (within one part's worth of media, e.g.
 * ≤ 13 s at 3 Mbit/s), so that each row can be measured at ¼, ½ and ¾ of a part.
 */
import { PART_SIZE } from '../../api';
import { loopedSize, type LoopSource } from './stop-to-link-loop';

/** Cues and the last chunk's rest, added at Stop (the fixer's trailer): a rough allowance. */
const TRAILER_BYTES_PER_MINUTE = 1_200;

export function durationForTail(source: LoopSource, nominalMs: number, fraction: number): number {
  const stepMs = 100;
  const lowestMs = Math.max(stepMs, nominalMs - Math.ceil((PART_SIZE / source.bytesPerSecond) * 1000) - 2_000);
  let best = { ms: nominalMs, miss: Infinity };
  for (let ms = nominalMs; ms >= lowestMs; ms -= stepMs) {
    const total = loopedSize(source, ms) + Math.round((ms / 60_000) * TRAILER_BYTES_PER_MINUTE);
    const tail = total % PART_SIZE;
    const miss = Math.abs(tail - fraction * PART_SIZE);
    if (miss < best.miss) best = { ms, miss };
  }
  return best.ms;
}
