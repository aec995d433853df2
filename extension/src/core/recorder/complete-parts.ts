/**
 * What complete sends about the parts. When part 1 went up early as the head object (issue 11),
 * the server makes part 1 from it: the request then carries the header patch as `head.patches`
 * and lists parts 2..N only; otherwise every part, as uploaded. Pure.
 */
import type { CompleteRecordingRequest } from '../../../../api';
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
