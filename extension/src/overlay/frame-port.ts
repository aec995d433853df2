/**
 * A frame's link to the host script: the token check (is this frame really ours, for this
 * recording?) and the private port the host posts once the frame has loaded.
 */
import browser from 'webextension-polyfill';
import { OVERLAY_TOKEN_KEY, PORT_MESSAGE, type FrameToHost, type HostToFrame } from '../shared/overlay-frames';

/** True when `token` is the current recording's (a page that embeds the frame itself has none). */
export async function tokenIsCurrent(token: string): Promise<boolean> {
  try {
    const stored = await browser.storage.session.get(OVERLAY_TOKEN_KEY);
    return stored[OVERLAY_TOKEN_KEY] === token;
  } catch {
    return false;
  }
}

export interface HostLink {
  send(msg: FrameToHost): void;
  onMessage(listener: (msg: HostToFrame) => void): void;
}

/** Waits for the host's port (posted by the parent window, with the extension origin as target). */
export function hostLink(): HostLink {
  let port: MessagePort | undefined;
  const queue: FrameToHost[] = [];
  const listeners: ((msg: HostToFrame) => void)[] = [];
  window.addEventListener('message', (event) => {
    if (port || event.source !== window.parent || event.data !== PORT_MESSAGE || !event.ports[0]) return;
    port = event.ports[0];
    port.onmessage = (e) => {
      for (const listener of listeners) listener(e.data as HostToFrame);
    };
    for (const msg of queue.splice(0)) port.postMessage(msg);
  });
  return {
    send(msg) {
      if (port) port.postMessage(msg);
      else queue.push(msg);
    },
    onMessage(listener) {
      listeners.push(listener);
    },
  };
}
