/**
 * The upload queue's I/O, behind interfaces so the queue stays pure and testable.
 * Real implementations live in the offscreen document: store-put.ts (the PUT), api-presigner.ts,
 * system-ports.ts (clock, connectivity) and part-source.ts (the part's bytes).
 */

/** Presigned UploadPart URLs for some part numbers. */
export interface PresignedUrls {
  /** part number (as a string key, like the API) -> URL */
  urls: Record<string, string>;
  /** Epoch ms after which the URLs stop working. */
  expiresAt: number;
}

export interface Presigner {
  /** Throws HttpError / NetworkError (see upload-errors.ts). */
  presign(partNumbers: number[], signal: AbortSignal): Promise<PresignedUrls>;
}

/** What a part's bytes can be: a Blob in the browser (IndexedDB), a Uint8Array in Node. */
export type PartBytes = Blob | Uint8Array;

export function byteLength(bytes: PartBytes): number {
  return bytes instanceof Uint8Array ? bytes.byteLength : bytes.size;
}

export interface PartTransport {
  /** PUT the bytes to a presigned URL; resolve with the ETag (quotes included, as sent).
   *  Throws HttpError(status) / NetworkError / MissingEtagError; must honour `signal`. */
  put(url: string, body: PartBytes, signal: AbortSignal): Promise<string>;
}

export interface PartSource {
  /** The bytes of part n (expected `size` bytes), read just before sending. */
  readPart(partNumber: number, size: number, signal: AbortSignal): Promise<PartBytes>;
}

export interface Connectivity {
  isOnline(): boolean;
  /** Resolves when back online; rejects when `signal` aborts. */
  waitOnline(signal: AbortSignal): Promise<void>;
}

export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}
