/** Pages that say why there is nothing to watch. */
import { escapeHtml } from './format';
import { layout } from './layout';
import { privateTags } from './social-tags';

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

/**
 * Refusals of the link's privacy (issue 14; viewers/watch-access.ts). They show neither the title
 * nor a thumbnail, and unfurl as "Private recording". `page`: the absolute share URL.
 */
export function teamOnlyPage(opts: { page: string; signInUrl: string }): string {
  return layout({
    title: 'Sign in to watch · Reelay',
    head: privateTags(opts.page),
    body: `<div class="notice"><h1>Sign in to watch</h1>
<p>This recording is shared with team members only. Sign in with your account on this server to watch it.</p>
<p class="notice-action"><a class="button" href="${escapeHtml(opts.signInUrl)}">Sign in</a></p></div>`,
  });
}

export function expiredPage(opts: { page: string }): string {
  return layout({
    title: 'Link expired · Reelay',
    head: privateTags(opts.page),
    body: `<div class="notice"><h1>This link has expired</h1>
<p>Its owner set an end date for this share link. If you still need the recording, ask them for a new link.</p></div>`,
  });
}

export function downloadsOffPage(opts: { page: string }): string {
  return layout({
    title: 'Download turned off · Reelay',
    body: `<div class="notice"><h1>Download turned off</h1>
<p>The owner of this recording does not allow downloading it. You can still watch it on its page.</p>
<p class="notice-action"><a class="button" href="${escapeHtml(opts.page)}">Watch the recording</a></p></div>`,
  });
}

/** /embed/:id of a recording this viewer may not watch here: its share page, in a new tab, may let them in. */
export function embedRefusedPage(opts: { page: string; reason: 'team' | 'password' | 'expired' }): string {
  const why =
    opts.reason === 'expired'
      ? 'This link has expired.'
      : opts.reason === 'team'
        ? 'This recording is shared with team members only.'
        : 'This recording needs a password.';
  const link =
    opts.reason === 'expired'
      ? ''
      : `\n<p class="notice-action"><a class="button" href="${escapeHtml(opts.page)}" target="_blank" rel="noopener noreferrer">Open the recording<span class="sr"> (opens in a new tab)</span></a></p>`;
  return layout({
    title: 'Private recording · Reelay',
    head: privateTags(opts.page),
    bare: true,
    body: `<div class="notice"><h1>Private recording</h1>
<p>${why}</p>${link}</div>`,
  });
}

/** /embed/:id of a recording still uploading: reloads itself every few seconds until it plays. */
export function embedPendingPage(opts: { page: string }): string {
  return layout({
    title: 'Still uploading · Reelay',
    head: '<meta http-equiv="refresh" content="5">',
    bare: true,
    body: `<div class="notice"><h1>Still uploading</h1>
<p>This recording is still being uploaded; it plays here as soon as it is ready.</p>
<p class="notice-action"><a class="button" href="${escapeHtml(opts.page)}" target="_blank" rel="noopener noreferrer">Open the recording<span class="sr"> (opens in a new tab)</span></a></p></div>`,
  });
}

/** /embed/:id of an unknown or deleted recording. */
export function embedNotFoundPage(): string {
  return layout({
    title: 'Recording not found · Reelay',
    bare: true,
    body: `<div class="notice"><h1>Recording not found</h1>
<p>This recording doesn't exist or is no longer available.</p></div>`,
  });
}
