/**
 * Sending and receiving the typed messages of messages.ts through webextension-polyfill's
 * browser.runtime (promises, and the same code for a Firefox build). Works in the service worker,
 * the extension pages and the offscreen document. Kept apart from messages.ts because the polyfill
 * refuses to load outside an extension (Node tests import the contract, not this).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { dispatchMessage, isMessage, type ExtensionMessage, type MessageHandlers, type MessageSender, type MessageTarget, type MessageType, type Message, type ResponseFor } from './messages';

/** Send a message and await the typed reply. Rejects if no context is listening. */
export async function sendMessage<M extends ExtensionMessage>(msg: M): Promise<ResponseFor<M>> {
  return (await browser.runtime.sendMessage(msg)) as ResponseFor<M>;
}

/** Fire-and-forget broadcast that ignores "Receiving end does not exist" (e.g. popup closed). */
export async function broadcast(msg: ExtensionMessage): Promise<void> {
  try {
    await browser.runtime.sendMessage(msg);
  } catch {
    // Nobody listening: fine for status broadcasts and notifications.
  }
}

/** Answers the messages of `target` with its handler table (register synchronously at start). */
export function listen<T extends MessageTarget>(target: T, handlers: MessageHandlers<T>): void {
  // true: the reply comes later through sendResponse; undefined: not ours, another context answers.
  const listener = (msg: unknown, sender: MessageSender, sendResponse: (response?: unknown) => void): true | undefined =>
    dispatchMessage(target, handlers, msg, sender, sendResponse);
  browser.runtime.onMessage.addListener(listener as Runtime.OnMessageListener);
}

/** Calls `onMessage` for every message `target`/`type` (never answers); returns the unsubscribe. */
export function onBroadcast<T extends MessageTarget, K extends MessageType<T>>(
  target: T,
  type: K,
  onMessage: (msg: Message<T, K>) => void,
): () => void {
  const listener = (msg: unknown): undefined => {
    if (isMessage(msg, target, type)) onMessage(msg);
    return undefined; // other contexts reply to their own messages
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
