/**
 * The in-page overlay (countdown, control bar, camera bubble) in the tab where Reelay was invoked.
 * chrome.scripting runs the host script there; activeTab (the toolbar click or a shortcut) is what
 * allows it, so Reelay needs no access to any site beforehand. Best effort: a page that cannot be
 * scripted (chrome://, the Web Store, a tab without the grant) records without the overlay.
 */
import browser from 'webextension-polyfill';
import overlayHostScript from '../content/overlay-host?script&iife';
import { OVERLAY_TOKEN_KEY, type OverlayConfig } from '../shared/overlay-frames';

export interface OverlayChoice {
  bubble: boolean;
  countdown: boolean;
}

/** Shows the overlay; false if the page cannot have it (the recording goes on without). */
export async function showPageOverlay(tabId: number, choice: OverlayChoice): Promise<boolean> {
  const config: OverlayConfig = { token: crypto.randomUUID(), ...choice };
  try {
    // Only extension pages read storage.session (not the page, not content scripts): the frames check their token here.
    await browser.storage.session.set({ [OVERLAY_TOKEN_KEY]: config.token });
    await chrome.scripting.executeScript({
      target: { tabId },
      func: (c: OverlayConfig) => {
        (globalThis as { __reelayOverlayConfig?: OverlayConfig }).__reelayOverlayConfig = c;
      },
      args: [config],
    });
    await chrome.scripting.executeScript({ target: { tabId }, files: [overlayHostScript] });
    return true;
  } catch (error) {
    console.info('Reelay: no in-page controls on this tab:', error instanceof Error ? error.message : error);
    return false;
  }
}

/** Removes the overlay (a start that failed); the frames also close themselves when a recording ends. */
export async function removePageOverlay(tabId: number): Promise<void> {
  await browser.storage.session.remove(OVERLAY_TOKEN_KEY).catch(() => undefined);
  await chrome.scripting
    .executeScript({
      target: { tabId },
      func: () => (globalThis as { __reelayOverlay?: { remove(): void } }).__reelayOverlay?.remove(),
    })
    .catch(() => undefined);
}
