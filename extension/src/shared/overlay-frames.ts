/**
 * The in-page overlay's contract: the host content script (content/overlay-host.ts) puts three
 * extension frames into the recorded page (overlay/overlay.html): the 3-2-1 countdown, the control
 * bar and the camera bubble. Each frame gets a private MessagePort from the host (posted to the
 * frame's window with the extension origin as target), so the page never sees what they say. The
 * frames drive the recording with the ordinary runtime messages (pause-recording, ...).
 *
 * Any site can load a web-accessible page in an iframe: a frame only comes alive when the token in
 * its URL matches the one the service worker stored for this recording (storage.session, which web
 * pages and content scripts cannot read).
 */

export type OverlayPart = 'countdown' | 'bar' | 'bubble';

export const OVERLAY_PAGE = 'overlay/overlay.html';
/** storage.session key of the current recording's overlay token. */
export const OVERLAY_TOKEN_KEY = 'overlayToken';

/** What the service worker hands the host script (through the isolated world's global). */
export interface OverlayConfig {
  token: string;
  /** Show the camera bubble. */
  bubble: boolean;
  /** Show the countdown frame (countdown seconds > 0). */
  countdown: boolean;
}

/** Frame → host, over the frame's port. */
export type FrameToHost =
  | { type: 'countdown-done' }
  | { type: 'move'; dx: number; dy: number }
  /** The pointer went down on the bubble at these screen coordinates: the host follows it from there. */
  | { type: 'drag-start'; screenX: number; screenY: number }
  /** The pointer, still down, is at these screen coordinates (moves the frame itself receives). */
  | { type: 'drag-move'; screenX: number; screenY: number }
  | { type: 'drag-end' }
  | { type: 'cycle-size' }
  | { type: 'bubble-visible'; visible: boolean }
  | { type: 'bar-height'; height: number }
  | { type: 'close' };

/** Host → frame, over the port: the bubble's current state (the bar's Hide/Show camera button). */
export type HostToFrame = { type: 'bubble'; visible: boolean };

/** The first message the host posts to each frame, carrying its port. */
export const PORT_MESSAGE = 'reelay-overlay-port';

/** The frame URL's hash: `#part=bar&token=…&camera=1`. */
export function frameHash(part: OverlayPart, config: OverlayConfig): string {
  const params = new URLSearchParams({ part, token: config.token, camera: config.bubble ? '1' : '0' });
  return `#${params.toString()}`;
}

export function parseFrameHash(hash: string): { part: OverlayPart; token: string; camera: boolean } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const part = params.get('part');
  const token = params.get('token') ?? '';
  if ((part !== 'countdown' && part !== 'bar' && part !== 'bubble') || token === '') return undefined;
  return { part, token, camera: params.get('camera') === '1' };
}

export function isFrameToHost(value: unknown): value is FrameToHost {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'countdown-done':
    case 'drag-end':
    case 'cycle-size':
    case 'close':
      return true;
    case 'move':
      return Number.isFinite(v.dx) && Number.isFinite(v.dy);
    case 'drag-start':
    case 'drag-move':
      return Number.isFinite(v.screenX) && Number.isFinite(v.screenY);
    case 'bubble-visible':
      return typeof v.visible === 'boolean';
    case 'bar-height':
      return Number.isFinite(v.height);
    default:
      return false;
  }
}
