/**
 * Real HTTP implementations of the upload ports: a fetch PartTransport (PUT to a presigned URL)
 * and a Presigner over the backend's API client. Both translate failures into the typed errors
 * the retry policy understands. Runs in the browser and in Node (global fetch).
 */
import { ApiError, ServerUnreachableError, type ApiClient } from '../shared/api-client';
import { HttpError, MissingEtagError, NetworkError } from './upload-errors';
import type { PartBytes, PartTransport, Presigner } from './upload-ports';

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createFetchPartTransport(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): PartTransport {
  return {
    async put(url: string, body: PartBytes, signal: AbortSignal): Promise<string> {
      let response: Response;
      try {
        response = await fetchImpl(url, { method: 'PUT', body: body as BodyInit, signal });
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        throw new NetworkError(`PUT failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
        throw new HttpError(response.status, code, parseRetryAfter(response.headers.get('retry-after')));
      }
      // Drain the (empty) body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      const etag = response.headers.get('etag');
      if (!etag) throw new MissingEtagError();
      return etag;
    },
  };
}

/** Map the API client's errors onto the upload path's typed errors. */
export function toUploadPathError(error: unknown): unknown {
  if (error instanceof ServerUnreachableError) return new NetworkError(error.message, { cause: error });
  if (error instanceof ApiError) return new HttpError(error.status, error.code, undefined, error.message);
  return error;
}

/** Presign through POST /api/recordings/:id/parts. */
export function createApiPresigner(client: ApiClient, recordingId: string, uploadToken: string): Presigner {
  return {
    async presign(partNumbers, signal) {
      try {
        const { urls, expiresAt } = await client.presignParts(recordingId, uploadToken, { partNumbers }, signal);
        const expires = Date.parse(expiresAt);
        // An unparsable expiry: treat the URLs as single-use (a 403 re-signs anyway).
        return { urls, expiresAt: Number.isNaN(expires) ? 0 : expires };
      } catch (error) {
        if (signal.aborted) throw error;
        throw toUploadPathError(error);
      }
    },
  };
}
