/**
 * The extension's typed failures. The I/O adapters (API client, store PUT) throw the first group,
 * the one vocabulary every caller classifies with (core/retry.ts); the upload queue surfaces the
 * second group when it gives up. Codes are the snake_case ones of api/errors.ts.
 */

// --- thrown by the I/O adapters (API client, store PUT, presigner) ----------------------------------

/**
 * The server (the backend or the store) answered with a non-2xx status, or with a body that is not
 * what a Reelay server sends (code `not_reelay`, possibly with a 2xx status).
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    /** The snake_case code (api/errors.ts): the API's `error.code`, or the store's mapped `<Code>`. */
    readonly code?: string,
    /** From a Retry-After header, in ms. */
    readonly retryAfterMs?: number,
    message?: string,
  ) {
    super(message ?? `HTTP ${status}${code ? ` ${code}` : ''}`);
  }
}

/** No HTTP answer at all: DNS, connection refused/reset, offline, CORS, or a timeout. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    /** The server (origin or base URL) that did not answer, when known. */
    readonly url = '',
    readonly timedOut = false,
    options?: { cause?: unknown },
  ) {
    super(url === '' ? 'network error' : timedOut ? `No answer from ${url} in time.` : `Could not reach ${url}.`, options);
  }
}

/** A PUT succeeded but no ETag header was readable (bucket CORS does not expose ETag). */
export class MissingEtagError extends Error {
  override readonly name = 'MissingEtagError';
  readonly code = 'no_etag';
  constructor(readonly partNumber?: number) {
    super(
      `${partNumber === undefined ? 'a part' : `part ${partNumber}`}: the store's answer has no readable ETag (bucket CORS must expose ETag)`,
    );
  }
}

// --- surfaced by the upload queue ------------------------------------------------------------------

/** Base class of the queue's terminal errors. */
export abstract class UploadError extends Error {}

/** One part failed for good, after `attempts` attempts. */
abstract class PartAttemptsError extends UploadError {
  constructor(
    readonly partNumber: number,
    readonly attempts: number,
    what: string,
    options?: { cause?: unknown },
  ) {
    super(`part ${partNumber} ${what}: ${describeError(options?.cause)}`, options);
  }
}

/** The store refused a part permanently (after re-signing / retries). */
export class PartRejectedError extends PartAttemptsError {
  override readonly name = 'PartRejectedError';
  constructor(partNumber: number, attempts: number, options?: { cause?: unknown }) {
    super(partNumber, attempts, `was rejected after ${attempts} attempt(s)`, options);
  }
}

/** The backend refused to presign (token invalid, recording gone, ...). */
export class PresignRejectedError extends UploadError {
  override readonly name = 'PresignRejectedError';
  constructor(
    readonly partNumbers: number[],
    options?: { cause?: unknown },
  ) {
    super(`presigning parts ${partNumbers.join(', ')} was refused: ${describeError(options?.cause)}`, options);
  }
}

/** Transient failures (network, 5xx, 429) went on past the retry budget. Local data is intact. */
export class UploadStalledError extends PartAttemptsError {
  override readonly name = 'UploadStalledError';
  constructor(partNumber: number, attempts: number, options?: { cause?: unknown }) {
    super(partNumber, attempts, `still failing after ${attempts} attempts`, options);
  }
}

/** The part source returned a different number of bytes than the part must have. */
export class PartSizeMismatchError extends UploadError {
  override readonly name = 'PartSizeMismatchError';
  constructor(
    readonly partNumber: number,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`part ${partNumber} has ${actual} bytes, expected ${expected}`);
  }
}

/** The acknowledgement callback (persisting the ETag) failed. */
export class AckPersistError extends UploadError {
  override readonly name = 'AckPersistError';
  constructor(
    readonly partNumber: number,
    options?: { cause?: unknown },
  ) {
    super(`could not persist the acknowledgement of part ${partNumber}: ${describeError(options?.cause)}`, options);
  }
}

/** The queue was cancelled through its AbortSignal. */
export class UploadAbortedError extends UploadError {
  override readonly name = 'UploadAbortedError';
  constructor(options?: { cause?: unknown }) {
    super('upload cancelled', options);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
