/**
 * The typed contract of the messages between the extension's contexts (runtime messaging).
 *
 * Every message is `{ target, type, data }`. runtime.sendMessage reaches EVERY extension
 * context (service worker, popup, offscreen document), so each listener must first filter with
 * `isMessageFor('<its target>', msg)` and ignore (return nothing for) anything else.
 *
 * Each target has a map `type -> { data, response }`; `response: void` means fire-and-forget
 * (the receiver does not reply). Senders use `sendMessage(msg)` (messaging.ts) whose result type
 * follows the map. This module is pure (no browser API), so Node tests import it.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CaptureOptions } from './capture-options';
import type { RecorderError, RecorderStatus } from './recorder-status';
import type { CameraMessages, OverlayMessages } from './camera-messages';
import { ACCOUNT_BACKGROUND_TYPES, type AccountBackgroundMessages } from './account-messages';
import { RECENT_BACKGROUND_TYPES, type ListRecentResult, type RecentBackgroundMessages, type RecordingPatch, type UpdateResult } from './recent-messages';

export type { CameraConnectResult, CameraState } from './camera-messages';
export type { SignInResult, SignOutResult } from './account-messages';
export type { ListRecentResult, ManageResult, RecordingPatch, UpdateResult } from './recent-messages';

/**
 * 'camera': the camera feed in the offscreen document (the bubble's live view connects to it);
 * 'overlay': broadcasts to the in-page overlay frames (camera bubble, control bar, countdown).
 */
export type MessageTarget = 'offscreen' | 'background' | 'popup' | 'camera' | 'overlay';

/** Backend address + API token. The offscreen document has no chrome.storage, so it gets these in messages. */
export interface ServerConfig {
  /** Backend base URL, e.g. "http://localhost:8787" (no trailing slash needed). */
  url: string;
  apiToken: string;
}

/** Payload of a message without data. Send `data: {}`. */
export type EmptyData = Record<string, never>;

/** Reply of commands that either work or fail with a user-facing error. */
export type CommandResult = { ok: true } | { ok: false; error: RecorderError };

/** A map entry: what a message carries and what the receiver answers. */
interface Spec<D, R = void> {
  data: D;
  response: R;
}

// ---------------------------------------------------------------------------------------------
// target: 'offscreen' — sent by the service worker (and the popup for pause/resume/stop/...).

export interface OffscreenStartRecordingData {
  /** The popup's options, unchanged. */
  options: CaptureOptions;
  /** Added by the service worker; required when options.source is 'tab'. */
  tab?: TabStream;
  title?: string;
  server: ServerConfig;
  /** Seconds of countdown before recording starts (0 or absent: none). */
  countdownSeconds?: number;
}

/** The tab to record, as the service worker got it from chrome.tabCapture. */
export interface TabStream {
  /** From chrome.tabCapture.getMediaStreamId. */
  streamId: string;
  /** The tab's frame size in device pixels (see captureSizeForTab); absent: Chrome's default. */
  frameSize?: FrameSize;
}

export interface FrameSize {
  width: number;
  height: number;
}

export interface RecoverData {
  /** Server settings to use for records whose persisted server URL matches, or for records
   *  without one. Records keep their own upload token. */
  server: ServerConfig;
}

export interface RecoverResult {
  /** Unfinished recordings found in IndexedDB. */
  found: number;
  /** Resumed uploading (finishing in the background). */
  resumed: number;
  /** Found already completed on the server. */
  completed: number;
  /** Upload no longer exists on the server; local data kept. */
  gone: number;
}

export interface OffscreenMessages {
  /** Replies once recording actually started (or failed to), after the countdown. */
  'start-recording': Spec<OffscreenStartRecordingData, CommandResult>;
  'pause-recording': Spec<EmptyData, CommandResult>;
  'resume-recording': Spec<EmptyData, CommandResult>;
  /** Replies when recording stopped and the last chunk is spooled; upload continues ('finishing'). */
  'stop-recording': Spec<EmptyData, CommandResult>;
  /** Stops, aborts the upload on the server (DELETE) and deletes the local chunks. */
  'cancel-recording': Spec<EmptyData, CommandResult>;
  'get-status': Spec<EmptyData, RecorderStatus>;
  'list-recent': Spec<EmptyData, ListRecentResult>;
  /** Deletes the local copy (and aborts the server upload if it is unfinished). */
  'delete-recording': Spec<{ localId: string }, CommandResult>;
  /** PATCHes the server recording with the record's upload token, then updates the local record. */
  'update-recording': Spec<{ localId: string; patch: RecordingPatch }, UpdateResult>;
  'recover': Spec<RecoverData, RecoverResult>;
}

