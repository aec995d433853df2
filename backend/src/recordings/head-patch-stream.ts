/**
 * Byte patches applied to a stream as it passes (head.ts: the head object's GET body, patched on
 * its way into UploadPart of part 1), so the copy never holds the whole part in memory and the
 * GET and the PUT overlap. Pure stream logic: a patch may start, end or lie anywhere, across any
 * number of chunks.
 */
import { Transform, type TransformCallback } from 'node:stream';

export interface BytePatch {
  offset: number;
  bytes: Uint8Array;
}

/**
 * A Transform that writes each patch's bytes at its offset over a stream of exactly `length`
 * bytes. It fails (and with it the pipeline it is in) as soon as the stream turns out longer,
 * or when it ends shorter: UploadPart must not receive a wrong part.
 */
export function patchingStream(patches: readonly BytePatch[], length: number): Transform {
  for (const { offset, bytes } of patches) {
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes.byteLength > length) {
      throw new RangeError(`A patch of ${bytes.byteLength} bytes at offset ${offset} does not lie within ${length} bytes`);
    }
  }
  let position = 0; // of the next chunk's first byte
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      const start = position;
      position += chunk.byteLength;
      if (position > length) {
        done(new Error(`The stream holds more than the ${length} bytes expected`));
        return;
      }
      let out = chunk;
      for (const { offset, bytes } of patches) {
        const from = Math.max(offset, start);
        const to = Math.min(offset + bytes.byteLength, position);
        if (from >= to) continue;
        // A copy: the chunk may be a view of memory its producer still uses.
        if (out === chunk) out = Buffer.from(chunk);
        out.set(bytes.subarray(from - offset, to - offset), from - start);
      }
      done(null, out);
    },
    flush(done: TransformCallback) {
      done(position === length ? null : new Error(`The stream ended after ${position} of the ${length} bytes expected`));
    },
  });
}
