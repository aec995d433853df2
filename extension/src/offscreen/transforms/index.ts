/**
 * Which stream transform new recordings use, and lookup by name for recovery.
 * Switch ACTIVE_TRANSFORM to webmFixTransform once the WebM fixer is done (it makes the uploaded
 * file seekable, at the price of holding part 1 until Stop).
 */
import { identityTransform, type StreamTransformFactory } from './stream-transform';
import { webmFixTransform } from './webm-transform';

export const ACTIVE_TRANSFORM: StreamTransformFactory = identityTransform;

const ALL: readonly StreamTransformFactory[] = [identityTransform, webmFixTransform];

/** The factory a record was written with (records without one were written unchanged). */
export function transformByName(name: string | undefined): StreamTransformFactory {
  return ALL.find((t) => t.name === (name ?? 'identity')) ?? identityTransform;
}

export type { StreamTransform, StreamTransformFactory, StreamFinalization } from './stream-transform';
