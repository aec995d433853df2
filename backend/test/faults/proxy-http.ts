/** Small HTTP helpers of the fault proxy (fault-proxy.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface PartRequest {
  partNumber: number;
  uploadId: string;
  /** X-Amz-Date and X-Amz-Signature of the presigned URL. */
  amzDate: string;
  signature: string;
}

/**
 * A part upload is `PUT ...?partNumber=N&uploadId=U`; part 1 sent early as the head object
 * (`PUT .../recordings/<id>/head`) is part 1 too, of the upload `head:<id>`.
 */
export function partOf(req: IncomingMessage): PartRequest | undefined {
  if (req.method !== 'PUT') return undefined;
  const url = new URL(req.url ?? '/', 'http://proxy');
  const head = /\/recordings\/([^/]+)\/head$/.exec(url.pathname);
  const partNumber = head ? 1 : Number(url.searchParams.get('partNumber'));
  const uploadId = head ? `head:${head[1]}` : url.searchParams.get('uploadId');
  if (!uploadId || !Number.isInteger(partNumber) || partNumber < 1) return undefined;
  return {
    partNumber,
    uploadId,
    amzDate: url.searchParams.get('X-Amz-Date') ?? '',
    signature: url.searchParams.get('X-Amz-Signature') ?? '',
  };
}

/** S3-style XML error with the CORS headers a browser needs to read it. */
export function s3ErrorResponse(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  code: string,
  extra: Record<string, string> = {},
): void {
  const origin = req.headers.origin;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>Injected by the fault proxy</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    ...(origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag', vary: 'Origin' } : {}),
    ...extra,
  });
  res.end(body);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** RST rather than FIN: what a crashed store or a broken link looks like to the browser. */
export function resetSocket(socket: Socket | null | undefined): void {
  if (!socket || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
