/**
 * Content-Security-Policy of the share pages: nothing runs or loads but the page's own
 * inline style and script (allowed by their SHA-256 hashes, computed once here) and the
 * video and poster, which come from the store after a redirect from this server.
 */
import { createHash } from 'node:crypto';
import { SCRIPT } from './script';
import { STYLE } from './styles';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const STYLE_HASH = sha256(STYLE);
export const SCRIPT_HASH = sha256(SCRIPT);

/**
 * `publicOrigin`: PUBLIC_URL's origin (the page links to its own /v/<id>/video by that
 * absolute URL, which is not 'self' when the page is opened under another address);
 * `storeOrigin`: where presigned URLs point (e.g. http://127.0.0.1:8788).
 */
export function sharePageCsp(publicOrigin: string, storeOrigin: string): string {
  const sources = [...new Set(["'self'", publicOrigin, storeOrigin])].join(' ');
  return [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    `style-src ${STYLE_HASH}`,
    `img-src ${sources} data:`,
    `media-src ${sources}`,
    // The page of a recording still uploading polls its own /v/<id>/status, then fetches the player page.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
