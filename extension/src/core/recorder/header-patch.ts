/**
 * Patching bytes of the stream at upload time (the WebM fixer rewrites a few bytes of the header
 * inside part 1 once Stop tells the duration). The spool keeps the original bytes; the patch is
 * applied to the part's bytes just before they are sent. Pure.
 */
import type { HeaderPatchRecord } from '../chunk-spool';
import { base64ToBytes, bytesToBase64 } from '../webm/base64';

export interface BytePatch {
  offset: number;
  bytes: Uint8Array;
}

export function toPatchRecord(patch: BytePatch, original: Uint8Array): HeaderPatchRecord {
  if (original.length !== patch.bytes.length) throw new RangeError('a patch must replace exactly as many bytes as it has');
  return { offset: patch.offset, bytes: bytesToBase64(patch.bytes), original: bytesToBase64(original) };
}

export function fromPatchRecord(record: HeaderPatchRecord): BytePatch {
  return { offset: record.offset, bytes: base64ToBytes(record.bytes) };
}

/** True if stream bytes [start, start + length) overlap the patch. */
export function patchTouches(patch: BytePatch, start: number, length: number): boolean {
  return patch.bytes.length > 0 && patch.offset < start + length && start < patch.offset + patch.bytes.length;
}

/** A copy of `data` (stream bytes starting at `start`) with the overlapping part of the patch applied. */
export function applyPatch(data: Uint8Array, start: number, patch: BytePatch): Uint8Array {
  const out = new Uint8Array(data);
  if (!patchTouches(patch, start, data.length)) return out;
  const from = Math.max(patch.offset, start);
  const to = Math.min(patch.offset + patch.bytes.length, start + data.length);
  out.set(patch.bytes.subarray(from - patch.offset, to - patch.offset), from - start);
  return out;
}
