/**
 * "Upload a video" in the library: a button that opens the file picker (MP4, WebM, MOV), then a
 * labelled progress bar with the percentage and megabytes, Cancel, and what happens in plain words
 * (checking the file, reconnecting after a network drop, resuming a file picked again after a
 * reload, errors with what to do). The work is file-uploader.ts; this is its face.
 * Who sees it: the signed-in person on their own "My recordings" (the page decides).
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { UploadAbortedError } from '../../../extension/src/core/upload-errors';
import { browserClock, browserConnectivity, browserResumeStore, InFlightBytes, xhrTransport } from './browser-ports';
import { uploadVideoFile, type FileToUpload, type UploadProgress } from './file-uploader';
import { uploadApi } from './upload-api';
import { progressWords, uploadErrorWords } from './upload-words';
import { probeVideo } from './video-probe';

type State =
  | { kind: 'idle' }
  | { kind: 'checking'; name: string }
  | { kind: 'uploading'; name: string; progress: UploadProgress }
  | { kind: 'finishing'; name: string }
  | { kind: 'done'; name: string; shareUrl: string }
  | { kind: 'failed'; message: string };

const ACCEPT = 'video/mp4,video/webm,video/quicktime,.mp4,.m4v,.webm,.mov';

function statusWords(state: State): string {
  switch (state.kind) {
    case 'checking':
      return `Checking “${state.name}”…`;
    case 'uploading': {
      const p = state.progress;
      if (p.offline) return 'You are offline. The upload continues when the connection is back.';
      if (p.reconnecting) return 'The connection was lost. Retrying…';
      return p.partsResumed > 0 ? `Resuming: ${p.partsResumed} of ${p.partsTotal} parts were already uploaded.` : '';
    }
    case 'finishing':
      return `Finishing “${state.name}”…`;
    case 'done':
      return `Uploaded “${state.name}”.`;
    default:
      return '';
  }
}

export function UploadVideo(props: { onUploaded(recording: { id: string; shareUrl: string }): void }): JSX.Element {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [inFlight, setInFlight] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // Only Cancel aborts: unmounting (e.g. switching the library's view) is not a cancel, like a reload is not.
  const running = useRef<AbortController | null>(null);

  async function start(file: FileToUpload) {
    const controller = new AbortController();
    running.current = controller;
    setState({ kind: 'checking', name: file.name });
    const bytes = new InFlightBytes(() => setInFlight(bytes.total));
    try {
      const uploaded = await uploadVideoFile(
        file,
        { api: uploadApi(), transport: xhrTransport(bytes), connectivity: browserConnectivity, clock: browserClock, resume: browserResumeStore(), probe: probeVideo },
        {
          signal: controller.signal,
          onProgress: (progress) =>
            setState(progress.bytesUploaded >= progress.bytesTotal ? { kind: 'finishing', name: file.name } : { kind: 'uploading', name: file.name, progress }),
        },
      );
      setState({ kind: 'done', name: file.name, shareUrl: uploaded.shareUrl });
      props.onUploaded({ id: uploaded.id, shareUrl: uploaded.shareUrl });
    } catch (error) {
      setState(error instanceof UploadAbortedError ? { kind: 'idle' } : { kind: 'failed', message: uploadErrorWords(error) });
    } finally {
      if (running.current === controller) running.current = null;
      setInFlight(0);
    }
  }

  function picked(field: HTMLInputElement) {
    const file = field.files?.[0];
    field.value = ''; // the same file may be picked again (to resume)
    if (file) void start(file);
  }

  const busy = state.kind === 'checking' || state.kind === 'uploading' || state.kind === 'finishing';
  const progress = state.kind === 'uploading' ? state.progress : undefined;
  const words = progress ? progressWords(Math.min(progress.bytesTotal, progress.bytesUploaded + inFlight), progress.bytesTotal) : undefined;
  const status = statusWords(state);

  return (
    <section class="upload-video" aria-label="Upload a video">
      <div class="row">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => input.current?.click()}>
          Upload a video
        </button>
        <span class="muted">MP4, WebM or MOV</span>
        <input ref={input} type="file" accept={ACCEPT} class="sr-only" tabIndex={-1} aria-label="Video file to upload" onChange={(e) => picked(e.currentTarget)} />
      </div>
      {busy ? (
        <div class="row">
          <label class="grow" id="upload-video-label">
            Uploading “{state.name}”
            <progress
              class="grow"
              max={100}
              value={words?.percent ?? 0}
              aria-labelledby="upload-video-label"
              aria-valuetext={words?.text ?? 'Starting'}
            />
          </label>
          <span aria-hidden="true">{words?.text ?? (state.kind === 'finishing' ? '100%' : '')}</span>
          <button type="button" class="btn" onClick={() => running.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : null}
      <p role="status" class={state.kind === 'done' ? 'ok' : 'muted'}>
        {status}
        {state.kind === 'done' ? (
          <>
            {' '}
            <a href={state.shareUrl}>Open it</a>
          </>
        ) : null}
      </p>
      {state.kind === 'failed' ? (
        <p class="error" role="alert">
          {state.message}
        </p>
      ) : null}
    </section>
  );
}
