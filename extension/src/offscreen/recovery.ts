/**
 * Finishing recordings that were interrupted (browser closed, extension reloaded, crash, server
 * away): for every unfinished record not owned by a live session —
 *   still 'recording' → finalize it with what was spooled (transform restored from the record);
 *   probe the server (ListParts / metadata) → planRecovery → act:
 *   resume the upload of the missing parts and complete, create the server recording first if it
 *   never was, mark done, or keep the local copy with a reason (gone / unrecoverable / retry later).
 * Uploads run in the background; `recoverAll` answers once every record has a plan.
 */
import type { ChunkSpool, RecordingRecord } from '../core/chunk-spool';
import type { AcknowledgedPart } from '../core/part-cutter';
import { planRecovery, type RecoveryPlan } from '../core/recovery-plan';
import { probeServerUpload } from './recovery-probe';
import type { Clock, Connectivity, PartTransport } from '../core/upload-ports';
import { ApiClient } from '../shared/api-client';
import type { BackgroundMessage, RecoverResult, ServerConfig } from '../shared/messages';
import type { RecorderError } from '../shared/recorder-status';
import { ChunkWriter } from './chunk-writer';
import { completeUpload, recordFailure } from './complete-upload';
import { fromPatchRecord } from '../core/recorder/header-patch';
import { unauthorizedError, uploadGoneError } from '../core/recorder/recorder-errors';
import { deleteOnServer } from './server-calls';
import { UploadPipeline, type CreateParams } from './upload-pipeline';

export interface RecoveryDeps {
  spool: ChunkSpool;
  clock: Clock;
  notify(message: BackgroundMessage): void;
  /** A live session or another recovery owns the record. */
  isClaimed(localId: string): boolean;
  claim(localId: string): void;
  release(localId: string): void;
  transport?: PartTransport;
  connectivity?: Connectivity;
}

interface Job {
  abort: AbortController;
  pipeline?: UploadPipeline;
  done: Promise<void>;
}

/** Part 1 acknowledged as the head object, if it went up early. */
function headOf(record: RecordingRecord): { head?: AcknowledgedPart } {
  const head = record.acknowledgedParts.find((a) => a.partNumber === 1 && a.head);
  return head ? { head } : {};
}

function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

