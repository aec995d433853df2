/**
 * What MediaRecorder produced in the offscreen document (the recorder witness), summarised per
 * recorder, to compare the stored objects with. Lets a test check that recording A's object holds
 * exactly A's chunks and B's exactly B's.
 */
import { expect, type Page } from '@playwright/test';
import type { LaunchedExtension } from './extension';
import { sha256Hex } from './media-check';
import { installRecorderWitness, readRecorderWitness } from './recorder-witness';
import type { StoredRecordingCheck } from './stored-recording';

/** What one MediaRecorder itself produced, summarised (sizes and SHA-256s). */
export interface RawRecorderOutput {
  chunks: number;
  bytes: number;
  sha256: string;
  /** Offset of the first Cluster (0x1F43B675) in the raw stream, -1 if none. */
  firstCluster: number;
  /** SHA-256 of raw bytes from the first Cluster to the end: the media the WebM fixer passes through unchanged. */
  bodySha256: string;
}

/**
 * Installs the recorder witness (recorder-witness.ts) in the offscreen document, so that every
 * recorder started from now on also feeds a test-owned list of its chunks. Call before "Start
 * recording". Returns a reader of the per-recorder summaries, in start order.
 */
export async function captureRawRecorderOutput(_ext: LaunchedExtension, extensionPage: Page): Promise<() => Promise<RawRecorderOutput[]>> {
  await installRecorderWitness(extensionPage);
  return async () => {
    const { recorders } = await readRecorderWitness(extensionPage);
    if (recorders.length === 0) throw new Error('no raw recorder output was captured');
    return recorders.map((r) => {
      const bytes = Buffer.concat(r.chunks.map((c) => Buffer.from(c, 'base64')));
      const firstCluster = firstClusterOffset(bytes);
      return {
        chunks: r.chunks.length,
        bytes: bytes.length,
        sha256: sha256Hex(bytes),
        firstCluster,
        bodySha256: firstCluster >= 0 ? sha256Hex(bytes.subarray(firstCluster)) : '',
      };
    });
  };
}

/** Offset of the first WebM Cluster ID in `bytes`, -1 if none. */
export function firstClusterOffset(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
}

/**
 * The stored object carries exactly the media MediaRecorder produced: with the identity transform
 * it IS the raw output; with the WebM fixer (header rewritten, patched at Stop, Cues appended) every
 * byte from the first Cluster on is the raw output, unchanged and complete.
 */
export function expectObjectMatchesRawOutput(check: StoredRecordingCheck, raw: RawRecorderOutput | undefined): void {
  expect(raw, 'a MediaRecorder ran for this recording').toBeDefined();
  expect(raw!.bytes).toBeGreaterThan(0);
  expect(raw!.firstCluster).toBeGreaterThan(0);
  if (check.local.transformName === 'identity' || check.local.transformName === undefined) {
    expect(check.objectSha256, 'object = MediaRecorder output').toBe(raw!.sha256);
    return;
  }
  const at = firstClusterOffset(check.object);
  expect(at).toBeGreaterThan(0);
  const bodyLength = raw!.bytes - raw!.firstCluster;
  const body = check.object.subarray(at, at + bodyLength);
  expect(body.length, 'object holds all raw media bytes').toBe(bodyLength);
  expect(sha256Hex(body), 'object media = MediaRecorder media').toBe(raw!.bodySha256);
}
