/**
 * zod schemas of the JSON objects the backend keeps in the bucket. (Request and response bodies
 * are the API contract's, in api/.)
 */
import { z } from 'zod';

/** recordings/<id>/upload.json */
export const pendingUploadSchema = z.object({
  id: z.string(),
  uploadId: z.string().min(1),
  createdAt: z.string(),
  title: z.string(),
  mimeType: z.string(),
});
export type PendingUpload = z.infer<typeof pendingUploadSchema>;

/** recordings/<id>/meta.json */
export const storedRecordingSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  completedAt: z.string(),
  durationMs: z.number(),
  size: z.number(),
  mimeType: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
});
export type StoredRecording = z.infer<typeof storedRecordingSchema>;
