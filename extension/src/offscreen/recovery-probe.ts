/**
 * Ask the backend where an interrupted upload stands (input for planRecovery).
 *   ListParts 200            → open (with the parts)
 *   ListParts 409            → completed ("already_completed")
 *   ListParts 404 + GET 200  → completed (metadata exists)
 *   ListParts 404 + GET 404  → gone (aborted or swept)
 *   401 / 403                → unauthorized
 *   no answer / 5xx / other  → unreachable (decide nothing destructive)
 */
import { isTransientFailure } from '../core/retry';
import { HttpError } from '../core/upload-errors';
import type { ApiClient } from '../shared/api-client';
import type { ServerUploadState } from '../core/recovery-plan';

export async function probeServerUpload(
  client: Pick<ApiClient, 'listParts' | 'getRecording'>,
  record: { serverId?: string | undefined; uploadToken?: string | undefined },
  signal?: AbortSignal,
): Promise<ServerUploadState> {
  const { serverId, uploadToken } = record;
  if (!serverId || !uploadToken) return { kind: 'not-created' };
  try {
    const { parts } = await client.listParts(serverId, uploadToken, signal);
    return { kind: 'open', parts };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof HttpError && error.status === 409) return { kind: 'completed' };
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return { kind: 'unauthorized' };
    if (!(error instanceof HttpError) || error.status !== 404 || isTransientFailure(error)) return { kind: 'unreachable' };
  }
  try {
    await client.getRecording(serverId, signal);
    return { kind: 'completed' };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof HttpError && error.status === 404) return { kind: 'gone' };
    return { kind: 'unreachable' };
  }
}
