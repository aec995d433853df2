/**
 * The file's type by its first bytes (file-type, the same check the server makes at complete),
 * before anything is uploaded: a quick, clear error for a file that is not an MP4, WebM or MOV.
 * Pure: bytes in, verdict out.
 */
import { fileTypeFromBuffer } from 'file-type';
import { FILE_SNIFF_BYTES, fileVideoType, type FileVideoType } from '../../../api/limits';

export { FILE_SNIFF_BYTES };

export type SniffResult = { ok: true; mimeType: FileVideoType } | { ok: false; message: string };

export async function sniffVideo(name: string, head: Uint8Array): Promise<SniffResult> {
  const sniffed = head.byteLength > 0 ? await fileTypeFromBuffer(head) : undefined;
  const mimeType = fileVideoType(sniffed?.mime);
  if (mimeType) return { ok: true, mimeType };
  const what = sniffed ? `a ${sniffed.ext.toUpperCase()} file` : head.byteLength === 0 ? 'empty' : 'not a video Reelay can play';
  return { ok: false, message: `“${name}” is ${what}. Choose an MP4, WebM or MOV video file.` };
}
