/**
 * How the fault proxy (fault-proxy.ts) passes one request on to the store: through the throttled
 * link, noting the body's bytes when asked, and optionally cutting the body after N bytes (a
 * connection reset) or replacing the store's answer (the store has the part; the client is told
 * otherwise).
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { PartAttempt } from './fault-stats';
import { partOf, resetSocket, s3ErrorResponse } from './proxy-http';
import type { ThrottledLink } from './throttled-link';

/** A request-body chunk that crossed the proxy: `what` is `part <n>`, `head` or the key's last segment. */
export interface BodyBytes {
  at: number;
  bytes: number;
  what: string;
}

export interface ForwardHow {
  cutAfterBytes?: number;
  replaceAnswer?: { status: number; code: string };
}

export interface ForwardVia {
  upstream: URL | undefined;
  link: ThrottledLink;
  /** Where body chunks are noted (recordBodies), if anywhere. */
  ledger: BodyBytes[] | undefined;
  onPartPassed: () => void;
}

function bodyKind(req: IncomingMessage): string {
  const part = partOf(req);
  if (part) return part.uploadId.startsWith('head:') ? 'head' : `part ${part.partNumber}`;
  return new URL(req.url ?? '/', 'http://proxy').pathname.split('/').pop() ?? '';
}

export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  how: ForwardHow,
  signal: AbortSignal,
  part: PartAttempt | undefined,
  via: ForwardVia,
): Promise<void> {
  const { upstream, link, ledger } = via;
  if (!upstream) {
    s3ErrorResponse(res, req, 502, 'NoUpstream');
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    const outgoing = httpRequest({
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      // Untouched, Host included: the store checks the signature against the host it was signed for.
      headers: req.headers,
      agent: false,
    });
    if (part) part.forwardedAt = Date.now();
    const fail = (error: unknown) => {
      outgoing.destroy();
      reject(error);
    };
    signal.addEventListener('abort', () => fail(signal.reason), { once: true });
    outgoing.on('error', fail);
    // Once the client has its answer, whatever is left of its body is read and dropped (as a
    // server does). Left unread, it would hold the kept-alive connection, and the browser's next
    // request on it would wait behind it until the socket times out.
    const discardRestOfBody = () => {
      if (req.complete) return;
      req.unpipe();
      req.resume();
    };
    outgoing.on('response', (answer) => {
      if (part) {
        part.storeStatus = answer.statusCode;
        part.answeredAt = Date.now();
      }
      if (how.replaceAnswer) {
        // The store has the part; the client is told otherwise.
        answer.resume();
        answer.on('end', () => {
          s3ErrorResponse(res, req, how.replaceAnswer!.status, how.replaceAnswer!.code);
          discardRestOfBody();
          resolve();
        });
        answer.on('error', fail);
        return;
      }
      if (part && answer.statusCode !== undefined && answer.statusCode < 300) via.onPartPassed();
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage ?? '', answer.headers);
      answer.pipe(res);
      answer.on('error', fail);
      res.on('finish', () => {
        discardRestOfBody();
        resolve();
      });
    });

    const pacer = link.pacer(signal);
    pacer.on('error', fail);
    req.on('error', fail);
    if (ledger) {
      const what = bodyKind(req);
      pacer.on('data', (chunk: Buffer) => ledger.push({ at: Date.now(), bytes: chunk.length, what }));
    }
    if (how.cutAfterBytes === undefined) {
      req.pipe(pacer).pipe(outgoing);
      return;
    }
    let sent = 0;
    let cutDone = false;
    const limit = how.cutAfterBytes;
    const cut = () => {
      if (cutDone) return;
      cutDone = true;
      // Part of the body reached the store; now the link breaks both ways.
      resetSocket(req.socket);
      outgoing.destroy();
      resolve();
    };
    if (limit === 0) {
      outgoing.flushHeaders();
      setImmediate(cut);
      return;
    }
    req.pipe(pacer);
    pacer.on('data', (chunk: Buffer) => {
      if (cutDone) return;
      const piece = chunk.subarray(0, Math.min(chunk.length, limit - sent));
      sent += piece.length;
      outgoing.write(piece);
      if (sent >= limit) {
        pacer.pause();
        // Give the written bytes a moment to leave before the reset.
        setTimeout(cut, 20);
      }
    });
  });
}
