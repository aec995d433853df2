/**
 * The WebM fixer (extension/src/core/webm) as a stream transform: it rewrites the header as the
 * first chunks pass, indexes Clusters, and at Stop yields a header patch for part 1 (Duration,
 * SeekHead) and a Cues trailer, so the uploaded file is seekable without server-side processing.
 */
import { createWebmStreamFixer, finalizeWebm, restoreWebmStreamFixer, type WebmIndex, type WebmStreamFixer } from '../webm';
import type { StreamTransform, StreamTransformFactory } from './stream-transform';

export const webmFixTransform: StreamTransformFactory = {
  name: 'webm-fix',
  // The header patch lands in part 1, so part 1 is uploaded only at Stop.
  heldParts: [1],
  create: () => adapt(createWebmStreamFixer()),
  restore: (state) => adapt(restoreWebmStreamFixer(state as WebmIndex)),
};

function adapt(fixer: WebmStreamFixer): StreamTransform {
  return {
    push: (chunk) => fixer.push(chunk),
    end: () => fixer.end(),
    state: () => fixer.index(),
    finalize(streamBytes) {
      const fix = finalizeWebm(fixer.index(), streamBytes);
      return { headerPatch: fix.headerPatch, trailer: fix.trailer, problem: fix.problem, durationMs: fix.durationMs };
    },
  };
}
