/**
 * The stream the extension spools, recomputed in Node from the witnessed MediaRecorder chunks
 * (recorder-witness.ts) with the extension's own pure stream transform (core/transforms): what
 * ChunkWriter writes is transform.push(chunk)… then transform.end() and the finalize trailer.
 * A recording cut short (crash, full disk) spooled a prefix of the chunks; on a full disk the
 * end or the trailer may not have been written either. Every such stream that has the stored
 * object's length is a candidate.
 */
import { transformByName } from '../../extension/src/core/transforms';
import type { WitnessedRecorder } from './recorder-witness';

/** What finalize may add after the last chunk (Cues, end of a Cluster): far less than this. */
const MAX_TAIL = 4 * 1024 * 1024;

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}

/** Every stream `recorder` could have spooled through `transformName` that is `length` bytes long. */
export function candidateSpooledStreams(recorder: WitnessedRecorder, transformName: string | undefined, length: number): Uint8Array[] {
  const factory = transformByName(transformName);
  const transform = factory.create();
  const pushed: Uint8Array[] = [];
  let bytes = 0;
  const candidates: Uint8Array[] = [];
  for (let k = 0; k <= recorder.chunks.length; k++) {
    if (bytes <= length && bytes + MAX_TAIL >= length) {
      const finishing = factory.restore(structuredClone(transform.state()));
      const end = finishing.end();
      const { trailer } = finishing.finalize(bytes + end.length);
      for (const tail of [[end, trailer], [end], []]) {
        if (bytes + tail.reduce((n, t) => n + t.length, 0) === length) candidates.push(concat([...pushed, ...tail]));
      }
    }
    if (k === recorder.chunks.length || bytes > length) break;
    const out = transform.push(new Uint8Array(Buffer.from(recorder.chunks[k]!, 'base64')));
    pushed.push(out);
    bytes += out.length;
  }
  return candidates;
}
