/**
 * The extension's id, pinned by the public `key` in manifest.json: Chrome derives the id from
 * that key (sha256 of the DER public key, first 32 hex digits mapped 0-f → a-p), so every
 * unpacked or self-packed build of this repository has this id, and the backend's default
 * EXTENSION_ORIGINS can name exactly this extension instead of any chrome-extension:// origin.
 * test/extension-id.test.ts checks the two agree. A build published under another id (e.g. by
 * the Chrome Web Store) sets EXTENSION_ORIGINS to its own origin.
 */
export const REELAY_EXTENSION_ID = 'phlmkkmklcogamhkiihecpjjbfdbomhb';
export const REELAY_EXTENSION_ORIGIN = `chrome-extension://${REELAY_EXTENSION_ID}`;
