/**
 * Typed fetch client for the Reelay backend (routes in backend/src/api/contract.ts).
 * Used by the popup/options pages (session check) and by the offscreen recorder
 * (create, presign, list, complete, delete, thumbnail) and the popup's title editor (rename).
 * No chrome.* APIs here, so it runs in
 * any extension context and in Node tests.
 *
 * Failures come in two kinds, so callers can decide what to retry:
 * - `ServerUnreachableError`: no HTTP answer at all (DNS, refused, offline, timeout, CORS).
 * - `ApiError`: the server answered with a non-2xx status, or with a body that is not
 *   what a Reelay server sends (code `not-reelay`).
 */
import type {
  ApiErrorBody,
  CompleteRecordingRequest,
  CompleteRecordingResponse,
  CreateRecordingRequest,
  CreateRecordingResponse,
  ListPartsResponse,
  PresignPartsRequest,
  PresignPartsResponse,
  RecordingMetadata,
  SessionResponse,
  ThumbnailUploadRequest,
  ThumbnailUploadResponse,
  UpdateRecordingRequest,
  UpdateRecordingResponse,
} from '../../../api';

/** The server answered, but not with what we asked for. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status (a 2xx status when the body was not a valid answer). */
    readonly status: number,
    /** `error.code` from the body, or `not-reelay` when the body was not a Reelay answer. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No HTTP answer: the request never reached the server or timed out. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
  constructor(
    readonly url: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(timedOut ? `No answer from ${url} in time.` : `Could not reach ${url}.`, options);
  }
}

/** True when trying the same request again later may succeed (network, 408, 429, 5xx). */
export function isRetryableError(err: unknown): boolean {
  if (err instanceof ServerUnreachableError) return true;
  if (err instanceof ApiError) {
    return err.status === 408 || err.status === 429 || err.status >= 500;
  }
  return false;
}

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
    return this.request<SessionResponse>('GET', '/api/session', { token: apiToken, signal }, isSession);
  }

  /** POST /api/recordings: starts a multipart upload. */
  createRecording(
    apiToken: string,
    body: CreateRecordingRequest,
    signal?: AbortSignal,
  ): Promise<CreateRecordingResponse> {
    return this.request('POST', '/api/recordings', { token: apiToken, body, signal }, isCreated);
  }

  /** POST /api/recordings/:id/parts: presigned PUT URLs for the given part numbers. */
  presignParts(
    id: string,
    uploadToken: string,
    body: PresignPartsRequest,
    signal?: AbortSignal,
  ): Promise<PresignPartsResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/parts`, { token: uploadToken, body, signal }, isPresigned);
  }

  /** GET /api/recordings/:id/parts: parts the store already holds (for resuming). */
  listParts(id: string, uploadToken: string, signal?: AbortSignal): Promise<ListPartsResponse> {
    return this.request('GET', `/api/recordings/${enc(id)}/parts`, { token: uploadToken, signal }, isPartList);
  }

  /** POST /api/recordings/:id/complete: finishes the upload; returns the share URL. */
  completeRecording(
    id: string,
    uploadToken: string,
    body: CompleteRecordingRequest,
    signal?: AbortSignal,
  ): Promise<CompleteRecordingResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/complete`, { token: uploadToken, body, signal }, isCompleted);
  }

  /** DELETE /api/recordings/:id: aborts an unfinished upload or deletes a finished recording. */
  async deleteRecording(id: string, uploadToken: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/api/recordings/${enc(id)}`, { token: uploadToken, signal, allowEmpty: true }, () => true);
  }

  /** POST /api/recordings/:id/thumbnail: a presigned PUT for the poster image (see putThumbnail). */
  presignThumbnail(
    id: string,
    uploadToken: string,
    body: ThumbnailUploadRequest,
    signal?: AbortSignal,
  ): Promise<ThumbnailUploadResponse> {
    return this.request('POST', `/api/recordings/${enc(id)}/thumbnail`, { token: uploadToken, body, signal }, isThumbnailUpload);
  }

  /** PATCH /api/recordings/:id: renames a recording (finished or still uploading). */
  updateRecording(
    id: string,
    uploadToken: string,
    body: UpdateRecordingRequest,
    signal?: AbortSignal,
  ): Promise<UpdateRecordingResponse> {
    return this.request('PATCH', `/api/recordings/${enc(id)}`, { token: uploadToken, body, signal }, isUpdated);
  }

  /** GET /api/recordings/:id (public): metadata of a finished recording; ApiError 404 otherwise. */
  getRecording(id: string, signal?: AbortSignal): Promise<RecordingMetadata> {
    return this.request('GET', `/api/recordings/${enc(id)}`, { signal }, isMetadata);
  }

  private async request<T>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; signal?: AbortSignal | undefined; allowEmpty?: boolean },
    isValid: (value: unknown) => boolean,
  ): Promise<T> {
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
      throw new ServerUnreachableError(this.serverUrl, timeout.aborted, { cause: err });
    }

    const text = await readText(response, this.serverUrl, timeout);
    const json = parseJson(text);
    if (!response.ok) {
      if (isErrorBody(json)) throw new ApiError(response.status, json.error.code, json.error.message);
      throw new ApiError(
        response.status,
        'not-reelay',
        `The server answered HTTP ${response.status} without a Reelay error body.`,
      );
    }
    if (opts.allowEmpty && text.trim() === '') return undefined as T;
    if (json === undefined || !isValid(json)) {
      throw new ApiError(response.status, 'not-reelay', 'The server answered, but not like a Reelay server.');
    }
    return json as T;
  }
}

/** PUT one part to a presigned URL; returns the store's ETag (needs CORS ExposeHeaders: ETag). */
export async function putPart(
  url: string,
  body: Blob | BufferSource,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<string> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'PUT', body, signal: options.signal ?? null });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ServerUnreachableError(new URL(url).origin, false, { cause: err });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'upload-failed';
    throw new ApiError(response.status, code, `The store refused the part (HTTP ${response.status}, ${code}).`);
  }
  const etag = response.headers.get('etag');
  if (!etag) {
    throw new ApiError(response.status, 'no-etag', 'The store did not expose the ETag header (check bucket CORS).');
  }
  return etag;
}

/**
 * PUT the poster image to the URL from presignThumbnail, with exactly the headers it signed.
 * Failures are ApiError (the store refused) or ServerUnreachableError, like putPart.
 */
export async function putThumbnail(
  upload: Pick<ThumbnailUploadResponse, 'url' | 'headers'>,
  body: Blob | BufferSource,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<void> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await fetchImpl(upload.url, { method: 'PUT', body, headers: upload.headers, signal: options.signal ?? null });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ServerUnreachableError(new URL(upload.url).origin, false, { cause: err });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'upload-failed';
    throw new ApiError(response.status, code, `The store refused the thumbnail (HTTP ${response.status}, ${code}).`);
  }
  await response.arrayBuffer().catch(() => undefined); // release the connection
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

async function readText(response: Response, serverUrl: string, timeout: AbortSignal): Promise<string> {
  try {
    return await response.text();
  } catch (err) {
    throw new ServerUnreachableError(serverUrl, timeout.aborted, { cause: err });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  return isObject(v) && isObject(v.error) && typeof v.error.code === 'string' && typeof v.error.message === 'string';
}

function isSession(v: unknown): boolean {
  return isObject(v) && v.ok === true && typeof v.partSize === 'number';
}

function isCreated(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.uploadId === 'string' &&
    typeof v.uploadToken === 'string' &&
    typeof v.partSize === 'number' &&
    typeof v.shareUrl === 'string'
  );
}

function isPresigned(v: unknown): boolean {
  return (
    isObject(v) &&
    isObject(v.urls) &&
    Object.values(v.urls).every((u) => typeof u === 'string') &&
    typeof v.expiresAt === 'string'
  );
}

function isPartList(v: unknown): boolean {
  return (
    isObject(v) &&
    Array.isArray(v.parts) &&
    v.parts.every(
      (p) => isObject(p) && typeof p.partNumber === 'number' && typeof p.etag === 'string' && typeof p.size === 'number',
    )
  );
}

function isCompleted(v: unknown): boolean {
  return isObject(v) && typeof v.shareUrl === 'string';
}

function isThumbnailUpload(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.url === 'string' &&
    typeof v.expiresAt === 'string' &&
    (v.headers === undefined || (isObject(v.headers) && Object.values(v.headers).every((h) => typeof h === 'string')))
  );
}

function isUpdated(v: unknown): boolean {
  return isObject(v) && (v.status === 'ready' || v.status === 'uploading') && typeof v.id === 'string' && typeof v.title === 'string';
}

function isMetadata(v: unknown): boolean {
  return isObject(v) && typeof v.id === 'string' && typeof v.videoUrl === 'string';
}
