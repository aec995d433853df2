/**
 * A raw HTTP/1.1 client for the fuzzer: unlike fetch, node:http sends the path exactly
 * as given (no `..` / `%2e%2e` normalisation, no method upper-casing), so the server sees
 * the tricks themselves. Only bytes outside printable ASCII are percent-encoded (Node
 * refuses to send them).
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type RawResult = { ok: true; res: RawResponse } | { ok: false; error: string };

function escapeNonAscii(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

export function rawRequest(
  base: URL,
  agent: http.Agent,
  req: { method: string; path: string; headers: Record<string, string>; body?: string },
  timeoutMs = 30_000,
): Promise<RawResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: RawResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let request: http.ClientRequest;
    try {
      request = http.request({
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: escapeNonAscii(req.path),
        headers: req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        agent,
        timeout: timeoutMs,
      });
    } catch (err) {
      // Refused by the client before anything was sent (e.g. an invalid method token).
      done({ ok: false, error: `client refused: ${(err as Error).message}` });
      return;
    }
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ ok: true, res: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') } }));
      res.on('error', (err) => done({ ok: false, error: `response: ${err.message}` }));
    });
    request.on('timeout', () => {
      request.destroy(new Error('timeout'));
    });
    request.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, error: `${err.code ?? ''} ${err.message}`.trim() }));
    request.end(req.body);
  });
}
