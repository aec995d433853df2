/**
 * The part of starting a recording that sets up where its bytes go: the local record, the spool
 * writer (every chunk is written to IndexedDB first) and the upload pipeline, which creates the
 * server recording at once so the first part can go up during the countdown. Kept apart from the
 * session's phases (recorder-session.ts) so each reads on its own.
 */
import { newSessionRecord } from '../core/recorder/session-record';
import { storageError } from '../core/recorder/recorder-errors';
import type { ApiClient } from '../shared/api-client';
import type { RecorderError, RecordingSource } from '../shared/recorder-status';
import { ChunkWriter } from './chunk-writer';
import type { SessionDeps } from './recorder-session';
import { UploadPipeline } from './upload-pipeline';

export interface RecordingSetup {
  localId: string;
  client: ApiClient;
  apiToken: string;
  title: string;
  mimeType: string;
  bitrate: number;
  source: RecordingSource;
}

/** How the writer and the pipeline report back to the session. */
export interface SetupHooks {
  /** Recorded time so far, saved with every chunk. */
  elapsed(): number;
  onWriteError(error: unknown): void;
  onChange(): void;
  onFailure(error: RecorderError): void;
}

export interface RecordingParts {
  writer: ChunkWriter;
  pipeline: UploadPipeline;
}

/** Creates the local record, the writer and the started pipeline; a storage error if the record cannot be written. */
export async function setUpRecording(
  deps: Pick<SessionDeps, 'spool' | 'factory' | 'clock' | 'upload'>,
  setup: RecordingSetup,
  hooks: SetupHooks,
): Promise<RecordingParts | { error: RecorderError }> {
  const { spool, factory } = deps;
  const { localId, client, title, mimeType } = setup;
  try {
    await spool.createRecording(
      newSessionRecord({ localId, serverUrl: client.serverUrl, mimeType, title, source: setup.source, bitrate: setup.bitrate, factory }),
    );
  } catch (error) {
    return { error: storageError(error) };
  }
  let pipeline: UploadPipeline | undefined;
  const writer = ChunkWriter.fresh({
    spool,
    localId,
    factory,
    chunkPatch: () => ({ durationMs: hooks.elapsed() }),
    onSpooled: (bytes, written) => pipeline?.spooled(bytes, written),
    onWriteError: hooks.onWriteError,
  });
  pipeline = new UploadPipeline({
    spool,
    localId,
    client,
    create: { apiToken: setup.apiToken, title, mimeType },
    heldParts: factory.heldParts,
    // Part 1 goes up as soon as it exists; the server applies its header patch at complete.
    earlyHead: factory.heldParts.includes(1),
    ...deps.upload,
    clock: deps.upload?.clock ?? deps.clock,
    onChange: hooks.onChange,
    onFailure: hooks.onFailure,
  });
  pipeline.start();
  return { writer, pipeline };
}
