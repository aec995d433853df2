/**
 * Seekable WebM with a Duration and known Segment and Cluster sizes, without server-side processing and
 * without holding the file in memory (Clusters are sized as they pass: cluster-framer.ts).
 *
 * Recorder usage (all pure; the recorder does the I/O):
 *
 *   const fixer = createWebmStreamFixer({ partSize });     // or restoreWebmStreamFixer(savedIndex)
 *   on each MediaRecorder chunk:
 *     const out = fixer.push(chunk);                       // the transformed bytes (may be empty)
 *     store `out` as the next stream bytes AND fixer.index() in ONE IndexedDB transaction;
 *     cut/upload parts from the stored (transformed) stream as usual
 *   at Stop (after the last chunk), or when recovering after a crash (restoreWebmStreamFixer(index)):
 *     store fixer.end() as stream bytes (usually empty)
 *     const fix = finalizeWebm(fixer.index(), storedStreamLength);
 *     part 1   := applyHeaderPatch(part1Bytes, 0, fix.headerPatch)   (when headerPatch != null)
 *     append fix.trailer as the stream's final bytes, then cut and upload the last part(s)
 *     complete the upload with durationMs = fix.durationMs (fall back to wall time when null)
 *
 * Part 1's header therefore changes at Stop (the backend patches the head sent early, or the extension
 * patches a single-part recording). The patch never changes part 1's length.
 */
export { createWebmStreamFixer, restoreWebmStreamFixer, DEFAULT_RESERVE_BYTES } from './webm-stream-fixer';
export type { WebmFixerOptions, WebmStreamFixer } from './webm-stream-fixer';
export { finalizeWebm, applyHeaderPatch } from './webm-finalize';
export type { HeaderPatch, WebmFinalization } from './webm-finalize';
export type { WebmIndex } from './webm-index';
