/** The extension's copy-to-clipboard (async Clipboard API, else a selected textarea): one for both. */
export { copyText } from '../../../extension/src/ui/copy-text';
