/**
 * Real Clock and Connectivity for the browser (and Node, where there is no navigator.onLine).
 */
import type { Clock, Connectivity } from '../core/upload-ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Always online: for Node and for contexts without navigator.onLine. */
export const alwaysOnline: Connectivity = {
  isOnline: () => true,
  waitOnline: async () => {},
};

/** navigator.onLine + the window/worker 'online' event. */
export function browserConnectivity(target: EventTarget = globalThis as unknown as EventTarget): Connectivity {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  if (!nav || typeof nav.onLine !== 'boolean') return alwaysOnline;
  return {
    isOnline: () => nav.onLine !== false,
    waitOnline: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        if (nav.onLine !== false) return resolve();
        const onOnline = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          target.removeEventListener('online', onOnline);
          reject(signal.reason);
        };
        target.addEventListener('online', onOnline, { once: true });
        signal.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
