/**
 * Changing a recording while it uploads (today: its title), on an update-recording message from the
 * popup: PATCH /api/recordings/:id with the patch as one object and the recording's upload token
 * (kept in its IndexedDB record, which only the recorder opens), then the local record gets what
 * the server settled on. Once the upload is complete the upload token no longer changes anything
 * (issue 13): the popup renames finished recordings with the person's token through the service
 * worker (background/manage-recording.ts). No chrome.* APIs: tested in Node with fake-indexeddb.
 */
import { MAX_TITLE_LENGTH, type UpdateRecordingResponse } from '../../../api';
import type { ChunkSpool } from '../core/chunk-spool';
import { ApiClient } from '../shared/api-client';
import { HttpError, NetworkError } from '../core/upload-errors';
import type { RecordingPatch, UpdateResult } from '../shared/messages';

/** A refused update, with a sentence for the user. */
export class UpdateError extends Error {
  override readonly name = 'UpdateError';
}

export interface UpdateDeps {
  spool: Pick<ChunkSpool, 'getRecording' | 'updateRecording'>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** The title as typed, trimmed; an UpdateError when it cannot be sent. */
export function cleanTitle(input: string): string {
  const title = input.trim();
  if (title === '') throw new UpdateError('Enter a title.');
  if (title.length > MAX_TITLE_LENGTH) throw new UpdateError(`A title has at most ${MAX_TITLE_LENGTH} characters.`);
  return title;
}

/** Updates on the server, then locally; resolves with the server's view of the recording. */
export async function updateRecording(localId: string, patch: RecordingPatch, deps: UpdateDeps): Promise<UpdateRecordingResponse> {
  const clean: RecordingPatch = patch.title === undefined ? patch : { ...patch, title: cleanTitle(patch.title) };
  const record = await deps.spool.getRecording(localId);
  if (!record) throw new UpdateError('This recording is no longer on this computer.');
  if (!record.serverId || !record.uploadToken) {
    throw new UpdateError('This recording is not on the server yet. Try again once it uploads.');
  }
  if (record.status === 'done') throw new UpdateError('This recording has finished uploading: sign in to rename it.');
  const client = new ApiClient({ serverUrl: record.serverUrl, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  let updated: UpdateRecordingResponse;
  try {
    updated = await client.updateRecording(record.serverId, record.uploadToken, clean);
  } catch (error) {
    throw new UpdateError(updateFailure(error));
  }
  await deps.spool.updateRecording(localId, { title: updated.title });
  return updated;
}

/** The update-recording message's reply: never throws. */
export async function answerUpdate(localId: string, patch: RecordingPatch, deps: UpdateDeps): Promise<UpdateResult> {
  try {
    return { ok: true, recording: await updateRecording(localId, patch, deps) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function updateFailure(error: unknown): string {
  if (error instanceof NetworkError) return 'Could not reach the server. Check your connection and try again.';
  if (error instanceof HttpError) {
    if (error.status === 404) return 'This recording is no longer on the server.';
    if (error.status === 401 || error.status === 403) return 'The server did not accept this recording’s key.';
    return `The server refused the new title: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
