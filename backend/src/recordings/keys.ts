/**
 * Object layout in the bucket; everything about a recording lives under its prefix:
 *   recordings/<id>/video        the video (multipart upload target, Content-Type set at create)
 *   recordings/<id>/upload.json  pending: { uploadId, createdAt, title, mimeType }
 *   recordings/<id>/meta.json    finished: written only after CompleteMultipartUpload succeeded
 *   recordings/<id>/thumbnail    optional poster image (PUT by the extension through a presigned URL)
 */
export const RECORDINGS_PREFIX = 'recordings/';

export const recordingPrefix = (id: string) => `${RECORDINGS_PREFIX}${id}/`;
export const videoKey = (id: string) => `${recordingPrefix(id)}video`;
export const pendingKey = (id: string) => `${recordingPrefix(id)}upload.json`;
export const metaKey = (id: string) => `${recordingPrefix(id)}meta.json`;
export const thumbnailKey = (id: string) => `${recordingPrefix(id)}thumbnail`;

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
