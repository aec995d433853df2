/**
 * The offscreen document's message handlers: at most one recording session at a time, the status
 * (get-status + broadcasts), the recent list, deleting and updating (renaming) local recordings
 * (the popup reaches a recording only through these messages), and recovery (on request
 * from the service worker, when the document starts, and every minute while something waits).
 */
import { isUnfinished, toRecentRecording, type ChunkSpool } from '../core/chunk-spool';
import { systemClock } from './system-ports';
import type { Clock } from '../core/upload-ports';
import { ApiClient } from '../shared/api-client';
import type { BackgroundMessage, CommandResult, MessageHandlers, RecoverResult, ServerConfig } from '../shared/messages';
import { noRecordingError } from '../core/recorder/recorder-errors';
import { RecorderSession, type SessionDeps } from './recorder-session';
import { watchMaxLength } from './max-length';
import { Recovery } from './recovery';
import { discardRecording } from './discard-recording';
import { answerUpdate } from './update-recording';
import type { StatusPublisher } from './status-publisher';
import { ACTIVE_TRANSFORM, type StreamTransformFactory } from '../core/transforms';

export interface ControllerDeps {
  spool: Promise<ChunkSpool>;
  publisher: StatusPublisher;
  notify(message: BackgroundMessage): void;
  clock?: Clock;
  factory?: StreamTransformFactory;
  newLocalId?: () => string;
  /** Passed to sessions (tests: scripted media, short backoff). */
  media?: SessionDeps['media'];
  upload?: SessionDeps['upload'];
  /** The clipboard, to hand the link over at Stop (main.ts: the document's own). */
  linkAtStop?: SessionDeps['linkAtStop'];
}

/** How often waiting recordings are retried while the document lives. */
export const RECOVERY_RETRY_MS = 60_000;

export class RecorderController {
  private session: RecorderSession | undefined;
  private readonly claimed = new Set<string>();
  private recovery: Recovery | undefined;
  private lastServer: ServerConfig | undefined;
  private recovering: Promise<RecoverResult> | undefined;
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  private readonly clock: Clock;

  constructor(private readonly deps: ControllerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  readonly handlers: MessageHandlers<'offscreen'> = {
    'start-recording': async (data) => {
      if (this.session?.active) return { ok: false, error: { code: 'busy', message: 'A recording is already running.', hint: 'Stop or cancel it first.' } };
      this.lastServer = data.server;
      const spool = await this.deps.spool;
      const session = new RecorderSession({
        spool,
        publisher: this.deps.publisher,
        notify: this.deps.notify,
        clock: this.clock,
        factory: this.deps.factory ?? ACTIVE_TRANSFORM,
        newLocalId: this.deps.newLocalId ?? (() => crypto.randomUUID()),
        claim: (id) => this.claimed.add(id),
        ...(this.deps.media ? { media: this.deps.media } : {}),
        ...(this.deps.upload ? { upload: this.deps.upload } : {}),
        ...(this.deps.linkAtStop ? { linkAtStop: this.deps.linkAtStop } : {}),
        onEnded: (ended) => {
          this.claimed.delete(ended.localId);
          this.scheduleRetry();
        },
      });
      this.session = session;
      const result = await session.start(data);
      // The options page's or the server's Maximum length stops it through the normal Stop (max-length.ts).
      if (result.ok) {
        const { publisher, notify } = this.deps;
        watchMaxLength(data.options, { status: () => publisher.status(), stop: () => void session.stop(), notify, serverLimitMs: () => session.serverMaxLengthMs() });
      }
      return result;
    },
    'pause-recording': () => this.session?.pause() ?? notRecording(),
    'resume-recording': () => this.session?.resume() ?? notRecording(),
    'stop-recording': () => (this.session?.active ? this.session.stop() : notRecording()),
    'cancel-recording': () => (this.session?.active ? this.session.cancel() : notRecording()),
    'get-status': () => this.deps.publisher.status(),
    'list-recent': async () => {
      const spool = await this.deps.spool;
      const records = await spool.listRecordings();
      return { recordings: records.filter((r) => !r.pendingDelete).map(toRecentRecording) };
    },
    'delete-recording': ({ localId }) => this.deleteRecording(localId),
    'update-recording': async ({ localId, patch }) => answerUpdate(localId, patch, { spool: await this.deps.spool }),
    recover: ({ server }) => this.recover(server),
  };

  /** Background recovery uploads still running (tests). */
  async recoveryRunning(): Promise<void> {
    await (await this.getRecovery()).running();
  }

  /** Stop timers (tests). */
  dispose(): void {
    if (this.retryTimer !== undefined) clearInterval(this.retryTimer);
    this.retryTimer = undefined;
  }

  /**
   * Runs recovery once at a time. A request without settings joins a running pass; one that brings
   * server settings runs again after it (the running pass may have lacked the API token).
   */
  recover(server?: ServerConfig): Promise<RecoverResult> {
    if (server) this.lastServer = server;
    if (this.recovering && server) return this.recovering.catch(() => undefined).then(() => this.recover(server));
    this.recovering ??= (async () => {
      try {
        const recovery = await this.getRecovery();
        return await recovery.recoverAll(this.lastServer);
      } finally {
        this.recovering = undefined;
        this.scheduleRetry();
      }
    })();
    return this.recovering;
  }

  private async getRecovery(): Promise<Recovery> {
    const spool = await this.deps.spool;
    this.recovery ??= new Recovery({
      spool,
      clock: this.clock,
      notify: this.deps.notify,
      isClaimed: (id) => this.claimed.has(id),
      claim: (id) => this.claimed.add(id),
      release: (id) => this.claimed.delete(id),
      ...(this.deps.upload?.transport ? { transport: this.deps.upload.transport } : {}),
      ...(this.deps.upload?.connectivity ? { connectivity: this.deps.upload.connectivity } : {}),
    });
    return this.recovery;
  }

  private async deleteRecording(localId: string): Promise<CommandResult> {
    if (this.session?.active && this.session.localId === localId) return this.session.cancel();
    const spool = await this.deps.spool;
    await this.recovery?.abortJob(localId);
    const record = await spool.getRecording(localId);
    if (!record) return { ok: true };
    // An unfinished upload is aborted on the server; a finished recording stays shared.
    const unfinished = isUnfinished(record) && record.serverId && record.uploadToken;
    await discardRecording({
      spool,
      localId,
      client: new ApiClient({ serverUrl: record.serverUrl }),
      clock: this.clock,
      link: unfinished ? { serverId: record.serverId!, uploadToken: record.uploadToken! } : undefined,
      maxAttempts: 2,
    });
    return { ok: true };
  }

  /** While unfinished recordings wait (server away), try again every minute. */
  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return;
    this.retryTimer = setInterval(() => {
      void (async () => {
        const spool = await this.deps.spool;
        const waiting = (await spool.listUnfinished()).filter((r) => !this.claimed.has(r.localId));
        if (waiting.length === 0) {
          clearInterval(this.retryTimer);
          this.retryTimer = undefined;
          return;
        }
        await this.recover();
      })().catch((error: unknown) => console.warn('Reelay recovery retry failed:', error));
    }, RECOVERY_RETRY_MS);
  }
}

function notRecording(): CommandResult {
  return { ok: false, error: noRecordingError() };
}
