/** A recording's share link with a Copy button: at Stop (already copied, or not) and once it is ready. */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { isWebUrl } from '../core/url-safety';
import { copyText } from '../ui/copy-text';

export interface ShareResultProps {
  shareUrl: string;
  heading?: string;
  /** At Stop the recorder copied the link itself: true if that worked, false if the clipboard refused. */
  copiedAtStop?: boolean;
}

export function ShareResult({ shareUrl, heading = 'Your recording is ready', copiedAtStop }: ShareResultProps): JSX.Element {
  const [copied, setCopied] = useState<boolean | null>(null);
  const state = copied ?? copiedAtStop ?? null;
  const note =
    state === true
      ? 'Link copied'
      : copied === false
        ? 'Copy failed: select the link instead'
        : state === false
          ? 'The link could not be copied automatically: press Copy'
          : '';
  if (!isWebUrl(shareUrl)) {
    // Never made a link, opened or copied (core/url-safety.ts); the API client refuses these already.
    return (
      <section class="card stack-tight" aria-label="Share link">
        <p class="strong">{heading}</p>
        <p class="alert alert-error small" role="alert">
          The server sent a share link that is not a web address, so it is not shown. Open the recording from your Reelay library instead.
        </p>
      </section>
    );
  }
  return (
    <section class="card stack-tight" aria-label="Share link">
      <p class="strong">{heading}</p>
      <a class="share-link" href={shareUrl} target="_blank" rel="noopener">
        {shareUrl}
      </a>
      <div class="row">
        <button
          type="button"
          class="btn"
          onClick={() => void copyText(shareUrl).then(setCopied)}
        >
          Copy
        </button>
        <span class="small muted" aria-live="polite">
          {note}
        </span>
      </div>
    </section>
  );
}
