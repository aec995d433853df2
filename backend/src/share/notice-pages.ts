/** Pages that say why there is nothing to watch. */
import { layout } from './layout';

/** Unknown id, a cancelled upload or a deleted recording: they look alike on purpose. */
export function notFoundPage(): string {
  return layout({
    title: 'Recording not found · Reelay',
    body: `<div class="notice"><h1>Recording not found</h1>
<p>This recording doesn't exist or is no longer available: its owner may have deleted it or cancelled the upload. If someone sent you this link, check that you copied all of it.</p></div>`,
  });
}

/** The store failed or something unexpected happened while rendering a share route. */
export function unavailablePage(): string {
  return layout({
    title: 'Temporarily unavailable · Reelay',
    body: `<div class="notice"><h1>Temporarily unavailable</h1>
<p>This recording cannot be shown right now. Please try again in a moment.</p></div>`,
  });
}
