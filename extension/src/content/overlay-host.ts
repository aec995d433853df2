/**
 * Injected into the recorded tab by the service worker at Start (chrome.scripting, allowed by
 * activeTab: the toolbar click or a shortcut). It only hosts: it puts the overlay's extension
 * frames into a closed shadow root at the top of the page, gives each a private MessagePort, and
 * moves, resizes, shows or hides them as the frames ask. The frames draw everything and talk to the
 * recorder themselves. Bubble geometry is core/camera/bubble-layout.ts.
 *
 * The config comes in the isolated world's global `__reelayOverlayConfig`, set by the service
 * worker just before. Injecting again replaces the previous overlay.
 */
import { defaultBubbleBox, moveBubble, nextBubbleSize, resizeBubble, type BubbleBox, type BubbleSize, type Viewport } from '../core/camera/bubble-layout';
import { frameHash, isFrameToHost, OVERLAY_PAGE, PORT_MESSAGE, type FrameToHost, type HostToFrame, type OverlayConfig, type OverlayPart } from '../shared/overlay-frames';

interface OverlayGlobals {
  __reelayOverlayConfig?: OverlayConfig;
  __reelayOverlay?: { remove(): void };
}

const BAR_WIDTH = 440;

function mountOverlay(config: OverlayConfig): { remove(): void } {
  const host = document.createElement('div');
  host.setAttribute('data-reelay-overlay', '');
  host.style.cssText = 'all:initial;position:fixed;inset:0;pointer-events:none;z-index:2147483647;';
  const shadow = host.attachShadow({ mode: 'closed' });
  const base = chrome.runtime.getURL(OVERLAY_PAGE);
  const origin = new URL(base).origin;
  const ports: MessagePort[] = [];
  const frames = new Map<OverlayPart, HTMLIFrameElement>();

  const viewport = (): Viewport => ({ width: document.documentElement.clientWidth || innerWidth, height: innerHeight });
  let size: BubbleSize = 'medium';
  let box: BubbleBox = defaultBubbleBox(viewport(), size);
  let bubbleVisible = config.bubble;

  function frame(part: OverlayPart, css: string, onMessage: (msg: FrameToHost) => void): HTMLIFrameElement {
    const iframe = document.createElement('iframe');
    iframe.src = `${base}${frameHash(part, config)}`;
    iframe.title = part === 'bar' ? 'Reelay recording controls' : part === 'bubble' ? 'Reelay camera' : 'Reelay countdown';
    // color-scheme: light on both sides keeps the frame transparent (a mismatch paints it opaque).
    iframe.style.cssText = `position:absolute;border:0;margin:0;padding:0;background:transparent;color-scheme:light;${css}`;
    iframe.addEventListener('load', () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (isFrameToHost(event.data)) onMessage(event.data);
      };
      ports.push(channel.port1);
      // Target origin = the extension: the page cannot receive the port.
      iframe.contentWindow?.postMessage(PORT_MESSAGE, origin, [channel.port2]);
      if (part === 'bar') tell(channel.port1, { type: 'bubble', visible: bubbleVisible });
    });
    frames.set(part, iframe);
    shadow.append(iframe);
    return iframe;
  }

  function tell(port: MessagePort, msg: HostToFrame): void {
    port.postMessage(msg);
  }

  function placeBubble(): void {
    const bubble = frames.get('bubble');
    if (!bubble) return;
    bubble.style.left = `${box.left}px`;
    bubble.style.top = `${box.top}px`;
    bubble.style.width = bubble.style.height = `${box.diameter}px`;
    bubble.style.display = bubbleVisible ? 'block' : 'none';
  }

  function remove(): void {
    window.removeEventListener('resize', onResize);
    for (const port of ports) port.close();
    host.remove();
  }

  function onResize(): void {
    box = resizeBubble(box, size, viewport());
    placeBubble();
  }

  const common = (msg: FrameToHost): void => {
    if (msg.type === 'close') remove();
  };

  if (config.countdown) {
    const countdown = frame('countdown', 'inset:0;width:100%;height:100%;pointer-events:none;', (msg) => {
      if (msg.type === 'countdown-done') countdown.remove();
      common(msg);
    });
  }
  if (config.bubble) {
    frame('bubble', 'border-radius:50%;overflow:hidden;pointer-events:auto;box-shadow:0 2px 12px rgb(0 0 0 / 0.35);', (msg) => {
      if (msg.type === 'move') box = moveBubble(box, msg.dx, msg.dy, viewport());
      if (msg.type === 'drag-start') startDrag(msg.screenX, msg.screenY);
      if (msg.type === 'drag-move') dragTo(msg.screenX, msg.screenY);
      if (msg.type === 'drag-end') endDrag();
      if (msg.type === 'cycle-size') box = resizeBubble(box, (size = nextBubbleSize(size)), viewport());
      if (msg.type === 'bubble-visible') setBubbleVisible(msg.visible);
      placeBubble();
      common(msg);
    });
    placeBubble();
  }
  const bar = frame('bar', `left:50%;bottom:16px;width:${BAR_WIDTH}px;max-width:calc(100% - 16px);height:56px;transform:translateX(-50%);pointer-events:auto;`, (msg) => {
    if (msg.type === 'bar-height') bar.style.height = `${Math.max(40, Math.min(240, Math.round(msg.height)))}px`;
    if (msg.type === 'bubble-visible') setBubbleVisible(msg.visible);
    common(msg);
  });

  /**
   * Dragging the bubble: moves come from the bubble frame (drag-move) while the pointer is over it,
   * and from a transparent shield over the page once it has left the frame; both are screen
   * coordinates, applied from the last one seen, so none counts twice.
   */
  let dragLast: { x: number; y: number } | undefined;
  function dragTo(x: number, y: number): void {
    if (!dragLast) return;
    box = moveBubble(box, x - dragLast.x, y - dragLast.y, viewport());
    dragLast = { x, y };
    placeBubble();
  }
  function endDrag(): void {
    dragLast = undefined;
    shadow.querySelector('[data-drag-shield]')?.remove();
  }
  function startDrag(x: number, y: number): void {
    endDrag();
    dragLast = { x, y };
    const shield = document.createElement('div');
    shield.setAttribute('data-drag-shield', '');
    shield.style.cssText = 'position:absolute;inset:0;pointer-events:auto;cursor:grabbing;background:transparent;';
    shield.addEventListener('pointermove', (event) => (event.buttons === 0 ? endDrag() : dragTo(event.screenX, event.screenY)));
    // The release's own position is the last word: moves the frame sent before it may still be on
    // their way, and arrive after the drag has ended (they are stale, and dropped).
    shield.addEventListener('pointerup', (event) => {
      dragTo(event.screenX, event.screenY);
      endDrag();
    });
    shield.addEventListener('pointercancel', endDrag);
    // Below the bubble frame: over the bubble, the frame keeps its own moves.
    shadow.insertBefore(shield, frames.get('bubble') ?? null);
  }

  function setBubbleVisible(visible: boolean): void {
    if (!config.bubble) return;
    bubbleVisible = visible;
    placeBubble();
    for (const port of ports) tell(port, { type: 'bubble', visible });
  }

  window.addEventListener('resize', onResize);
  document.documentElement.append(host);
  return { remove };
}

const globals = globalThis as typeof globalThis & OverlayGlobals;
globals.__reelayOverlay?.remove();
globals.__reelayOverlay = undefined;
const config = globals.__reelayOverlayConfig;
if (config) {
  const overlay = mountOverlay(config);
  globals.__reelayOverlay = {
    remove() {
      overlay.remove();
      globals.__reelayOverlay = undefined;
    },
  };
}
