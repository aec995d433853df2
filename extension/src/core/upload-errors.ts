/**
 * Typed errors of the upload path. Transports/presigners throw the first group; the upload
 * queue surfaces the second group when it gives up.
 */

// --- thrown by I/O adapters (PartTransport, Presigner) -------------------------------------------

/** The server answered with a non-2xx status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    /** S3 error code (e.g. "NoSuchUpload", "RequestTimeout") or API error code, when known. */
    readonly code?: string,
    /** From a Retry-After header, in ms. */
    readonly retryAfterMs?: number,
    message?: string,
  ) {
    super(message ?? `HTTP ${status}${code ? ` ${code}` : ''}`);
  }
}

/** The request never got an HTTP answer (DNS, connection refused/reset, fetch TypeError, timeout). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(message = 'network error', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A PUT succeeded but no ETag header was readable (bucket CORS does not expose ETag). */
export class MissingEtagError extends Error {
  override readonly name = 'MissingEtagError';
  constructor(readonly partNumber?: number) {
    super(
      `${partNumber === undefined ? 'a part' : `part ${partNumber}`}: the store's answer has no readable ETag (bucket CORS must expose ETag)`,
    );
  }
}

// --- surfaced by the upload queue ------------------------------------------------------------------

/** Base class of the queue's terminal errors. */
export abstract class UploadError extends Error {}

/** The store refused a part permanently (after re-signing / retries). */
export class PartRejectedError extends UploadError {
  override readonly name = 'PartRejectedError';
  constructor(
    readonly partNumber: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`part ${partNumber} was rejected after ${attempts} attempt(s): ${describeError(options?.cause)}`, options);
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
export class UploadStalledError extends UploadError {
  override readonly name = 'UploadStalledError';
  constructor(
    readonly partNumber: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`part ${partNumber} still failing after ${attempts} attempts: ${describeError(options?.cause)}`, options);
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
