/**
 * Which URLs the extension trusts (pure; issue 15). Two rules:
 *
 * - The Reelay server: plain http:// only to this machine. Over http:// to another host the API
 *   token, the upload token and the recording itself would cross the network readable and
 *   changeable by anyone on the way (a café's Wi-Fi, a proxy).
 * - A link the server hands over (a recording's shareUrl) is opened in a tab, copied to the
 *   clipboard and put in an <a href>: only http(s), never javascript:, data:, file: or
 *   chrome-extension: (a hostile or broken server must not run script or open local files).
 */

/** Hosts that are this machine (URL.hostname form: IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') || // resolved to loopback by Chrome itself
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]'
  );
}

/** Why this server address is refused, in words the user can act on; undefined if it is fine. */
export function insecureServerUrlProblem(url: URL): string | undefined {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return (
    `Use https:// for a server on another machine (https://${url.host}${url.pathname.replace(/\/+$/, '')}). ` +
    'Over http:// your API token and recordings would cross the network unprotected. ' +
    'http:// is only allowed for this computer (localhost, 127.0.0.1, [::1]).'
  );
}

/** The URL if it is an absolute http(s) address, else undefined. */
export function webUrlOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isWebUrl(value: unknown): value is string {
  return webUrlOrUndefined(value) !== undefined;
}
