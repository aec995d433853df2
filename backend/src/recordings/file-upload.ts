/**
 * A video file uploaded from the library ("Upload a video"), on the recordings' own protocol
 * (create → presign parts → PUT → complete): what differs from a recording made by the extension.
 * - At create: the declared size against UPLOAD_MAX_BYTES (413), the title from the file's name;
 *   the object's Content-Type is the type the browser sniffed (video/mp4, video/webm, video/quicktime).
 * - At complete: no head (part 1 is a plain part: no WebM header to patch), the parts must hold
 *   exactly the declared size, and once S3 has assembled the object its first bytes are read back
 *   and sniffed (file-type): anything but the declared video type is deleted and refused (415).
 */
import { fileTypeFromBuffer } from 'file-type';
import { FILE_SNIFF_BYTES, fileVideoType, MAX_FILE_BYTES, type CompleteRecordingRequest, type FileUploadRequest } from '../../../api';
import { ApiError, badRequest } from '../http/errors';
import { recordingPrefix, videoKey } from './keys';
import type { PendingUpload } from './schemas';
import type { RecordingStore } from './store';

export { DEFAULT_UPLOAD_MAX_BYTES } from '../config';

/** "Team demo.final.mp4" → "Team demo.final"; a name that is only an extension stays as it is. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).trim();
}

/** "5 GiB", "750 MiB": a limit in the words people read. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** What create stores for a file: its title and facts; 413 when it is larger than the server takes. */
export function fileRecording(
  req: { title?: string | undefined; mimeType: string; file: FileUploadRequest },
  maxBytes: number,
): { title: string; mimeType: string; file: { name: string; size: number } } {
  const limit = Math.min(maxBytes, MAX_FILE_BYTES);
  if (req.file.size > limit) {
    throw new ApiError(
      413,
      'payload_too_large',
      `This file is ${formatBytes(req.file.size)}; this server takes video files of at most ${formatBytes(limit)}.`,
    );
  }
  return { title: req.title || titleFromFileName(req.file.name), mimeType: req.mimeType, file: req.file };
}

/** At complete, first: a file has no head (its part 1 is a plain part, nothing to patch). */
export function checkFileRequest(upload: PendingUpload, req: CompleteRecordingRequest): void {
  if (upload.file && req.head) throw badRequest('invalid_request', 'head: a video file has no head; list part 1 like the other parts');
}

/** Before CompleteMultipartUpload: a file's parts hold exactly its declared size. */
export function checkFileSize(upload: PendingUpload, size: number): void {
  if (upload.file && size !== upload.file.size) {
    throw badRequest('invalid_request', `parts: the parts hold ${size} bytes; the file has ${upload.file.size} bytes`);
  }
}

/**
 * After CompleteMultipartUpload: the stored object's first bytes must be the declared video type.
 * Otherwise everything of the recording is deleted and the client told why (415).
 */
export async function verifyFileContent(store: RecordingStore, upload: PendingUpload): Promise<void> {
  if (!upload.file) return;
  const head = await store.getBytes(videoKey(upload.id), FILE_SNIFF_BYTES);
  const sniffed = head ? await fileTypeFromBuffer(head) : undefined;
  const type = fileVideoType(sniffed?.mime);
  if (type === upload.mimeType) return;
  await store.deletePrefix(recordingPrefix(upload.id));
  const what = type ? `a ${type} video, not ${upload.mimeType}` : sniffed ? `not a video (it looks like ${sniffed.mime})` : 'not a video';
  throw new ApiError(415, 'unsupported_media_type', `"${upload.file.name}" is ${what}. Choose an MP4, WebM or MOV video file.`);
}
