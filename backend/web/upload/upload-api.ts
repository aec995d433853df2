/**
 * The uploader's calls to this server's API (UploadApi): same origin, the session cookie to create
 * (or a personal token, for scripts and tests), the upload token for everything after. Answers are
 * checked against the API's schemas; failures become the extension core's HttpError (with the
 * API's error code and Retry-After) or NetworkError, which its retry rule classifies.
 */
import {
  apiErrorBodySchema,
  completeRecordingResponseSchema,
  createRecordingResponseSchema,
  listPartsResponseSchema,
  presignPartsResponseSchema,
  presignedPutResponseSchema,
} from '../../../api';
import { parseRetryAfter } from '../../../extension/src/core/retry';
import { HttpError, NetworkError } from '../../../extension/src/core/upload-errors';
import type { UploadApi } from './file-uploader';

export interface UploadApiOptions {
  /** Origin of the server ('' = this page's). */
  base?: string;
  /** A personal API token instead of the session cookie (create only). */
  personalToken?: string;
  fetch?: typeof fetch;
}

export function uploadApi(options: UploadApiOptions = {}): UploadApi {
  const base = options.base ?? '';
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call<T>(method: string, path: string, token: string | undefined, body: unknown, signal: AbortSignal | undefined, parse: (v: unknown) => T): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetchImpl(base + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw new NetworkError(base || 'the server', false, { cause: error });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const error = apiErrorBodySchema.safeParse(json);
      const code = error.success ? error.data.error.code : undefined;
      const message = error.success ? error.data.error.message : `The server answered HTTP ${res.status}.`;
      throw new HttpError(res.status, code, parseRetryAfter(res.headers.get('retry-after')), message);
    }
    return parse(json);
  }

  const recording = (id: string) => `/api/recordings/${encodeURIComponent(id)}`;
  return {
    create: (req, signal) => call('POST', '/api/recordings', options.personalToken, req, signal, (v) => createRecordingResponseSchema.parse(v)),
    listParts: (id, token, signal) => call('GET', `${recording(id)}/parts`, token, undefined, signal, (v) => listPartsResponseSchema.parse(v)),
    presign: (id, token, partNumbers, signal) =>
      call('POST', `${recording(id)}/parts`, token, { partNumbers }, signal, (v) => presignPartsResponseSchema.parse(v)),
    complete: (id, token, req, signal) => call('POST', `${recording(id)}/complete`, token, req, signal, (v) => completeRecordingResponseSchema.parse(v)),
    async putThumbnail(id, token, image, signal) {
      const body = { contentType: 'image/jpeg', size: image.size };
      const { url, headers } = await call('POST', `${recording(id)}/thumbnail`, token, body, signal, (v) => presignedPutResponseSchema.parse(v));
      let res: Response;
      try {
        res = await fetchImpl(url, { method: 'PUT', headers, body: image, signal });
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        throw new NetworkError(new URL(url).origin, false, { cause: error });
      }
      await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
      if (!res.ok) throw new HttpError(res.status);
    },
    remove: (id, token) => call('DELETE', recording(id), token, undefined, undefined, () => undefined),
  };
}
