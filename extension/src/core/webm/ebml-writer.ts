/** Encoding EBML elements (the few kinds the WebM finalizer writes). */
import { EbmlError, encodeId, encodeVint, maxVintValue } from './ebml-vint';

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An element with `data`; `sizeWidth` pads the size vint (used to hit an exact total length). */
export function element(id: number, data: Uint8Array, sizeWidth?: number): Uint8Array {
  return concatBytes([encodeId(id), encodeVint(data.length, sizeWidth), data]);
}

export function masterElement(id: number, children: readonly Uint8Array[], sizeWidth?: number): Uint8Array {
  return element(id, concatBytes(children), sizeWidth);
}

/** Unsigned integer in `width` bytes (default: as few as possible, at least one). */
export function uintElement(id: number, value: number, width?: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new EbmlError(`bad uint ${value}`);
  let w = width ?? 1;
  if (width === undefined) while (value >= 2 ** (8 * w)) w++;
  if (value >= 2 ** (8 * w)) throw new EbmlError(`uint ${value} does not fit ${w} bytes`);
  const data = new Uint8Array(w);
  let v = value;
  for (let k = w - 1; k >= 0; k--) {
    data[k] = v % 256;
    v = Math.floor(v / 256);
  }
  return element(id, data);
}

/** 64-bit big-endian IEEE float. */
export function floatElement(id: number, value: number): Uint8Array {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setFloat64(0, value, false);
  return element(id, data);
}

/** A Void element of exactly `totalLength` bytes (>= 2: one ID byte plus at least one size byte). */
export function voidElement(totalLength: number): Uint8Array {
  for (let w = 1; w <= 8; w++) {
    const dataLength = totalLength - 1 - w;
    if (dataLength >= 0 && dataLength <= maxVintValue(w)) {
      const out = new Uint8Array(totalLength);
      out[0] = 0xec;
      out.set(encodeVint(dataLength, w), 1);
      return out;
    }
  }
  throw new EbmlError(`cannot make a Void of ${totalLength} bytes`);
}
