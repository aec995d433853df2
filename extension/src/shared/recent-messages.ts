/**
 * The Recent list's messages (part of the typed contract in messages.ts, which re-exports these).
 * A finished recording is managed with the person's identity (the connection's personal token),
 * by the service worker: its upload token stops working once the upload is complete. Pure types.
 */
import type { UpdateRecordingRequest, UpdateRecordingResponse } from '../../../api';
import type { RecentRecording } from './recorder-status';

/** Editable fields of a recording: the API's PATCH body, passed on as one object. */
export type RecordingPatch = UpdateRecordingRequest;

/** Reply to update-recording: the server's view of the recording, or why it failed in words. */
export type UpdateResult = { ok: true; recording: UpdateRecordingResponse } | { ok: false; message: string };

export interface ListRecentResult {
  recordings: RecentRecording[];
}

/** Reply of a change on the server: done, or why not in plain words (what to do included). */
export type ManageResult = { ok: true } | { ok: false; message: string };

/** target 'background': a finished recording, changed on the server as the signed-in person. */
export interface RecentBackgroundMessages {
  /** DELETE /api/recordings/:id with the personal token (the video goes for everyone), then forgets it locally. */
  'delete-for-everyone': { data: { localId: string; recordingId: string }; response: ManageResult };
  /** PATCH /api/recordings/:id with the personal token. */
  'rename-on-server': { data: { recordingId: string; title: string }; response: UpdateResult };
}

export const RECENT_BACKGROUND_TYPES = {
  'delete-for-everyone': true,
  'rename-on-server': true,
} as const satisfies Record<keyof RecentBackgroundMessages, true>;
