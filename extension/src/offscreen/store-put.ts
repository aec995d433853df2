/**
 * The one PUT to the store, through a presigned URL: video parts (as the upload queue's
 * PartTransport) and the poster image. A refusal becomes HttpError with the store's XML <Code>
 * mapped into the one vocabulary (storeErrorCode), no answer becomes NetworkError.
 */
import { storeErrorCode } from '../../../api';
import { parseRetryAfter } from '../core/retry';
import { HttpError, MissingEtagError, NetworkError } from '../core/upload-errors';
import type { PartBytes, PartTransport } from '../core/upload-ports';

export interface StorePutOptions {
  signal?: AbortSignal | undefined;
  /** Exactly the headers the URL signed (the thumbnail's Content-Type). */
  headers?: Record<string, string> | undefined;
  fetch?: typeof fetch | undefined;
}

/** PUT `body`; resolves with the store's ETag header (null when CORS does not expose it). */
export async function storePut(url: string, body: PartBytes, options: StorePutOptions = {}): Promise<string | null> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const { signal } = options;
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'PUT', body: body as BodyInit, headers: options.headers ?? {}, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    throw new NetworkError(new URL(url).origin, false, { cause: error });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const code = storeErrorCode(/<Code>([^<]+)<\/Code>/.exec(text)?.[1]);
    const message = `The store refused the upload (HTTP ${response.status}, ${code}).`;
    throw new HttpError(response.status, code, parseRetryAfter(response.headers.get('retry-after')), message);
  }
  // Drain the (empty) body so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  return response.headers.get('etag');
}

/** The upload queue's PartTransport: storePut, and an ETag is required. */
export function storePartTransport(fetchImpl?: typeof fetch): PartTransport {
  return {
    async put(url, body, signal) {
      const etag = await storePut(url, body, { signal, fetch: fetchImpl });
      if (!etag) throw new MissingEtagError();
      return etag;
    },
  };
}
