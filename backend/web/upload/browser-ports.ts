/**
 * The uploader's browser side (UploaderPorts): PUTs by XMLHttpRequest, whose upload progress
 * events move the progress bar within a part (fetch() has none); the clock; connectivity from
 * navigator.onLine and the `online` event; the resume state in localStorage.
 */
import { storeErrorCode } from '../../../api/errors';
import { parseRetryAfter } from '../../../extension/src/core/retry';
import { HttpError, MissingEtagError, NetworkError } from '../../../extension/src/core/upload-errors';
import type { Clock, Connectivity, PartTransport } from '../../../extension/src/core/upload-ports';
import { ResumeStore } from './resume-store';

/** Bytes of the PUTs in flight that have left the browser (for a smooth progress bar). */
export class InFlightBytes {
  private readonly sent = new Map<object, number>();
  constructor(private readonly onChange: () => void) {}
  set(key: object, bytes: number): void {
    this.sent.set(key, bytes);
    this.onChange();
  }
  delete(key: object): void {
    this.sent.delete(key);
    this.onChange();
  }
  get total(): number {
    let sum = 0;
    for (const n of this.sent.values()) sum += n;
    return sum;
  }
}

export function xhrTransport(inFlight: InFlightBytes): PartTransport {
  return {
    put: (url, body, signal) =>
      new Promise<string>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        const key = {};
        const done = () => {
          signal.removeEventListener('abort', onAbort);
          inFlight.delete(key);
        };
        const onAbort = () => xhr.abort();
        xhr.open('PUT', url);
        xhr.upload.onprogress = (e) => inFlight.set(key, e.loaded);
        xhr.onload = () => {
          done();
          if (xhr.status >= 200 && xhr.status < 300) {
            const etag = xhr.getResponseHeader('etag');
            return etag ? resolve(etag) : reject(new MissingEtagError());
          }
          const code = storeErrorCode(/<Code>([^<]+)<\/Code>/.exec(xhr.responseText)?.[1]);
          reject(new HttpError(xhr.status, code, parseRetryAfter(xhr.getResponseHeader('retry-after')), `The store refused a part (HTTP ${xhr.status}, ${code}).`));
        };
        xhr.onerror = xhr.ontimeout = () => {
          done();
          reject(new NetworkError(new URL(url).origin));
        };
        xhr.onabort = () => {
          done();
          reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort);
        xhr.send(body as Blob);
      }),
  };
}

export const browserClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      const stop = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', stop, { once: true });
    }),
};

export const browserConnectivity: Connectivity = {
  isOnline: () => navigator.onLine,
  waitOnline: (signal) =>
    new Promise<void>((resolve, reject) => {
      if (navigator.onLine) return resolve();
      const stop = () => {
        window.removeEventListener('online', back);
        reject(signal.reason);
      };
      const back = () => {
        signal.removeEventListener('abort', stop);
        resolve();
      };
      window.addEventListener('online', back, { once: true });
      signal.addEventListener('abort', stop, { once: true });
    }),
};

export function browserResumeStore(): ResumeStore {
  return new ResumeStore(window.localStorage);
}
