/** "Copy" for a link or a token: says "Copied" for a moment (and to screen readers through `onCopied`). */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { copyText } from './copy';

export function CopyButton(props: {
  text: string;
  label: string;
  ariaLabel?: string;
  onCopied?: (ok: boolean) => void;
}): JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      class="btn btn-small"
      aria-label={props.ariaLabel}
      onClick={async () => {
        const ok = await copyText(props.text);
        setState(ok ? 'copied' : 'failed');
        props.onCopied?.(ok);
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : props.label}
    </button>
  );
}
