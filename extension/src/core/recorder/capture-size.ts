/** Frame-size rules shared by the service worker (which knows the tab) and the recorder. */

/** Recordings are at most 1080p: enough for screen content, and what 2 cores can encode live. */
export const MAX_WIDTH = 1920;
export const MAX_HEIGHT = 1080;

/**
 * The frame size to capture a tab at: its CSS size times the display's pixel ratio (what the user
 * sees), scaled down to fit 1920x1080 with the aspect ratio kept, in even numbers (VP9 4:2:0).
 * Chrome's tab capture renders at exactly the max constraints, so passing 1920x1080 for an 800x600
 * tab would upscale and letterbox it: 4-5x the pixels to encode for nothing.
 */
export function captureSizeForTab(cssWidth: number, cssHeight: number, devicePixelRatio = 1): { width: number; height: number } | undefined {
  if (!(cssWidth > 0 && cssHeight > 0)) return undefined;
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? Math.min(devicePixelRatio, 4) : 1;
  const width = cssWidth * ratio;
  const height = cssHeight * ratio;
  const scale = Math.min(1, MAX_WIDTH / width, MAX_HEIGHT / height);
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(width), height: even(height) };
}
