/**
 * EBML variable-size integers (RFC 8794 §4): element IDs and element data sizes.
 *
 * Why our own and not ts-ebml / ebml: those decode whole elements into objects (copying every frame),
 * need Node's Buffer in the browser, and ts-ebml's seekable fix rewrites the whole file in memory. The
 * fixer only needs to read a few bytes of element headers as chunks stream by, so a small reader is
 * simpler and allocation-free.
 */

export class EbmlError extends Error {
  override name = 'EbmlError';
}

export interface Vint {
  /** Bytes the vint occupies (1..8). */
  length: number;
  /** The value without the length marker. Meaningless when `unknown`. */
  value: number;
  /** All data bits set: the reserved "unknown size" value. */
  unknown: boolean;
}

/** Length in bytes (1..8) announced by a vint's first byte; 0 for 0x00 (invalid). */
export function vintWidth(first: number): number {
  return first === 0 ? 0 : Math.clz32(first) - 23;
}

/** Reads an element data size at `offset`; null when `bytes` ends before the vint does. */
export function readVint(bytes: Uint8Array, offset: number): Vint | null {
  const first = bytes[offset];
  if (first === undefined) return null;
  const length = vintWidth(first);
  if (length === 0) throw new EbmlError(`invalid vint 0x00 at ${offset}`);
  if (offset + length > bytes.length) return null;
  const firstMask = 0xff >> length;
  let value = first & firstMask;
  let allOnes = value === firstMask;
  for (let k = 1; k < length; k++) {
    const b = bytes[offset + k]!;
    value = value * 256 + b; // not <<: values exceed 32 bits
    if (b !== 0xff) allOnes = false;
  }
  if (!allOnes && value > Number.MAX_SAFE_INTEGER) throw new EbmlError(`vint too large at ${offset}`);
  return { length, value, unknown: allOnes };
}

/** Reads an element ID (1..4 bytes, marker bits kept); null when `bytes` ends before it does. */
export function readId(bytes: Uint8Array, offset: number): { length: number; id: number } | null {
  const first = bytes[offset];
  if (first === undefined) return null;
  const length = vintWidth(first);
  if (length === 0 || length > 4) throw new EbmlError(`invalid element ID byte 0x${first.toString(16)} at ${offset}`);
  if (offset + length > bytes.length) return null;
  let id = 0;
  for (let k = 0; k < length; k++) id = id * 256 + bytes[offset + k]!;
  return { length, id };
}

/** Largest value a vint of `width` bytes can hold (all-ones is reserved for "unknown"). */
export function maxVintValue(width: number): number {
  return Math.min(2 ** (7 * width) - 2, Number.MAX_SAFE_INTEGER);
}

/** Smallest width that can encode `value`. */
export function minVintWidth(value: number): number {
  for (let w = 1; w <= 8; w++) if (value <= maxVintValue(w)) return w;
  throw new EbmlError(`value ${value} does not fit a vint`);
}

/** Encodes a data size; `width` may be larger than needed (EBML allows padded sizes). */
export function encodeVint(value: number, width = minVintWidth(value)): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new EbmlError(`bad vint value ${value}`);
  if (width < 1 || width > 8 || value > maxVintValue(width)) {
    throw new EbmlError(`value ${value} does not fit a ${width}-byte vint`);
  }
  const out = new Uint8Array(width);
  let v = value;
  for (let k = width - 1; k >= 0; k--) {
    out[k] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0]! |= 0x80 >> (width - 1);
  return out;
}

/** The 8-byte "unknown size" vint: the Segment size field is kept this wide so it can be patched. */
export const UNKNOWN_SIZE_8 = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** Encodes an element ID (its marker bits are part of the value). */
export function encodeId(id: number): Uint8Array {
  const length = id >= 0x1000000 ? 4 : id >= 0x10000 ? 3 : id >= 0x100 ? 2 : 1;
  const out = new Uint8Array(length);
  let v = id;
  for (let k = length - 1; k >= 0; k--) {
    out[k] = v % 256;
    v = Math.floor(v / 256);
  }
  if (vintWidth(out[0]!) !== length) throw new EbmlError(`invalid element ID 0x${id.toString(16)}`);
  return out;
}
