/**
 * What complete sends about the parts. When part 1 went up early as the head object (issue 11),
 * the server makes part 1 from it: the request then carries the header patch as `head.patches`
 * and lists parts 2..N only; otherwise every part, as uploaded. Pure.
 */
import type { CompleteRecordingRequest, TailPart } from '../../../../api';
import type { AcknowledgedPart } from '../part-cutter';
import { bytesToBase64 } from '../webm/base64';
import type { BytePatch } from './header-patch';

export type CompleteParts = Pick<CompleteRecordingRequest, 'parts' | 'head'>;

export function completeParts(parts: readonly AcknowledgedPart[], headerPatch: BytePatch | null): CompleteParts {
  const listed = (list: readonly AcknowledgedPart[]) => list.map(({ partNumber, etag }) => ({ partNumber, etag }));
  const [first, ...rest] = parts;
  if (!first?.head) return { parts: listed(parts) };
  const patches = headerPatch && headerPatch.bytes.length > 0 ? [{ offset: headerPatch.offset, data: bytesToBase64(headerPatch.bytes) }] : [];
  return { head: { patches }, parts: listed(rest) };
}

/**
 * Complete can go ahead of the last part (issue 11, `tail`) when every part before it is
 * acknowledged and it is cut but not yet: then the parts before it, and its number and size. Pure.
 */
export function aheadOfTail(
  acknowledged: ReadonlyMap<number, AcknowledgedPart>,
  partCount: number,
  lastPartSize: number | undefined,
): { parts: AcknowledgedPart[]; tail: TailPart } | undefined {
  if (partCount < 1 || lastPartSize === undefined || lastPartSize < 1 || acknowledged.has(partCount)) return undefined;
  const parts: AcknowledgedPart[] = [];
  for (let n = 1; n < partCount; n++) {
    const ack = acknowledged.get(n);
    if (!ack) return undefined;
    parts.push(ack);
  }
  return { parts, tail: { partNumber: partCount, size: lastPartSize } };
}