export class Recovery {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly deps: RecoveryDeps) {}

  /** Uploads still running in the background (tests, shutdown). */
  running(): Promise<void[]> {
    return Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  /** Stop the background upload of one record (it is being deleted). */
  async abortJob(localId: string): Promise<void> {
    const job = this.jobs.get(localId);
    if (!job) return;
    job.abort.abort();
    await job.pipeline?.abort();
    await job.done.catch(() => undefined);
  }

  async recoverAll(server?: ServerConfig): Promise<RecoverResult> {
    const result: RecoverResult = { found: 0, resumed: 0, completed: 0, gone: 0 };
    const records = await this.deps.spool.listUnfinished();
    for (const record of records) {
      if (this.deps.isClaimed(record.localId)) {
        // Already finishing in the background (e.g. started by the document's own recovery).
        if (this.jobs.has(record.localId)) {
          result.found++;
          result.resumed++;
        }
        continue;
      }
      this.deps.claim(record.localId);
      let keepClaim = false;
      try {
        if (record.pendingDelete) {
          await this.retryDelete(record);
          continue;
        }
        result.found++;
        const outcome = await this.recoverOne(record, server);
        if (outcome === 'resumed') {
          result.resumed++;
          keepClaim = true; // released when the background job ends
        } else if (outcome === 'completed') result.completed++;
        else if (outcome === 'gone') result.gone++;
      } catch (error) {
        console.warn('Reelay recovery of', record.localId, 'failed:', error);
      } finally {
        if (!keepClaim) this.deps.release(record.localId);
      }
    }
    return result;
  }

  private async recoverOne(
    initial: RecordingRecord,
    server: ServerConfig | undefined,
  ): Promise<'resumed' | 'completed' | 'gone' | 'waiting' | 'discarded' | 'failed'> {
    const { spool } = this.deps;
    const record = initial.finalized ? initial : await this.finalizeInterrupted(initial);
    const client = new ApiClient({ serverUrl: record.serverUrl });
    const state = await probeServerUpload(client, record);
    const plan = planRecovery(
      {
        ...(record.serverId !== undefined ? { serverId: record.serverId } : {}),
        ...(record.shareUrl !== undefined ? { shareUrl: record.shareUrl } : {}),
        bytesSpooled: record.bytesSpooled,
        finalized: record.finalized,
        retainedChunks: await spool.listChunks(record.localId),
        ...headOf(record),
      },
      state,
    );
    return this.act(record, plan, client, server);
  }

  private async act(
    record: RecordingRecord,
    plan: RecoveryPlan,
    client: ApiClient,
    server: ServerConfig | undefined,
  ): Promise<'resumed' | 'completed' | 'gone' | 'waiting' | 'discarded' | 'failed'> {
    const { spool, clock } = this.deps;
    const localId = record.localId;
    switch (plan.action) {
      case 'mark-done':
        await spool.updateRecording(localId, { status: 'done', ...(plan.shareUrl ? { shareUrl: plan.shareUrl } : {}) });
        await spool.purgeChunks(localId);
        return 'completed';
      case 'resume':
        this.startJob(record, client, {
          link: { serverId: record.serverId!, uploadToken: record.uploadToken!, ...(record.shareUrl ? { shareUrl: record.shareUrl } : {}) },
          acknowledged: plan.acknowledged,
        });
        return 'resumed';
      case 'create-and-upload': {
        if (!server || !sameServer(server.url, record.serverUrl)) {
          await this.markWaiting(record);
          return 'waiting'; // needs the API token of its server: the next `recover` with it
        }
        const create: CreateParams = { apiToken: server.apiToken, title: record.title, mimeType: record.mimeType };
        this.startJob(record, client, { create });
        return 'resumed';
      }
      case 'discard':
        if (record.serverId && record.uploadToken) {
          await deleteOnServer(client, { serverId: record.serverId, uploadToken: record.uploadToken }, {
            clock,
            signal: new AbortController().signal,
            maxAttempts: 1,
          }).catch(() => undefined);
        }
        await spool.deleteRecording(localId);
        return 'discarded';
      case 'retry-later':
        await this.markWaiting(record);
        return 'waiting';
      case 'gone': {
        const error: RecorderError = plan.reason === 'unauthorized' ? unauthorizedError(record.serverUrl) : uploadGoneError();
        await spool.updateRecording(localId, { status: 'gone', error });
        return 'gone';
      }
      case 'unrecoverable':
        await spool.updateRecording(localId, {
          status: 'failed',
          error: {
            code: 'upload_failed',
            message: `The server lost part(s) ${plan.missingParts.join(', ')} of this recording, and they are no longer on this computer.`,
            hint: '',
          },
        });
        return 'failed';
    }
  }

  /** The recorder never stopped: end the stream at the last spooled chunk. */
  private async finalizeInterrupted(record: RecordingRecord): Promise<RecordingRecord> {
    const { spool } = this.deps;
    const stoppedAt = record.stoppedAt ?? record.updatedAt;
    await spool.updateRecording(record.localId, { stoppedAt });
    const writer = ChunkWriter.resume({ spool, localId: record.localId }, record);
    const { record: finalized } = await writer.finalize({ status: 'interrupted' });
    return finalized;
  }

  private async markWaiting(record: RecordingRecord): Promise<void> {
    if (record.status !== 'interrupted') await this.deps.spool.updateRecording(record.localId, { status: 'interrupted' });
  }

  private startJob(
    record: RecordingRecord,
    client: ApiClient,
    server: Pick<ConstructorParameters<typeof UploadPipeline>[0], 'link' | 'create' | 'acknowledged'>,
  ): void {
    const { spool, clock } = this.deps;
    const localId = record.localId;
    const abort = new AbortController();
    const pipeline = new UploadPipeline({
      spool,
      localId,
      client,
      ...server,
      bytesSpooled: record.bytesSpooled,
      finalized: true,
      headerPatch: record.headerPatch ? fromPatchRecord(record.headerPatch) : null,
      clock,
      ...(this.deps.transport ? { transport: this.deps.transport } : {}),
      ...(this.deps.connectivity ? { connectivity: this.deps.connectivity } : {}),
    });
    const job: Job = { abort, pipeline, done: Promise.resolve() };
    job.done = (async () => {
      try {
        await spool.updateRecording(localId, { status: 'uploading' });
        pipeline.start();
        const meta = {
          durationMs: record.durationMs,
          ...(record.width ? { width: record.width } : {}),
          ...(record.height ? { height: record.height } : {}),
        };
        const { shareUrl } = await completeUpload({ spool, client, clock, signal: abort.signal }, localId, pipeline, meta);
        this.deps.notify({ target: 'background', type: 'recording-recovered', data: { shareUrl } });
      } catch (error) {
        if (!abort.signal.aborted) await recordFailure(spool, localId, error);
      } finally {
        this.jobs.delete(localId);
        this.deps.release(localId);
      }
    })();
    this.jobs.set(localId, job);
  }

  private async retryDelete(record: RecordingRecord): Promise<void> {
    const client = new ApiClient({ serverUrl: record.serverUrl });
    if (record.serverId && record.uploadToken) {
      await deleteOnServer(client, { serverId: record.serverId, uploadToken: record.uploadToken }, {
        clock: this.deps.clock,
        signal: new AbortController().signal,
        maxAttempts: 1,
      });
    }
    await this.deps.spool.deleteRecording(record.localId);
  }
}
