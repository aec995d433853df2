/**
 * Typed fetch client for the Reelay backend (the contract is api/ at the top level).
 * Used by the popup/options pages (session check) and by the offscreen recorder
 * (create, presign, list, complete, delete, thumbnail) and the popup's title editor (rename).
 * No chrome.* APIs here, so it runs in any extension context and in Node tests.
 *
 * Every answer is checked against the contract's zod schema. Failures come in two kinds, so
 * callers can decide what to retry (core/retry.ts):
 * - `NetworkError`: no HTTP answer at all (DNS, refused, offline, timeout, CORS).
 * - `HttpError`: the server answered with a non-2xx status (its `error.code`), or with a body
 *   that is not what a Reelay server sends (code `not_reelay`).
 */
import type { z } from 'zod';
import {
  apiErrorBodySchema,
  completeRecordingResponseSchema,
  headUploadResponseSchema,
  createRecordingResponseSchema,
  listPartsResponseSchema,
  part1FromHeadResponseSchema,
  presignPartsResponseSchema,
  recordingStoppedSchema,
  recordingMetadataSchema,
  sessionResponseSchema,
  thumbnailUploadResponseSchema,
  updateRecordingResponseSchema,
  type CompleteRecordingRequest,
  type CompleteRecordingResponse,
  type CreateRecordingRequest,
  type CreateRecordingResponse,
  type HeadUploadResponse,
  type ListPartsResponse,
  type Part1FromHeadRequest,
  type Part1FromHeadResponse,
  type PresignPartsRequest,
  type PresignPartsResponse,
  type RecordingMetadata,
  type RecordingStoppedRequest,
  type SessionResponse,
  type ThumbnailUploadRequest,
  type ThumbnailUploadResponse,
  type UpdateRecordingRequest,
  type UpdateRecordingResponse,
} from '../../../api';
import { parseRetryAfter } from '../core/retry';
import { HttpError, NetworkError } from '../core/upload-errors';
import { isWebUrl } from '../core/url-safety';

export interface ApiClientOptions {
  /** Base URL of the Reelay server, e.g. http://localhost:8787 (trailing slash allowed). */
  serverUrl: string;
  /** Abort a request after this long (default 30 s). */
  timeoutMs?: number;
  /** Injected for tests/other runtimes; defaults to the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class ApiClient {
  readonly serverUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Bind: calling an unbound window.fetch throws "Illegal invocation".
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** GET /api/session: checks the server URL and API token. */
  getSession(apiToken: string, signal?: AbortSignal): Promise<SessionResponse> {
    return this.request('GET', '/api/session', { token: apiToken, signal }, sessionResponseSchema);
  }

  /** POST /api/recordings: starts a multipart upload. */
  createRecording(
    apiToken: string,
    body: CreateRecordingRequest,
    signal?: AbortSignal,
  ): Promise<CreateRecordingResponse> {
    return this.request('POST', '/api/recordings', { token: apiToken, body, signal }, createRecordingResponseSchema).then(checkShareUrl);
  }

