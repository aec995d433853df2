/**
 * What MediaRecorder produced in the offscreen document (the recorder witness), summarised per
 * recorder, to compare the stored objects with. Lets a test check that recording A's object holds
 * exactly A's chunks and B's exactly B's.
 */
import { expect, type Page } from '@playwright/test';
import type { LaunchedExtension } from './extension';
import { sha256Hex } from './media-check';
import { installRecorderWitness, readRecorderWitness } from './recorder-witness';
import { mediaBytes, readWebmStructure } from '../../extension/test/webm/webm-structure';
import type { StoredRecordingCheck } from './stored-recording';

/** What one MediaRecorder itself produced, summarised (sizes and SHA-256s). */
export interface RawRecorderOutput {
  chunks: number;
  bytes: number;
  sha256: string;
  /** Offset of the first Cluster (0x1F43B675) in the raw stream, -1 if none. */
  firstCluster: number;
  /**
   * SHA-256 of the media: every Cluster child but the Timecodes, in order (webm-structure.ts). The
   * WebM fixer passes them through unchanged (it only writes Cluster headers); '' if unreadable.
   */
  mediaSha256: string;
}

function mediaSha256(bytes: Uint8Array): string {
  try {
    return sha256Hex(mediaBytes(readWebmStructure(bytes)));
  } catch {
    return '';
  }
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
        mediaSha256: mediaSha256(bytes),
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
 * it IS the raw output; with the WebM fixer (header rewritten, patched at Stop, Cluster sizes written,
 * Cues appended) every block is the raw output's, unchanged, complete and in order.
 */
export function expectObjectMatchesRawOutput(check: StoredRecordingCheck, raw: RawRecorderOutput | undefined): void {
  expect(raw, 'a MediaRecorder ran for this recording').toBeDefined();
  expect(raw!.bytes).toBeGreaterThan(0);
  expect(raw!.firstCluster).toBeGreaterThan(0);
  if (check.local.transformName === 'identity' || check.local.transformName === undefined) {
    expect(check.objectSha256, 'object = MediaRecorder output').toBe(raw!.sha256);
    return;
  }
  expect(raw!.mediaSha256, 'the MediaRecorder output reads as WebM').not.toBe('');
  expect(mediaSha256(check.object), 'object media = MediaRecorder media').toBe(raw!.mediaSha256);
}
