/**
 * Renaming a recording from the popup: PATCH /api/recordings/:id with the recording's upload
 * token (kept in its IndexedDB record, which the popup can read: same extension origin), then the
 * local record gets the title the server settled on. No chrome.* APIs: tested in Node.
 */
import { MAX_TITLE_LENGTH } from '../../../api';
import type { ChunkSpool } from '../core/chunk-spool';
import { ApiClient, ApiError, ServerUnreachableError } from '../shared/api-client';

export class RenameError extends Error {
  override readonly name = 'RenameError';
}

export interface RenameDeps {
  spool: Pick<ChunkSpool, 'getRecording' | 'updateRecording'>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** The title as typed, trimmed; a RenameError when it cannot be sent. */
export function cleanTitle(input: string): string {
  const title = input.trim();
  if (title === '') throw new RenameError('Enter a title.');
  if (title.length > MAX_TITLE_LENGTH) throw new RenameError(`A title has at most ${MAX_TITLE_LENGTH} characters.`);
  return title;
}

/** Renames on the server, then locally; resolves with the title the server stored. */
export async function renameRecording(localId: string, input: string, deps: RenameDeps): Promise<string> {
  const title = cleanTitle(input);
  const record = await deps.spool.getRecording(localId);
  if (!record) throw new RenameError('This recording is no longer on this computer.');
  if (!record.serverId || !record.uploadToken) {
    throw new RenameError('This recording is not on the server yet. Try again once it uploads.');
  }
  const client = new ApiClient({ serverUrl: record.serverUrl, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  let saved: string;
  try {
    saved = (await client.updateRecording(record.serverId, record.uploadToken, { title })).title;
  } catch (error) {
    throw new RenameError(renameFailure(error));
  }
  await deps.spool.updateRecording(localId, { title: saved });
  return saved;
}

function renameFailure(error: unknown): string {
  if (error instanceof ServerUnreachableError) return 'Could not reach the server. Check your connection and try again.';
  if (error instanceof ApiError) {
    if (error.status === 404) return 'This recording is no longer on the server.';
    if (error.status === 401 || error.status === 403) return 'The server did not accept this recording’s key.';
    return `The server refused the new title: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
