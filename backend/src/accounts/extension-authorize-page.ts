/**
 * The page of GET /extension/authorize (pure: data in, HTML out): "Connect the Reelay extension to
 * <name>'s account?" with Allow and Cancel, and the page shown for a bad request. No script; the
 * one style is allowed by hash. The form posts to this same address; `form-action` also names the
 * extension's chromiumapp.org origin, because Chrome applies form-action to the redirect that
 * answers the form, and that redirect carries the token back to the extension.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../share/format';

const STYLE = `:root{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}
body{max-width:28rem;margin:3rem auto;padding:0 1rem}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{padding:.6rem 1.2rem;font:inherit;font-weight:600;border-radius:6px;cursor:pointer;border:1px solid #767676;background:transparent;color:inherit}
button.allow{border-color:#1d4ed8;background:#1d4ed8;color:#fff}
button:focus-visible{outline:3px solid #60a5fa;outline-offset:2px}
.muted{color:#4b5563}
.error{color:#b91c1c;font-weight:600}
@media (prefers-color-scheme:dark){.muted{color:#d1d5db}.error{color:#fca5a5}}`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/** `redirectOrigin`: where Allow and Cancel send the browser (https://<id>.chromiumapp.org); absent on the error page. */
export function extensionAuthorizeCsp(redirectOrigin?: string): string {
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    redirectOrigin ? `form-action 'self' ${redirectOrigin}` : "form-action 'none'",
    "base-uri 'none'",
    // The Allow button must never be shown inside another site's frame (clickjacking).
    "frame-ancestors 'none'",
  ].join('; ');
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin"><title>${escapeHtml(title)} · Reelay</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function consentPage(opts: { name: string; email: string; redirectUri: string }): string {
  const who = opts.name.trim() || opts.email;
  return page(
    `Connect the Reelay extension to ${who}’s account?`,
    `<p>The Reelay extension in this browser will record and upload as <strong>${escapeHtml(opts.email)}</strong>,
and manage your recordings (rename, delete).</p>
<p class="muted">It gets a personal API token named “Chrome extension”. You can revoke it any time: sign out in the
extension, or remove it from your account’s tokens.</p>
<form method="post">
<input type="hidden" name="redirect_uri" value="${escapeHtml(opts.redirectUri)}">
<div class="actions">
<button class="allow" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>`,
  );
}

export function badRequestPage(reason: string): string {
  return page(
    'This sign-in link does not work',
    `<p class="error" role="alert">${escapeHtml(reason)}</p>
<p>Start again from the extension: open Reelay’s popup or settings and press <strong>Sign in</strong>.</p>`,
  );
}

export function refusedPage(): string {
  return page(
    'Request refused',
    `<p class="error" role="alert">This form must be sent from this server’s own page.</p>
<p>Start again from the extension: open Reelay’s popup or settings and press <strong>Sign in</strong>.</p>`,
  );
}
