/**
 * A finished recording in the Recent list, changed on the server as the signed-in person (the
 * connection's personal token): Delete (the video goes for everyone with the link) and Rename.
 * The recording's upload token only drives its upload. After a delete the recorder forgets the
 * local record (its own delete-recording, which leaves a finished recording's server copy alone).
 */
import { MAX_TITLE_LENGTH } from '../../../api';
import { ApiClient } from '../shared/api-client';
import { HttpError, NetworkError } from '../core/upload-errors';
import { message, type ManageResult, type UpdateResult } from '../shared/messages';
import { sendToOffscreen } from '../shared/offscreen-document';
import { loadConnection } from '../shared/settings';
import type { Connection } from '../shared/connection';
import { forgetTitle, rememberTitle } from '../shared/recent-titles';

export async function deleteForEveryone(localId: string, recordingId: string): Promise<ManageResult> {
  const connection = await loadConnection();
  if (!connection) return { ok: false, message: 'Sign in to delete this recording from the server.' };
  try {
    await client(connection).deleteRecording(recordingId, connection.apiToken);
  } catch (error) {
    // Already gone from the server: forgetting it here is all that is left.
    if (!(error instanceof HttpError && error.status === 404)) return { ok: false, message: failure(error, 'delete') };
  }
  const forgotten = await sendToOffscreen(message('offscreen', 'delete-recording', { localId }));
  if (!forgotten.ok) return { ok: false, message: `Deleted from the server, but not from this list: ${forgotten.error.message}` };
  await forgetTitle(recordingId);
  return { ok: true };
}

export async function renameOnServer(recordingId: string, title: string): Promise<UpdateResult> {
  const clean = title.trim();
  if (clean === '') return { ok: false, message: 'Enter a title.' };
  if (clean.length > MAX_TITLE_LENGTH) return { ok: false, message: `A title has at most ${MAX_TITLE_LENGTH} characters.` };
  const connection = await loadConnection();
  if (!connection) return { ok: false, message: 'Sign in to rename this recording.' };
  try {
    const recording = await client(connection).updateRecording(recordingId, connection.apiToken, { title: clean });
    await rememberTitle(recordingId, recording.title);
    return { ok: true, recording };
  } catch (error) {
    return { ok: false, message: failure(error, 'rename') };
  }
}

function client(connection: Connection): ApiClient {
  return new ApiClient({ serverUrl: connection.serverUrl, timeoutMs: 15_000 });
}

/** Why it failed, and what to do, in plain words. */
function failure(error: unknown, what: 'delete' | 'rename'): string {
  if (error instanceof NetworkError) return 'Could not reach the server. Check your connection and try again.';
  if (error instanceof HttpError) {
    if (error.status === 401) return `Sign in again to ${what} this recording: the server no longer accepts this browser’s token.`;
    if (error.status === 403) return `Only the person who made this recording, or an admin, can ${what} it. Sign in as them to ${what} it.`;
    if (error.status === 404) return 'This recording is no longer on the server.';
    return `The server refused: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
