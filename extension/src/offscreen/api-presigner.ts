/**
 * The upload queue's Presigner over the backend's API client (POST /api/recordings/:id/parts).
 * The client already throws the typed errors the retry rule understands (core/upload-errors.ts).
 * Part 1 may be the head instead (issue 11: uploaded early, patched by the server at complete):
 * then its URL comes from POST /api/recordings/:id/head, and until the pipeline knows which it is,
 * part 1 gets no URL (the queue signs it again when it starts).
 */
import type { Presigner, PresignedUrls } from '../core/upload-ports';
import type { ApiClient } from '../shared/api-client';

/** What part 1 is: the head object, an UploadPart, or not known yet. */
export type Part1Target = 'head' | 'part' | undefined;

export function createApiPresigner(
  client: ApiClient,
  recordingId: string,
  uploadToken: string,
  part1: () => Part1Target = () => 'part',
): Presigner {
  return {
    async presign(partNumbers, signal) {
      const target = part1();
      const parts = partNumbers.filter((n) => n !== 1 || target === 'part');
      const head = target === 'head' && partNumbers.includes(1);
      const [signed, headUrl] = await Promise.all([
        parts.length > 0 ? client.presignParts(recordingId, uploadToken, { partNumbers: parts }, signal) : undefined,
        head ? client.presignHead(recordingId, uploadToken, signal) : undefined,
      ]);
      const result: PresignedUrls = { urls: { ...signed?.urls }, expiresAt: Infinity };
      for (const answer of [signed, headUrl]) {
        if (!answer) continue;
        const expires = Date.parse(answer.expiresAt);
        // An unparsable expiry: treat the URLs as single-use (a 403 re-signs anyway).
        result.expiresAt = Math.min(result.expiresAt, Number.isNaN(expires) ? 0 : expires);
      }
      if (headUrl) result.urls['1'] = headUrl.url;
      if (result.expiresAt === Infinity) result.expiresAt = 0;
      return result;
    },
  };
}
