/**
 * The client's part list, checked against ListParts before S3 is asked to complete, for clear
 * errors (and because some stores do not check): every listed part uploaded with that ETag, and
 * all but the last exactly PART_SIZE (R2 demands equal parts). Pure.
 */
import { PART_SIZE } from '../../../api';
import { ApiError } from '../http/errors';
import type { UploadedPart } from './store';

function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

/** Returns the total size, or throws a 400 ApiError naming the first bad part. */
export function checkParts(requested: { partNumber: number; etag: string }[], uploaded: UploadedPart[]): number {
  const byNumber = new Map(uploaded.map((p) => [p.partNumber, p]));
  const found = requested.map((req) => {
    const part = byNumber.get(req.partNumber);
    if (!part) throw new ApiError(400, 'invalid_part', `Part ${req.partNumber} was not uploaded`);
    if (normalizeEtag(part.etag) !== normalizeEtag(req.etag)) {
      throw new ApiError(400, 'invalid_part', `The ETag of part ${req.partNumber} does not match the uploaded part`);
    }
    return part;
  });
  found.slice(0, -1).forEach((part) => {
    if (part.size < PART_SIZE) {
      throw new ApiError(400, 'part_too_small', `Part ${part.partNumber} is ${part.size} bytes; all parts but the last must be ${PART_SIZE} bytes`);
    }
    if (part.size !== PART_SIZE) {
      throw new ApiError(400, 'invalid_part_size', `Part ${part.partNumber} is ${part.size} bytes; all parts but the last must be exactly ${PART_SIZE} bytes`);
    }
  });
  return found.reduce((sum, part) => sum + part.size, 0);
}
