/**
 * Object layout in the bucket; everything about a recording lives under its prefix:
 *   recordings/<id>/video        the video (multipart upload target, Content-Type set at create)
 *   recordings/<id>/upload.json  pending: { uploadId, createdAt, title, mimeType, totalBytes?, durationMs? (told at Stop) }
 *   recordings/<id>/meta.json    finished: written only after CompleteMultipartUpload succeeded
 *   recordings/<id>/thumbnail    optional poster image (PUT by the extension through a presigned URL)
 *   recordings/<id>/head         pending: the first PART_SIZE bytes, PUT early by the extension; at
 *                                complete the server patches them into part 1 and deletes this
 */
export const RECORDINGS_PREFIX = 'recordings/';

export const recordingPrefix = (id: string) => `${RECORDINGS_PREFIX}${id}/`;
export const videoKey = (id: string) => `${recordingPrefix(id)}video`;
export const pendingKey = (id: string) => `${recordingPrefix(id)}upload.json`;
export const metaKey = (id: string) => `${recordingPrefix(id)}meta.json`;
export const thumbnailKey = (id: string) => `${recordingPrefix(id)}thumbnail`;
export const headKey = (id: string) => `${recordingPrefix(id)}head`;

/** The recording id of a video key, or undefined for keys outside the layout. */
export function idFromVideoKey(key: string): string | undefined {
  const m = /^recordings\/([A-Za-z0-9_-]{22})\/video$/.exec(key);
  return m?.[1];
}

/** The recording id of any key under recordings/<id>/, or undefined for keys outside the layout. */
export function idFromKey(key: string): string | undefined {
  const m = /^recordings\/([A-Za-z0-9_-]{22})\//.exec(key);
  return m?.[1];
}