// ---------------------------------------------------------------------------------------------
// target: 'background' — the service worker.

export interface BadgeData {
  /** '' clears the badge. */
  text: string;
  /** CSS color, e.g. '#d93025'. */
  color?: string;
  /** The toolbar button's tooltip (absent: left as it is); '' restores the default. */
  title?: string;
}

export interface PopupStartRecordingData {
  options: CaptureOptions;
  title?: string;
  /**
   * The tab Reelay was invoked on: recorded when options.source is 'tab' (the service worker gets
   * the stream id); for every source, where the in-page countdown, control bar and bubble go.
   */
  tabId?: number;
  /** The popup's devicePixelRatio: tab capture is sized to the tab's device pixels, not upscaled. */
  devicePixelRatio?: number;
}

/** Also: sign-in/sign-out (account-messages.ts) and the Recent list's server changes (recent-messages.ts). */
export interface BackgroundMessages extends AccountBackgroundMessages, RecentBackgroundMessages {
  /** From the offscreen document (which has no chrome.action). */
  'badge': Spec<BadgeData>;
  /** Upload completed: notify + open the share page. */
  'recording-finished': Spec<{ shareUrl: string; title: string }>;
  'recording-failed': Spec<{ message: string; hint: string }>;
  /** Stop: the share link was handed over (copied: the clipboard has it); notify if the popup is closed. */
  'link-at-stop': Spec<{ shareUrl: string; title: string; copied: boolean }>;
  /** A recording interrupted earlier was completed by recovery. */
  'recording-recovered': Spec<{ shareUrl: string }>;
  /** The Maximum length (options page) is near: the recording stops on its own in `secondsLeft`. */
  'recording-ending-soon': Spec<{ secondsLeft: number }>;
  /** From the popup: create the offscreen document, get a tab stream id, forward to offscreen. */
  'start-recording': Spec<PopupStartRecordingData, CommandResult>;
}

// ---------------------------------------------------------------------------------------------
// target: 'popup' — broadcasts; nobody may be listening (the popup is often closed).

export interface PopupMessages {
  'status-changed': Spec<{ status: RecorderStatus }>;
}

// ---------------------------------------------------------------------------------------------
// Derived types.

export interface MessageMaps {
  offscreen: OffscreenMessages;
  background: BackgroundMessages;
  popup: PopupMessages;
  camera: CameraMessages;
  overlay: OverlayMessages;
}

export type MessageType<T extends MessageTarget> = keyof MessageMaps[T] & string;

type DataOf<T extends MessageTarget, K extends MessageType<T>> = MessageMaps[T][K] extends {
  data: infer D;
}
  ? D
  : never;
type ResponseOfEntry<T extends MessageTarget, K extends MessageType<T>> = MessageMaps[T][K] extends {
  response: infer R;
}
  ? R
  : never;

/** One concrete message, e.g. `Message<'offscreen', 'stop-recording'>`; without K: the union of a target's messages. */
export type Message<T extends MessageTarget, K extends MessageType<T> = MessageType<T>> = K extends MessageType<T>
  ? { target: T; type: K; data: DataOf<T, K> }
  : never;

export type OffscreenMessage = Message<'offscreen'>;
export type BackgroundMessage = Message<'background'>;
export type PopupMessage = Message<'popup'>;
export type CameraMessage = Message<'camera'>;
export type OverlayMessage = Message<'overlay'>;
/** Every message of the extension. */
export type ExtensionMessage = OffscreenMessage | BackgroundMessage | PopupMessage | CameraMessage | OverlayMessage;

/** What the receiver of message M answers (`void` for fire-and-forget). */
export type ResponseFor<M extends ExtensionMessage> = M extends { target: infer T; type: infer K }
  ? T extends MessageTarget
    ? K extends MessageType<T>
      ? ResponseOfEntry<T, K>
      : never
    : never
  : never;

