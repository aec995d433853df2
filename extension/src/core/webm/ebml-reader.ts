/** Reading complete, known-size EBML elements held in memory (the small WebM header elements). */
import { EbmlError, readId, readVint } from './ebml-vint';

export interface ElementSpan {
  id: number;
  /** Offset of the element's ID. */
  start: number;
  /** Offset of the element's data. */
  dataStart: number;
  /** Offset just past the element. */
  end: number;
}

/** The elements that follow one another in bytes [start, end); throws on truncation or unknown sizes. */
export function readChildren(bytes: Uint8Array, start = 0, end = bytes.length): ElementSpan[] {
  const out: ElementSpan[] = [];
  let at = start;
  while (at < end) {
    const id = readId(bytes, at);
    const size = id && readVint(bytes, at + id.length);
    if (!id || !size) throw new EbmlError(`truncated element header at ${at}`);
    if (size.unknown) throw new EbmlError(`unexpected unknown size at ${at}`);
    const dataStart = at + id.length + size.length;
    const elementEnd = dataStart + size.value;
    if (elementEnd > end) throw new EbmlError(`element at ${at} overruns its parent`);
    out.push({ id: id.id, start: at, dataStart, end: elementEnd });
    at = elementEnd;
  }
  return out;
}

export function readUint(bytes: Uint8Array, span: ElementSpan): number {
  if (span.end - span.dataStart > 8) throw new EbmlError(`uint longer than 8 bytes at ${span.start}`);
  let v = 0;
  for (let k = span.dataStart; k < span.end; k++) v = v * 256 + bytes[k]!;
  return v;
}

