import { describe, expect, it } from 'vitest';
import { bubbleDiameter, boxInFrame, defaultBubbleBox, moveBubble, nextBubbleSize, resizeBubble } from '../../../src/core/camera/bubble-layout';
import { cameraError, cameraLostError, cameraOnlyError } from '../../../src/core/camera/camera-errors';
import { cameraConstraints, microphoneConstraints } from '../../../src/core/camera/camera-constraints';

const viewport = { width: 1280, height: 720 };

describe('bubble layout', () => {
  it('defaults to the bottom-left corner with a diameter of a fifth of the height', () => {
    const box = defaultBubbleBox(viewport);
    expect(box.diameter).toBe(144);
    expect(box.left).toBeLessThan(40);
    expect(box.top + box.diameter).toBeGreaterThan(viewport.height - 40);
    expect(box.top + box.diameter).toBeLessThanOrEqual(viewport.height);
  });

  it('has three growing sizes, cycled in order', () => {
    const [s, m, l] = (['small', 'medium', 'large'] as const).map((size) => bubbleDiameter(viewport, size));
    expect(s).toBeLessThan(m!);
    expect(m).toBeLessThan(l!);
    expect(nextBubbleSize('small')).toBe('medium');
    expect(nextBubbleSize('large')).toBe('small');
  });

  it('never leaves the viewport when dragged or resized', () => {
    const box = defaultBubbleBox(viewport);
    expect(moveBubble(box, -500, 500, viewport)).toEqual({ diameter: box.diameter, left: 0, top: viewport.height - box.diameter });
    expect(moveBubble(box, 5000, -5000, viewport)).toEqual({ diameter: box.diameter, left: viewport.width - box.diameter, top: 0 });
    const moved = moveBubble(box, 100, -50, viewport);
    expect(moved.left).toBe(box.left + 100);
    const large = resizeBubble(box, 'large', viewport);
    expect(large.top + large.diameter).toBe(box.top + box.diameter); // grows up, bottom edge kept
    expect(large.left).toBe(box.left);
  });

  it('a tiny viewport still gets a bubble that fits', () => {
    const tiny = { width: 60, height: 100 };
    const box = defaultBubbleBox(tiny, 'large');
    expect(box.diameter).toBeLessThanOrEqual(60);
    expect(box.left + box.diameter).toBeLessThanOrEqual(60);
  });

  it('maps a box into the video frame, letterboxed when the aspect ratios differ', () => {
    expect(boxInFrame({ left: 10, top: 20, diameter: 100 }, { width: 640, height: 360 }, { width: 1280, height: 720 })).toEqual({ left: 20, top: 40, diameter: 200 });
    // A 1280x720 viewport in a 1280x634 frame: scaled by 634/720, centred horizontally.
    const box = boxInFrame({ left: 0, top: 620, diameter: 100 }, { width: 1280, height: 720 }, { width: 1280, height: 634 });
    expect(box.left).toBeCloseTo((1280 - 1280 * (634 / 720)) / 2);
    expect(box.top).toBeCloseTo(620 * (634 / 720));
  });
});

describe('camera errors and constraints', () => {
  it('a refused camera says so, and that the recording goes on', () => {
    const error = cameraError(new DOMException('Permission denied', 'NotAllowedError'));
    expect(error.code).toBe('permission_denied');
    expect(error.message).toMatch(/goes on without the camera/);
    expect(cameraLostError().message).toMatch(/disconnected/);
    expect(cameraError(new DOMException('busy', 'NotReadableError')).message).toMatch(/in use/);
  });

  it('"Camera only" cannot go on without the camera', () => {
    expect(cameraOnlyError(new DOMException('x', 'NotFoundError')).message).not.toMatch(/goes on/);
  });

  it('asks for the chosen devices exactly', () => {
    expect(cameraConstraints('cam-1', 'bubble').deviceId).toEqual({ exact: 'cam-1' });
    expect(cameraConstraints(undefined, 'full-frame').deviceId).toBeUndefined();
    expect(microphoneConstraints('mic-2').deviceId).toEqual({ exact: 'mic-2' });
  });
});
