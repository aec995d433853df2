/** Reading an EBML float back (Duration): only the tests need it, the fixer only writes floats. */
import type { ElementSpan } from '../../src/core/webm/ebml-reader';
import { EbmlError } from '../../src/core/webm/ebml-vint';

export function readFloat(bytes: Uint8Array, span: ElementSpan): number {
  const length = span.end - span.dataStart;
  const view = new DataView(bytes.buffer, bytes.byteOffset + span.dataStart, length);
  if (length === 0) return 0;
  if (length === 4) return view.getFloat32(0, false);
  if (length === 8) return view.getFloat64(0, false);
  throw new EbmlError(`float of ${length} bytes at ${span.start}`);
}
