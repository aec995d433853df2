/**
 * Builds the Chrome MV3 extension into dist/ (`npm run build`).
 *
 * The manifest lives at the top level, but its paths are relative to the Vite root
 * `extension/src`, so the built pages sit at short URLs such as
 * chrome-extension://<id>/popup/popup.html. Pages that the manifest does not name
 * (the offscreen document, the microphone-permission page) must be listed as
 * extra inputs, otherwise crxjs/Rolldown never builds them.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

const here = fileURLToPath(new URL('.', import.meta.url));
const src = resolve(here, 'extension/src');

export default defineConfig({
  root: src,
  publicDir: resolve(here, 'extension/public'),
  // Preact through the automatic JSX runtime (Vite 8 transforms with Oxc).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [crx({ manifest })],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'chrome116',
    // Readable stack traces from the offscreen recorder and the service worker.
    sourcemap: true,
    rollupOptions: {
      input: {
        offscreen: resolve(src, 'offscreen/offscreen.html'),
        permissions: resolve(src, 'permissions/permissions.html'),
        // The in-page overlay's frames (countdown, control bar, camera bubble), web accessible.
        overlay: resolve(src, 'overlay/overlay.html'),
      },
    },
  },
});
