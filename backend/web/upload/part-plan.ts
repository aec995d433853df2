/**
 * How a file is cut for S3 multipart: parts of exactly PART_SIZE bytes (api/limits.ts, the one
 * source of the part size), the last one shorter; and, on resume, which of them the store still
 * lacks. Pure.
 */
import { MAX_PART_NUMBER, PART_SIZE } from '../../../api/limits';
import type { ListedPart } from '../../../api/responses';

export interface PlannedPart {
  partNumber: number;
  /** Byte offsets in the file: [start, end). */
  start: number;
  end: number;
  size: number;
}

export function planParts(fileSize: number, partSize = PART_SIZE): PlannedPart[] {
  if (!Number.isSafeInteger(fileSize) || fileSize < 1) throw new RangeError(`a file to upload has at least 1 byte (got ${fileSize})`);
  const count = Math.ceil(fileSize / partSize);
  if (count > MAX_PART_NUMBER) throw new RangeError(`a file of ${fileSize} bytes needs ${count} parts; S3 takes at most ${MAX_PART_NUMBER}`);
  return Array.from({ length: count }, (_, i) => {
    const start = i * partSize;
    const end = Math.min(start + partSize, fileSize);
    return { partNumber: i + 1, start, end, size: end - start };
  });
}

/**
 * Parts the store already holds whole (same number, same size as planned): on resume they are
 * acknowledged with their ETags and not sent again. A stored part of another size is sent again.
 */
export function storedParts(plan: readonly PlannedPart[], listed: readonly ListedPart[]): ListedPart[] {
  const bySize = new Map(plan.map((p) => [p.partNumber, p.size]));
  return listed.filter((p) => bySize.get(p.partNumber) === p.size && p.etag !== '');
}

/** The planned parts not among `stored`. */
export function missingParts(plan: readonly PlannedPart[], stored: readonly { partNumber: number }[]): PlannedPart[] {
  const have = new Set(stored.map((p) => p.partNumber));
  return plan.filter((p) => !have.has(p.partNumber));
}
