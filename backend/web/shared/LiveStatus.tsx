/**
 * One polite live region per page: what just happened ("Deleted …", "Link copied"), read out by
 * screen readers and shown as a line of text. It can take focus, so focus has somewhere to go when
 * the element that had it disappears (a deleted card).
 */
import type { JSX, RefObject } from 'preact';

export function LiveStatus(props: { message: string; tone?: 'error' | 'ok' | undefined; statusRef?: RefObject<HTMLParagraphElement | null> }): JSX.Element {
  return (
    <p class={`status-line${props.tone ? ` ${props.tone}` : ''}`} role="status" tabIndex={-1} ref={props.statusRef}>
      {props.message}
    </p>
  );
}
