/** The finished recording: its share link and a Copy button. */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { copyText } from '../ui/copy-text';

export function ShareResult({ shareUrl }: { shareUrl: string }): JSX.Element {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <section class="card stack-tight" aria-label="Share link">
      <p class="strong">Your recording is ready</p>
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
          {copied === true ? 'Link copied' : copied === false ? 'Copy failed: select the link instead' : ''}
        </span>
      </div>
    </section>
  );
}
