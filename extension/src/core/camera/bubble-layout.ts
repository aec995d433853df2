/**
 * Where the camera bubble sits in the recorded page, in CSS pixels of the viewport (the recorded
 * area of a tab). Its default place is the bottom-left corner; "medium" has a diameter of a fifth
 * of the viewport's height. Moving and resizing keep it inside the viewport.
 */

export type BubbleSize = 'small' | 'medium' | 'large';
export const BUBBLE_SIZES: readonly BubbleSize[] = ['small', 'medium', 'large'];

/** Diameter as a share of the viewport height. */
const SIZE_SHARE: Record<BubbleSize, number> = { small: 0.13, medium: 0.2, large: 0.32 };
const MIN_DIAMETER = 48;
/** Gap to the viewport's edges at the default place, as a share of the height. */
const MARGIN_SHARE = 0.03;

export interface Viewport {
  width: number;
  height: number;
}

/** Top-left corner and diameter, CSS pixels. */
export interface BubbleBox {
  left: number;
  top: number;
  diameter: number;
}

export function bubbleDiameter(viewport: Viewport, size: BubbleSize): number {
  const wanted = Math.round(viewport.height * SIZE_SHARE[size]);
  return Math.max(MIN_DIAMETER, Math.min(wanted, viewport.width, viewport.height));
}

export function bubbleMargin(viewport: Viewport): number {
  return Math.round(viewport.height * MARGIN_SHARE);
}

/** The default place: bottom-left, a small margin from both edges. */
export function defaultBubbleBox(viewport: Viewport, size: BubbleSize = 'medium'): BubbleBox {
  const diameter = bubbleDiameter(viewport, size);
  const margin = bubbleMargin(viewport);
  return clampBubble({ left: margin, top: viewport.height - margin - diameter, diameter }, viewport);
}

/** The box moved inside the viewport. */
export function clampBubble(box: BubbleBox, viewport: Viewport): BubbleBox {
  const clamp = (value: number, max: number) => Math.round(Math.max(0, Math.min(value, Math.max(0, max))));
  return { diameter: box.diameter, left: clamp(box.left, viewport.width - box.diameter), top: clamp(box.top, viewport.height - box.diameter) };
}

/** Dragged by (dx, dy), kept inside. */
export function moveBubble(box: BubbleBox, dx: number, dy: number, viewport: Viewport): BubbleBox {
  return clampBubble({ ...box, left: box.left + dx, top: box.top + dy }, viewport);
}

/** A new size, with the bottom-left corner kept where it was (the bubble grows up and right). */
export function resizeBubble(box: BubbleBox, size: BubbleSize, viewport: Viewport): BubbleBox {
  const diameter = bubbleDiameter(viewport, size);
  return clampBubble({ diameter, left: box.left, top: box.top + box.diameter - diameter }, viewport);
}

/** small → medium → large → small. */
export function nextBubbleSize(size: BubbleSize): BubbleSize {
  return BUBBLE_SIZES[(BUBBLE_SIZES.indexOf(size) + 1) % BUBBLE_SIZES.length]!;
}

/**
 * The same box in a video frame of `frame` pixels showing this viewport (the e2e frame checks).
 * The viewport is scaled to fit the frame and centred (Chrome letterboxes a tab capture whose
 * aspect ratio differs from the frame's).
 */
export function boxInFrame(box: BubbleBox, viewport: Viewport, frame: Viewport): BubbleBox {
  const scale = Math.min(frame.width / viewport.width, frame.height / viewport.height);
  const offsetX = (frame.width - viewport.width * scale) / 2;
  const offsetY = (frame.height - viewport.height * scale) / 2;
  return { left: offsetX + box.left * scale, top: offsetY + box.top * scale, diameter: box.diameter * scale };
}
