/**
 * The finished recording as the store holds it, checked against what the extension spooled
 * (recomputed from the test's own witness of the recorder, recorder-witness.ts), plus one line of
 * figures per check for the CI log.
 */
import { expect, type Page } from '@playwright/test';
import type { TestBackend } from './backend';
import { ffmpegDecode, mib, packetSpan, probeStreams, sha256Hex, tempFile, undoHeaderPatch, type PacketSpan, type StreamInfo } from './media-check';
import { localRecordingByServerId, type LocalRecording } from './recorder-db';
import { readRecorderWitness } from './recorder-witness';
import { candidateSpooledStreams } from './spooled-stream';
import { downloadObject, fetchRecordingMetadata, listPendingUploads, videoKeyOf, type RecordingMetadata } from './store-inspect';

export interface StoredRecordingCheck {
  local: LocalRecording;
  /** The stored object's bytes. */
  object: Buffer;
  metadata: RecordingMetadata;
  objectBytes: number;
  objectSha256: string;
  /** When the store accepted each part of this upload (witnessed), in part order. */
  acks: { partNumber: number; ackedAt: number; msFromStop?: number }[];
  span: PacketSpan;
  streams: StreamInfo[];
  decodeErrors: string;
}

/**
 * The finished recording in the store: the object is byte-identical to the stream the
 * extension spooled (header patch undone; the spooled stream recomputed from the witnessed
 * MediaRecorder chunks through the extension's transform), ffmpeg decodes it, the metadata exists,
 * and no multipart upload is left open under the recording's prefix.
 * Duration checks are left to the caller (they differ per test).
 */
export async function checkStoredRecording(backend: TestBackend, extensionPage: Page, serverId: string): Promise<StoredRecordingCheck> {
  const local = await localRecordingByServerId(extensionPage, serverId);
  expect(local.status).toBe('done');
  const witness = await readRecorderWitness(extensionPage);
  expect(witness.recorders.length, 'the recorder witness saw a MediaRecorder (installRecorderWitness)').toBeGreaterThan(0);

  const object = await downloadObject(backend, videoKeyOf(serverId));
  expect(object.length, 'object size = bytes spooled').toBe(local.bytesSpooled);
  const objectSha256 = sha256Hex(object);
  const spooled = sha256Hex(undoHeaderPatch(object, local.headerPatch));
  const candidates = witness.recorders.flatMap((r) => candidateSpooledStreams(r, local.transformName, object.length).map(sha256Hex));
  expect(candidates, 'object = the spooled stream (a witnessed recorder run through the transform)').toContain(spooled);
  const lastPut = new Map<number, number>();
  for (const p of witness.puts) if (p.uploadId === local.uploadId || p.uploadId === `head:${serverId}`) lastPut.set(p.partNumber, p.at);
  const acks = [...lastPut]
    .sort(([a], [b]) => a - b)
    .map(([partNumber, ackedAt]) => ({ partNumber, ackedAt, ...(local.stoppedAt !== undefined ? { msFromStop: ackedAt - local.stoppedAt } : {}) }));
  expect(await listPendingUploads(backend, `recordings/${serverId}/`), 'multipart uploads left open').toEqual([]);

  const metadata = await fetchRecordingMetadata(backend, serverId);
  expect(metadata, 'GET /api/recordings/:id answers for a finished recording').not.toBeNull();
  expect(metadata!.size).toBe(object.length);

  const file = await tempFile(object);
  try {
    const decoded = await ffmpegDecode(file.path);
    expect(decoded.exitCode, `ffmpeg decode errors:\n${decoded.errors}`).toBe(0);
    const streams = await probeStreams(file.path);
    const span = await packetSpan(file.path);
    return { local, object, metadata: metadata!, objectBytes: object.length, objectSha256, acks, span, streams, decodeErrors: decoded.errors };
  } finally {
    await file.cleanup();
  }
}

/** Parts the store accepted after `from` (and before `to`), from the witnessed PUTs. */
export function partsAckedBetween(check: StoredRecordingCheck, from: number, to = Infinity): number {
  return check.acks.filter((p) => p.ackedAt > from && p.ackedAt < to).length;
}

/** One line of figures for CI logs. */
export function describeCheck(label: string, c: StoredRecordingCheck, extra: Record<string, unknown> = {}): string {
  const figures = {
    object: `${c.objectBytes} B (${mib(c.objectBytes)})`,
    parts: c.local.acknowledgedParts.length,
    durationMs: c.metadata.durationMs,
    packetSpanS: Number(c.span.duration.toFixed(3)),
    videoSpanS: Number(c.span.videoDuration.toFixed(3)),
    streams: c.streams.map((s) => `${s.codecType}:${s.codecName}${s.width ? `@${s.width}x${s.height}` : ''}`).join(' '),
    transform: c.local.transformName,
    decodeWarnings: c.decodeErrors.trim().split('\n').filter(Boolean).length,
    ...extra,
  };
  return `[${label}] ${JSON.stringify(figures)}`;
}
