/**
 * Bench-side trace of every HTTP request the recorder pipeline makes (it wraps globalThis.fetch
 * while a run lasts), to break Stop → playable into its steps: the presigns, the tail's PUT, the
 * `stopped` and part-1 requests, complete (with the server's own steps from its Server-Timing
 * header), and the two requests that find the video playable. The product keeps no timeline.
 */

export interface TracedRequest {
  /** e.g. `PUT part 3`, `POST complete`, `POST parts`. */
  what: string;
  /** performance.now() when fetch was called and when its answer (headers) arrived. */
  start: number;
  end: number;
  status: number;
  /** The request body's size, when it was a Blob, bytes or a string. */
  bytes: number;
  /** Server-Timing of the answer, as `name=ms` pairs. */
  serverTiming: string;
}

function bodySize(body: unknown): number {
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (typeof body === 'string') return Buffer.byteLength(body);
  return 0;
}

function describe(method: string, url: URL): string {
  const partNumber = url.searchParams.get('partNumber');
  if (partNumber) return `${method} part ${partNumber}`;
  const api = /^\/api\/recordings\/[^/]+\/?([a-z/]*)$/.exec(url.pathname);
  if (api) return `${method} ${api[1] || 'recording'}`;
  if (url.pathname.startsWith('/v/')) return `${method} ${url.pathname.replace(/^\/v\/[^/]+/, '/v/:id')}`;
  return `${method} ${url.pathname.split('/').pop()}`;
}

/** Server-Timing `a;dur=1.2, b;dur=3;desc="4 polls"` → `a=1 b=3 (4 polls)`. */
function serverTiming(header: string | null): string {
  if (!header) return '';
  return header
    .split(',')
    .map((entry) => {
      const [name, ...params] = entry.trim().split(';');
      const dur = params.map((p) => /^dur=([\d.]+)$/.exec(p.trim())?.[1]).find((d) => d !== undefined);
      const desc = params.map((p) => /^desc="?([^"]*)"?$/.exec(p.trim())?.[1]).find((d) => d !== undefined);
      return `${name}${dur === undefined ? '' : `=${Math.round(Number(dur))}`}${desc ? ` (${desc})` : ''}`;
    })
    .join(' ');
}

export class FetchTrace {
  readonly requests: TracedRequest[] = [];
  private original: typeof fetch | undefined;

  /** Wraps globalThis.fetch (before the pipeline binds it) until uninstall(). */
  install(): void {
    const original = (this.original = globalThis.fetch);
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const start = performance.now();
      const response = await original(input, init);
      this.requests.push({
        what: describe(method, url),
        start,
        end: performance.now(),
        status: response.status,
        bytes: bodySize(init?.body),
        serverTiming: serverTiming(response.headers.get('server-timing')),
      });
      return response;
    };
  }

  uninstall(): void {
    if (this.original) globalThis.fetch = this.original;
    this.original = undefined;
  }

  /** The requests that started after `t0`, as lines `+start…+end ms  what (bytes) [server steps]`. */
  breakdown(t0: number): string[] {
    return this.requests
      .filter((r) => r.start >= t0 || r.end >= t0)
      .sort((a, b) => a.start - b.start)
      .map((r) => {
        const span = `+${(r.start - t0).toFixed(0).padStart(5)} … +${(r.end - t0).toFixed(0).padStart(5)} ms`;
        const size = r.bytes > 0 ? ` ${(r.bytes / 1e6).toFixed(2)} MB` : '';
        const steps = r.serverTiming ? ` [server: ${r.serverTiming}]` : '';
        return `${span}  ${r.what} → ${r.status}${size}${steps}`;
      });
  }
}
