/**
 * The finished recording as the store holds it, checked against what the extension spooled,
 * plus one line of figures per check for the CI log.
 */
import { expect, type Page } from '@playwright/test';
import type { TestBackend } from './backend';
import { ffmpegDecode, mib, packetSpan, probeStreams, sha256Hex, tempFile, undoHeaderPatch, type PacketSpan, type StreamInfo } from './media-check';
import { localRecordingByServerId, type LocalRecording } from './recorder-db';
import { downloadObject, fetchRecordingMetadata, listPendingUploads, videoKeyOf, type RecordingMetadata } from './store-inspect';

export interface StoredRecordingCheck {
  local: LocalRecording;
  /** The stored object's bytes. */
  object: Buffer;
  metadata: RecordingMetadata;
  objectBytes: number;
  objectSha256: string;
  span: PacketSpan;
  streams: StreamInfo[];
  decodeErrors: string;
}

/**
 * The finished recording in the store: the object is byte-identical to the stream the
 * extension spooled (its SHA-256, header patch undone), ffmpeg decodes it, the metadata exists,
 * and no multipart upload is left open under the recording's prefix.
 * Duration checks are left to the caller (they differ per test).
 */
export async function checkStoredRecording(backend: TestBackend, extensionPage: Page, serverId: string): Promise<StoredRecordingCheck> {
  const local = await localRecordingByServerId(extensionPage, serverId);
  expect(local.status).toBe('done');
  expect(local.streamSha256, 'the extension hashed the stream it spooled').toMatch(/^[0-9a-f]{64}$/);

  const object = await downloadObject(backend, videoKeyOf(serverId));
  expect(object.length, 'object size = bytes spooled').toBe(local.bytesSpooled);
  const objectSha256 = sha256Hex(object);
  expect(sha256Hex(undoHeaderPatch(object, local.headerPatch)), 'object = the spooled stream').toBe(local.streamSha256);
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
    return { local, object, metadata: metadata!, objectBytes: object.length, objectSha256, span, streams, decodeErrors: decoded.errors };
  } finally {
    await file.cleanup();
  }
}

/** Parts acknowledged after `from` (and before `to`), from the recorder's upload timeline. */
export function partsAckedBetween(check: StoredRecordingCheck, from: number, to = Infinity): number {
  return (check.local.timeline?.parts ?? []).filter((p) => p.ackedAt > from && p.ackedAt < to).length;
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
