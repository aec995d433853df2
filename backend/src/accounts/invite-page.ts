/**
 * The set-password page an invite link opens (pure: data in, HTML out). No script; its one style
 * is allowed by hash in the page's Content-Security-Policy, and the form posts only to itself.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../share/format';
import { MIN_PASSWORD_LENGTH } from './auth';

const STYLE = `:root{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}
body{max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #767676;border-radius:6px}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:#1d4ed8;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #60a5fa;outline-offset:2px}
.error{color:#b91c1c;font-weight:600}
@media (prefers-color-scheme:dark){.error{color:#fca5a5}}`;

export const INVITE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Reelay</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function setPasswordPage(opts: { email: string; error?: string }): string {
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : '';
  return page(
    'Choose your password',
    `<p>For <strong>${escapeHtml(opts.email)}</strong> on this Reelay server.</p>${error}
<form method="post">
<label for="password">New password (at least ${MIN_PASSWORD_LENGTH} characters)</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="128" required>
<label for="confirm">The same password again</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="128" required>
<button type="submit">Set password</button>
</form>`,
  );
}

export function passwordSetPage(email: string): string {
  return page(
    'Password set',
    `<p>You can now sign in as <strong>${escapeHtml(email)}</strong> with your new password.</p>
<p><a href="/sign-in?next=%2Flibrary">Sign in</a></p>`,
  );
}

export function invalidInvitePage(): string {
  return page(
    'This link no longer works',
    '<p>The invite link is unknown, already used or expired (links work for 7 days). Ask an admin of this server for a new one.</p>',
  );
}
