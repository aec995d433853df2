/**
 * Content-Security-Policy of the share pages: nothing runs or loads but the page's own
 * inline style and script (allowed by their SHA-256 hashes, computed once here), the player
 * bundle from this server's /assets, and the video and poster, which come from the store after
 * a redirect from this server. No page may be framed but /embed/:id, and no form submitted but
 * the password page's (issue 14).
 */
import { createHash } from 'node:crypto';
import { SCRIPT } from './script';
import { STYLE } from './styles';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const STYLE_HASH = sha256(STYLE);
export const SCRIPT_HASH = sha256(SCRIPT);

export interface SharePageCspOptions {
  /** /embed/:id: any site may frame it (no frame-ancestors). Every other share page refuses to be framed. */
  embeddable?: boolean;
  /** The password page: its form POSTs to this server's /v/:id/unlock. Others submit no form. */
  form?: boolean;
}

/**
 * `publicOrigin`: PUBLIC_URL's origin (the page links to its own /v/<id>/video by that
 * absolute URL, which is not 'self' when the page is opened under another address);
 * `storeOrigin`: where presigned URLs point (e.g. http://127.0.0.1:8788).
 * 'self' in script-src and style-src: the player bundle is served from this server's /assets.
 */
export function sharePageCsp(publicOrigin: string, storeOrigin: string, opts: SharePageCspOptions = {}): string {
  const sources = [...new Set(["'self'", publicOrigin, storeOrigin])].join(' ');
  return [
    "default-src 'none'",
    `script-src 'self' ${SCRIPT_HASH}`,
    `style-src 'self' ${STYLE_HASH}`,
    `img-src ${sources} data:`,
    `media-src ${sources}`,
    // The page of a recording still uploading polls its own /v/<id>/status, then fetches the player page.
    "connect-src 'self'",
    "base-uri 'none'",
    opts.form ? "form-action 'self'" : "form-action 'none'",
    // Clickjacking: only the embed page may be framed, by anyone (that is its job).
    ...(opts.embeddable ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}
