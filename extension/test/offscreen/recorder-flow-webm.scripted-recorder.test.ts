/**
 * The recorder with the WebM fixer as its stream transform, fed with a real Chromium MediaRecorder
 * recording (extension/test/fixtures/webm/screen.webm, chunk by chunk as delivered). The recorder
 * itself is SCRIPTED (fake; see flow-harness.ts); backend, store and spool code are real.
 */
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { webmFixTransform } from '../../src/core/transforms/webm-transform';
import { downloadVideo, harness, onlyRecord, scriptedMedia, server, sha256, until, useFlowBackend } from './flow-harness';

useFlowBackend();

const fixtureDir = new URL('../fixtures/webm/', import.meta.url);

async function fixtureChunks(): Promise<Uint8Array[]> {
  const bytes = new Uint8Array(await readFile(new URL('screen.webm', fixtureDir)));
  const { chunkSizes } = JSON.parse(await readFile(new URL('screen.json', fixtureDir), 'utf8')) as { chunkSizes: number[] };
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of chunkSizes) {
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  expect(at).toBe(bytes.length);
  return chunks;
}

describe('recorder flow with the WebM fixer (scripted MediaRecorder replaying a real recording)', () => {
  it('holds part 1 until Stop, uploads it patched, and the patch is the only difference from the spooled stream', async () => {
    const chunks = await fixtureChunks();
    const last = chunks.pop()!; // delivered after stop(), like Chrome's final dataavailable
    const { media, state } = scriptedMedia(chunks, last);
    const t = await harness({ media, factory: webmFixTransform });
    expect(await t.start()).toEqual({ ok: true });
    await until(() => state.recorder!.drained || undefined, 'chunks emitted');
    const before = await onlyRecord(t.spool);
    expect(before.transform?.name).toBe('webm-fix');
    expect(before.acknowledgedParts).toEqual([]); // part 1 is held while recording
    expect(await t.stop()).toEqual({ ok: true });
    const done = await until(() => (t.status().state === 'done' ? t.status() : undefined), 'done');
    if (done.state !== 'done') throw new Error('unreachable');

    const record = await onlyRecord(t.spool);
    const stored = await downloadVideo(done.recordingId);
    expect(stored.length).toBe(record.bytesSpooled);
    expect(record.headerPatch).toBeDefined();
    const { offset, bytes, original } = record.headerPatch!;
    const patch = Buffer.from(bytes, 'base64');
    expect(Buffer.from(stored.subarray(offset, offset + patch.length)).equals(patch)).toBe(true);
    // Undo the patch: the rest of the object is exactly the spooled stream.
    const unpatched = new Uint8Array(stored);
    unpatched.set(Buffer.from(original, 'base64'), offset);
    expect(sha256(unpatched)).toBe(sha256(await t.witness.stream(record.localId)));

    // The stored file now declares its duration (MediaRecorder's own output has none).
    const dir = await mkdtemp(join(tmpdir(), 'reelay-webm-flow-'));
    try {
      const file = join(dir, 'stored.webm');
      await writeFile(file, stored);
      const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
      const seconds = Number(stdout.trim());
      expect(seconds).toBeGreaterThan(15);
      expect(seconds).toBeLessThan(25);
      // The duration sent on complete is the stream's own (the scripted recorder's wall clock is
      // near zero), so the share page and the file agree.
      expect(Math.abs(record.durationMs! / 1000 - seconds)).toBeLessThan(0.2);
      const meta = (await (await fetch(`${server.localUrl}/api/recordings/${done.recordingId}`)).json()) as { durationMs: number };
      expect(meta.durationMs).toBe(record.durationMs);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
