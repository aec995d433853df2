/**
 * The upload queue's Presigner over the backend's API client (POST /api/recordings/:id/parts).
 * The client already throws the typed errors the retry rule understands (core/upload-errors.ts).
 */
import type { Presigner } from '../core/upload-ports';
import type { ApiClient } from '../shared/api-client';

export function createApiPresigner(client: ApiClient, recordingId: string, uploadToken: string): Presigner {
  return {
    async presign(partNumbers, signal) {
      const { urls, expiresAt } = await client.presignParts(recordingId, uploadToken, { partNumbers }, signal);
      const expires = Date.parse(expiresAt);
      // An unparsable expiry: treat the URLs as single-use (a 403 re-signs anyway).
      return { urls, expiresAt: Number.isNaN(expires) ? 0 : expires };
    },
  };
}
