/**
 * zod schemas of the JSON objects the backend keeps in the bucket. (Request and response bodies
 * are the API contract's, in api/.)
 */
import { z } from 'zod';
import { recordingMetadataSchema } from '../../../api';

/** recordings/<id>/upload.json */
export const pendingUploadSchema = z.object({
  id: z.string(),
  uploadId: z.string().min(1),
  createdAt: z.string(),
  title: z.string(),
  mimeType: z.string(),
  /** Told by the recorder at Stop (POST stopped): what the upload will hold in all, and how long it is. */
  totalBytes: z.number().optional(),
  durationMs: z.number().optional(),
  /** A video file uploaded from the library (recordings/file-upload.ts): checked by its bytes at complete. */
  file: z.object({ name: z.string(), size: z.number() }).optional(),
});
export type PendingUpload = z.infer<typeof pendingUploadSchema>;

/** recordings/<id>/meta.json: the public metadata less its short-lived video URL, plus when it completed. */
export const storedRecordingSchema = recordingMetadataSchema.omit({ videoUrl: true }).extend({ completedAt: z.string() });
export type StoredRecording = z.infer<typeof storedRecordingSchema>;
