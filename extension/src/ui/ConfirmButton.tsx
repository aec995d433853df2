/**
 * A button that asks "are you sure?" inline (no window.confirm: it misbehaves in popups and blocks
 * a page). Used by the popup and by the server's own pages (backend/web/shared/ConfirmButton.tsx).
 * Keyboard: the question opens with focus on the safe choice; Escape (or the safe choice) closes
 * it and puts focus back on the button, so it never falls to <body>.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';

export interface ConfirmButtonProps {
  label: string;
  /** Accessible name when it differs from the visible label (e.g. "Delete <title>"). */
  ariaLabel?: string;
  question: string;
  confirmLabel: string;
  keepLabel: string;
  onConfirm: () => void;
  /** The button's class (default `btn`); the confirm and keep buttons follow (see below). */
  class?: string;
  /** The confirm button's class (default `btn btn-primary`). */
  confirmClass?: string;
  /** The keep button's class (default `btn`). */
  keepClass?: string;
  disabled?: boolean;
}

export function ConfirmButton(props: ConfirmButtonProps): JSX.Element {
  const [asking, setAsking] = useState(false);
  /** Set when the question closes without confirming: the button takes focus back once rendered. */
  const refocus = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) keep.current?.focus(); // the autofocus attribute is ignored after page load
    else if (refocus.current) {
      refocus.current = false;
      button.current?.focus();
    }
  }, [asking]);

  function close(): void {
    refocus.current = true;
    setAsking(false);
  }

  if (!asking) {
    return (
      <button
        type="button"
        ref={button}
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
    <div
      class="confirm row"
      role="group"
      aria-label={props.question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation(); // an Escape here must not also close the popup
          close();
        }
      }}
    >
      <span class="grow small">{props.question}</span>
      <button
        type="button"
        class={props.confirmClass ?? 'btn btn-primary'}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" class={props.keepClass ?? 'btn'} ref={keep} onClick={close}>
        {props.keepLabel}
      </button>
    </div>
  );
}
