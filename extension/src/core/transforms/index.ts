/**
 * Which stream transform new recordings use, and lookup by name for recovery.
 * The WebM fixer is on: the uploaded file has a Duration, a SeekHead and Cues, so the share link
 * plays and seeks at once without server-side processing. The price: part 1 is held until Stop
 * (its header is patched then), so at Stop one full part plus the tail go up.
 */
import { identityTransform, type StreamTransformFactory } from './stream-transform';
import { webmFixTransform } from './webm-transform';

export const ACTIVE_TRANSFORM: StreamTransformFactory = webmFixTransform;

const ALL: readonly StreamTransformFactory[] = [identityTransform, webmFixTransform];

/** The factory a record was written with (records without one were written unchanged). */
export function transformByName(name: string | undefined): StreamTransformFactory {
  return ALL.find((t) => t.name === (name ?? 'identity')) ?? identityTransform;
}

export type { StreamTransform, StreamTransformFactory, StreamFinalization } from './stream-transform';
