/**
 * Seekable WebM without server-side processing. Recorder usage:
 *
 *   const fixer = createWebmStreamFixer();             // or restoreWebmStreamFixer(savedIndex)
 *   on each chunk:  const out = fixer.push(chunk);     // spool `out` (may be empty) + fixer.index(),
 *                                                      // in ONE IndexedDB transaction; cut parts from `out`
 *   at Stop:        spool(fixer.end());                // usually empty
 *                   const fix = finalizeWebm(fixer.index());
 *                   part 1 := applyHeaderPatch(part1, 0, fix.headerPatch) when headerPatch != null
 *                   (after a crash only: also apply fix.tailPatch to the part(s) holding the last bytes)
 *                   spool(fix.trailer) as the final bytes of the stream, then cut/upload the last part(s)
 */
export { createWebmStreamFixer, restoreWebmStreamFixer, DEFAULT_RESERVE_BYTES, WEBM_PART_SIZE } from './webm-stream-fixer';
export type { WebmFixerOptions, WebmStreamFixer } from './webm-stream-fixer';
export { finalizeWebm, applyHeaderPatch } from './webm-finalize';
export type { HeaderPatch, StreamPatch, WebmFinalization } from './webm-finalize';
export type { WebmIndex } from './webm-index';