/** Who sent a message (the polyfill's type; handlers rarely need it). */
export type MessageSender = Runtime.MessageSender;

/** Handler table for one target: `const handlers: MessageHandlers<'offscreen'> = { 'get-status': () => ..., ... }`. */
export type MessageHandlers<T extends MessageTarget> = {
  [K in MessageType<T>]: (
    data: DataOf<T, K>,
    sender: MessageSender,
  ) => ResponseOfEntry<T, K> | Promise<ResponseOfEntry<T, K>>;
};

// ---------------------------------------------------------------------------------------------
// Runtime checks. These tables must list exactly the map keys (checked by `satisfies`).

const MESSAGE_TYPES = {
  offscreen: {
    'start-recording': true,
    'pause-recording': true,
    'resume-recording': true,
    'stop-recording': true,
    'cancel-recording': true,
    'get-status': true,
    'list-recent': true,
    'delete-recording': true,
    'update-recording': true,
    'recover': true,
  } satisfies Record<MessageType<'offscreen'>, true>,
  background: {
    'badge': true,
    'recording-finished': true,
    'recording-failed': true,
    'link-at-stop': true,
    'recording-recovered': true,
    'recording-ending-soon': true,
    'start-recording': true,
    ...ACCOUNT_BACKGROUND_TYPES,
    ...RECENT_BACKGROUND_TYPES,
  } satisfies Record<MessageType<'background'>, true>,
  popup: {
    'status-changed': true,
  } satisfies Record<MessageType<'popup'>, true>,
  camera: {
    'get-camera': true,
    'connect-camera': true,
  } satisfies Record<MessageType<'camera'>, true>,
  overlay: {
    'camera-changed': true,
  } satisfies Record<MessageType<'overlay'>, true>,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * True if `value` is a known message for `target` (shape `{target, type, data}` with a known type).
 * The data itself is trusted: messages only come from this extension's own contexts.
 */
export function isMessageFor<T extends MessageTarget>(target: T, value: unknown): value is Message<T> {
  if (!isRecord(value) || value.target !== target || typeof value.type !== 'string') return false;
  if (!isRecord(value.data)) return false;
  return Object.prototype.hasOwnProperty.call(MESSAGE_TYPES[target], value.type);
}

/** True if `value` is exactly the message `target`/`type`. */
export function isMessage<T extends MessageTarget, K extends MessageType<T>>(
  value: unknown,
  target: T,
  type: K,
): value is Message<T, K> {
  return isMessageFor(target, value) && value.type === type;
}

/** Build a message with checked data: `message('offscreen', 'get-status', {})`. */
export function message<T extends MessageTarget, K extends MessageType<T>>(
  target: T,
  type: K,
  data: DataOf<T, K>,
): Message<T, K> {
  return { target, type, data } as Message<T, K>;
}

// ---------------------------------------------------------------------------------------------
// Receiving (sending and listening through the browser: messaging.ts).

/**
 * Dispatch a message to a handler table from a runtime.onMessage listener (see `listen` in
 * messaging.ts):
 *
 *   browser.runtime.onMessage.addListener((msg, sender, sendResponse) =>
 *     dispatchMessage('offscreen', handlers, msg, sender, sendResponse));
 *
 * Returns true (keep the channel open for the async reply) for messages of `target`,
 * undefined otherwise so other contexts can answer. A throwing handler answers
 * `{ ok: false, error }` so the sender's promise never hangs.
 */
export function dispatchMessage<T extends MessageTarget>(
  target: T,
  handlers: MessageHandlers<T>,
  msg: unknown,
  sender: MessageSender,
  sendResponse: (response?: unknown) => void,
): true | undefined {
  if (!isMessageFor(target, msg)) return undefined;
  const handler = handlers[msg.type as MessageType<T>] as (
    data: unknown,
    sender: MessageSender,
  ) => unknown;
  Promise.resolve()
    .then(() => handler(msg.data, sender))
    .then(
      (response) => sendResponse(response),
      (error: unknown) =>
        sendResponse({
          ok: false,
          error: {
            code: 'unknown',
            message: error instanceof Error ? error.message : String(error),
            hint: '',
          } satisfies RecorderError,
        }),
    );
  return true;
}
