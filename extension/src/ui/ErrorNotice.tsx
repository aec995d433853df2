/** A recorder error: what happened, what to do next, and an optional action. */
import type { JSX } from 'preact';
import type { RecorderError } from '../shared/recorder-status';

export function ErrorNotice({
  error,
  action,
}: {
  error: RecorderError;
  action?: JSX.Element | null | undefined;
}): JSX.Element {
  return (
    <div class="alert alert-error stack-tight" role="alert">
      <p class="strong">{error.message}</p>
      {error.hint && <p>{error.hint}</p>}
      {action}
    </div>
  );
}
