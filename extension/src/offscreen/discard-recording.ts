/**
 * Removing a recording everywhere (cancel, delete): abort/delete it on the server, then delete the
 * local chunks and record. If the server cannot be reached, the media bytes go anyway and a
 * tombstone record (pendingDelete) stays, so recovery retries the DELETE later.
 */
import type { ChunkSpool } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import type { ApiClient } from '../shared/api-client';
import { deleteOnServer } from './server-calls';

export async function discardRecording(options: {
  spool: ChunkSpool;
  localId: string;
  client: ApiClient;
  clock: Clock;
  /** The server recording to delete, if there is one. */
  link?: { serverId: string; uploadToken: string } | undefined;
  maxAttempts?: number;
}): Promise<void> {
  const { spool, localId, client, clock, link } = options;
  let serverDeleted = true;
  if (link) {
    serverDeleted = await deleteOnServer(client, link, {
      clock,
      signal: new AbortController().signal,
      maxAttempts: options.maxAttempts ?? 3,
    }).then(
      () => true,
      () => false,
    );
  }
  if (serverDeleted) {
    await spool.deleteRecording(localId);
    return;
  }
  await spool.purgeChunks(localId);
  await spool.updateRecording(localId, { pendingDelete: true, status: 'interrupted' });
}
