/** While recording / paused / finishing: timer, upload state and the controls. */
import type { ComponentChildren, JSX } from 'preact';
import type { RecorderStatus, UploadProgress } from '../shared/recorder-status';
import { ConfirmButton } from '../ui/ConfirmButton';
import { describeUpload, formatElapsed, maxLengthNote } from '../ui/format';
import type { RecorderCommand } from './recorder-client';
import { ShareResult } from './ShareResult';

type Active = Extract<RecorderStatus, { state: 'preparing' | 'countdown' | 'recording' | 'paused' | 'finishing' }>;

export interface ActiveRecordingProps {
  status: Active;
  /** Date.now() when the status arrived, and now: the timer runs on between updates. */
  receivedAt: number;
  now: number;
  pending: RecorderCommand | null;
  onCommand: (command: RecorderCommand) => void;
}

/** "Uploading — 2.1 MB to go" / "Up to date", and a warning while the server can't be reached (it goes away by itself). */
function UploadState({ upload, finishing = false }: { upload: UploadProgress; finishing?: boolean }): JSX.Element {
  const summary = describeUpload(upload, finishing);
  return (
    <div class="stack-tight small">
      <p>{summary.text}</p>
      {/* Always in the page, so screen readers announce the warning when it appears. */}
      <div role="alert">{summary.warning && <p class="alert alert-warn">{summary.warning}</p>}</div>
    </div>
  );
}

/**
 * The Maximum length (the options page's, or the server's if shorter): where it stops once the end
 * is within the hour, and the time left, in words, from 30 s before it (ui/format.ts maxLengthNote).
 */
function MaxLengthNote({ maxLengthMs, elapsedMs }: { maxLengthMs: number | undefined; elapsedMs: number }): JSX.Element | null {
  const note = maxLengthNote(maxLengthMs, elapsedMs);
  if (note.kind === 'none') return null;
  if (note.kind === 'where') return <p class="small muted">Stops on its own at {formatElapsed(note.maxLengthMs)} (maximum length).</p>;
  return (
    <p class="alert alert-warn small" role="timer" aria-live="off">
      Stops in {note.secondsLeft} s: the maximum length is {formatElapsed(note.maxLengthMs)}.
    </p>
  );
}

function CancelButton({ onCommand, disabled }: { onCommand: (c: RecorderCommand) => void; disabled: boolean }) {
  return (
    <ConfirmButton
      label="Cancel recording"
      class="btn btn-link btn-danger btn-wide"
      question="Discard this recording? Nothing will be kept."
      confirmLabel="Discard"
      keepLabel="Keep recording"
      disabled={disabled}
      onConfirm={() => onCommand('cancel-recording')}
    />
  );
}

/** Before recording (preparing, countdown): what happens, and the way out. */
function BeforeRecording({ children, onCommand, busy }: { children: ComponentChildren; onCommand: (c: RecorderCommand) => void; busy: boolean }) {
  return (
    <section class="stack" aria-label="Recording">
      {children}
      <div class="controls">
        <CancelButton onCommand={onCommand} disabled={busy} />
      </div>
    </section>
  );
}

export function ActiveRecording({ status, receivedAt, now, pending, onCommand }: ActiveRecordingProps): JSX.Element {
  const busy = pending !== null;
  switch (status.state) {
    case 'preparing':
      return (
        <BeforeRecording onCommand={onCommand} busy={busy}>
          <p class="muted" role="status">Getting ready… If Chrome asks what to share, pick it now.</p>
        </BeforeRecording>
      );
    case 'countdown':
      return (
        <BeforeRecording onCommand={onCommand} busy={busy}>
          <p class="countdown" role="timer" aria-live="assertive" aria-label={`Recording starts in ${status.secondsLeft}`}>
            {status.secondsLeft}
          </p>
          <p class="muted small" style="text-align:center">Recording starts in a moment</p>
        </BeforeRecording>
      );
    case 'finishing':
      return (
        <section class="stack" aria-label="Recording">
          {status.shareUrl !== undefined && <ShareResult shareUrl={status.shareUrl} heading="Your link" copiedAtStop={status.linkCopied} />}
          <p class="strong" role="status">Finishing upload…</p>
          <p class="muted small">
            {formatElapsed(status.elapsedMs)} recorded.{' '}
            {status.shareUrl !== undefined
              ? 'Keep the browser open until the upload finishes.'
              : 'Keep the browser open until the link is ready.'}
          </p>
          <div
            class="progress"
            role="progressbar"
            aria-label="Upload"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progressPercent(status.upload)}
          >
            <span style={`width:${progressPercent(status.upload)}%`} />
          </div>
          <UploadState upload={status.upload} finishing />
        </section>
      );
    case 'recording':
    case 'paused': {
      const paused = status.state === 'paused';
      const elapsed = paused ? status.elapsedMs : status.elapsedMs + Math.max(0, now - receivedAt);
      return (
        <section class="stack" aria-label="Recording">
          <div class="recording-head">
            <span class={`rec-dot ${paused ? 'paused' : 'live'}`} aria-hidden="true" />
            <span class="timer" role="timer" aria-label="Elapsed time">
              {formatElapsed(elapsed)}
            </span>
            <span class="badge" role="status">
              {paused ? 'Paused' : 'Recording'}
            </span>
          </div>
          <MaxLengthNote maxLengthMs={status.maxLengthMs} elapsedMs={elapsed} />
          <UploadState upload={status.upload} />
          <div class="controls">
            {paused ? (
              <button type="button" class="btn" disabled={busy} onClick={() => onCommand('resume-recording')}>
                Resume
              </button>
            ) : (
              <button type="button" class="btn" disabled={busy} onClick={() => onCommand('pause-recording')}>
                Pause
              </button>
            )}
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => onCommand('stop-recording')}>
              Stop
            </button>
            <CancelButton onCommand={onCommand} disabled={busy} />
          </div>
        </section>
      );
    }
  }
}

function progressPercent(upload: UploadProgress): number {
  if (upload.bytesRecorded <= 0) return 0;
  return Math.min(100, Math.round((upload.bytesUploaded / upload.bytesRecorded) * 100));
}
