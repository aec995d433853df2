/** A button that asks "are you sure?" inline (no window.confirm: it misbehaves in popups). */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';

export interface ConfirmButtonProps {
  label: string;
  /** Accessible name when it differs from the visible label (e.g. "Delete <title>"). */
  ariaLabel?: string;
  question: string;
  confirmLabel: string;
  keepLabel: string;
  onConfirm: () => void;
  class?: string;
  disabled?: boolean;
}

export function ConfirmButton(props: ConfirmButtonProps): JSX.Element {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        class={props.class ?? 'btn'}
        aria-label={props.ariaLabel}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <div class="confirm row" role="group" aria-label={props.question}>
      <span class="grow small">{props.question}</span>
      <button
        type="button"
        class="btn btn-primary"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      {/* autofocus on the safe choice */}
      <button type="button" class="btn" autoFocus onClick={() => setAsking(false)}>
        {props.keepLabel}
      </button>
    </div>
  );
}