  /** POST /api/recordings/:id/parts: presigned PUT URLs for the given part numbers. */
  presignParts(
    id: string,
    uploadToken: string,
    body: PresignPartsRequest,
    signal?: AbortSignal,
  ): Promise<PresignPartsResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/parts`, { token: uploadToken, body, signal }, presignPartsResponseSchema);
  }

  /** GET /api/recordings/:id/parts: parts the store already holds (for resuming). */
  listParts(id: string, uploadToken: string, signal?: AbortSignal): Promise<ListPartsResponse> {
    return this.request('GET', `/api/recordings/${enc(id)}/parts`, { token: uploadToken, signal }, listPartsResponseSchema);
  }

  /** POST /api/recordings/:id/complete: finishes the upload; returns the share URL. */
  completeRecording(
    id: string,
    uploadToken: string,
    body: CompleteRecordingRequest,
    signal?: AbortSignal,
  ): Promise<CompleteRecordingResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/complete`, { token: uploadToken, body, signal }, completeRecordingResponseSchema).then(
      checkShareUrl,
    );
  }

  /**
   * POST /api/recordings/:id/stopped: at Stop, what the upload will hold in all and how long the
   * recording is (the share page shows the upload's progress). The body is checked before it goes.
   */
  async recordingStopped(id: string, uploadToken: string, body: RecordingStoppedRequest, signal?: AbortSignal): Promise<void> {
    const checked = recordingStoppedSchema.parse(body);
    await this.request('POST', `/api/recordings/${enc(id)}/stopped`, { token: uploadToken, body: checked, signal, allowEmpty: true });
  }

  /** DELETE /api/recordings/:id: aborts an unfinished upload or deletes a finished recording. */
  async deleteRecording(id: string, uploadToken: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/api/recordings/${enc(id)}`, { token: uploadToken, signal, allowEmpty: true });
  }

  /** POST /api/recordings/:id/thumbnail: a presigned PUT for the poster image (sent by offscreen/store-put.ts). */
  presignThumbnail(
    id: string,
    uploadToken: string,
    body: ThumbnailUploadRequest,
    signal?: AbortSignal,
  ): Promise<ThumbnailUploadResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/thumbnail`, { token: uploadToken, body, signal }, thumbnailUploadResponseSchema);
  }

  /** POST /api/recordings/:id/head: a presigned PUT of part 1's bytes, sent early (the server patches them at complete). */
  presignHead(id: string, uploadToken: string, signal?: AbortSignal): Promise<HeadUploadResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/head`, { token: uploadToken, signal }, headUploadResponseSchema);
  }

  /** POST /api/recordings/:id/part1: at Stop, the server makes part 1 from the head with the header patch. */
  part1FromHead(id: string, uploadToken: string, body: Part1FromHeadRequest, signal?: AbortSignal): Promise<Part1FromHeadResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/part1`, { token: uploadToken, body, signal }, part1FromHeadResponseSchema);
  }

  /** PATCH /api/recordings/:id: renames a recording (finished or still uploading). */
  updateRecording(
    id: string,
    uploadToken: string,
    body: UpdateRecordingRequest,
    signal?: AbortSignal,
  ): Promise<UpdateRecordingResponse> {
    return this.request('PATCH', `/api/recordings/${enc(id)}`, { token: uploadToken, body, signal }, updateRecordingResponseSchema);
  }

  /** DELETE /api/tokens/:id: revokes a personal token (the extension's Sign out revokes its own with itself). */
  async revokeToken(tokenId: string, apiToken: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/api/tokens/${enc(tokenId)}`, { token: apiToken, signal, allowEmpty: true });
  }

  /** GET /api/recordings/:id (public): metadata of a finished recording; HttpError 404 otherwise. */
  getRecording(id: string, signal?: AbortSignal): Promise<RecordingMetadata> {
    return this.request('GET', `/api/recordings/${enc(id)}`, { signal }, recordingMetadataSchema);
  }

  private async request<S extends z.ZodType>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; signal?: AbortSignal | undefined; allowEmpty?: boolean },
    schema?: S,
  ): Promise<z.infer<S>> {
    const url = this.serverUrl + path;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';

    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal,
      });
    } catch (err) {
      // A caller's own abort is not a network failure: let it through unchanged.
      if (opts.signal?.aborted) throw err;
      throw new NetworkError(this.serverUrl, timeout.aborted, { cause: err });
    }

    const text = await readText(response, this.serverUrl, timeout);
    const json = parseJson(text);
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const body = apiErrorBodySchema.safeParse(json);
      if (body.success) throw new HttpError(response.status, body.data.error.code, retryAfterMs, body.data.error.message);
      throw new HttpError(response.status, 'not_reelay', retryAfterMs, `The server answered HTTP ${response.status} without a Reelay error body.`);
    }
    if (opts.allowEmpty && text.trim() === '') return undefined as z.infer<S>;
    const parsed = schema?.safeParse(json);
    if (json === undefined || (parsed && !parsed.success)) {
      throw new HttpError(response.status, 'not_reelay', undefined, 'The server answered, but not like a Reelay server.');
    }
    return parsed?.data as z.infer<S>;
  }
}

/**
 * The share link is opened in a tab, copied and shown as a link: a server handing over anything
 * but an http(s) address (javascript:, data:, file:) is not answering like a Reelay server.
 */
function checkShareUrl<T extends { shareUrl: string }>(response: T): T {
  if (!isWebUrl(response.shareUrl)) {
    throw new HttpError(200, 'not_reelay', undefined, 'The server sent a share link that is not a web address (http:// or https://).');
  }
  return response;
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

async function readText(response: Response, serverUrl: string, timeout: AbortSignal): Promise<string> {
  try {
    return await response.text();
  } catch (err) {
    throw new NetworkError(serverUrl, timeout.aborted, { cause: err });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
