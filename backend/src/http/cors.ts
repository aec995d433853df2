/**
 * Origin patterns (EXTENSION_ORIGINS): exact origins or with `*` wildcards, e.g.
 * chrome-extension://* or chrome-extension://abcdefghijklmnopabcdefghijklmnop.
 */
export function originMatcher(patterns: string[]): (origin: string) => boolean {
  const regexes = patterns.map(
    (p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('[^/\\s]*')}$`, 'i'),
  );
  return (origin) => regexes.some((r) => r.test(origin));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
