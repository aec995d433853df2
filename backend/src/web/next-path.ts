/**
 * Where /sign-in sends the person afterwards (`?next=`): a path on this server only, so the
 * sign-in page cannot be used to bounce someone to another site. Anything else is the library.
 */
export const DEFAULT_NEXT = '/library';

export function safeNextPath(raw: string | undefined | null): string {
  if (!raw || raw.length > 2000) return DEFAULT_NEXT;
  // A path, not a scheme-relative URL (//evil.example) or its backslash variants browsers accept.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\u007f\\]/.test(raw)) return DEFAULT_NEXT;
  const base = 'http://reelay.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== base) return DEFAULT_NEXT;
  // Back to the sign-in page would be a loop.
  if (url.pathname === '/sign-in') return DEFAULT_NEXT;
  return url.pathname + url.search + url.hash;
}

/** /sign-in?next=<path> for a page that needs a signed-in person. */
export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(safeNextPath(next))}`;
}
