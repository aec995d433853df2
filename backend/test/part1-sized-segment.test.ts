/**
 * The Segment's real size travels in the header patch (issue 11): a multi-part recording whose part 1
 * went up early as the head, made into part 1 by POST part1 at Stop, is stored with a known Segment
 * size that matches the object, every Cluster sized, and plays clean for ffprobe. The stream is a
 * real Chrome MediaRecorder recording (extension/test/fixtures/webm/screen.webm) looped past one
 * part and fed chunk by chunk through the extension's own fixer; real HTTP, real presigned URLs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, type CompletedPart, type HeadUploadResponse } from '../../api';
import { loopedChunks, parseLoopSource } from '../../bench/lib/stop-to-link-loop';
import { createWebmStreamFixer, finalizeWebm } from '../../extension/src/core/webm';
import { readWebmStructure } from '../../extension/test/webm/webm-structure';
import { api, complete, createRecording, startTestServer, uploadParts, type TestServer } from './helpers';

const run = promisify(execFile);
const FIXTURE = join(import.meta.dirname, '../../extension/test/fixtures/webm/screen.webm');

let t: TestServer;
let dir: string;
beforeAll(async () => {
  t = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'reelay-sized-'));
});
afterAll(async () => {
  await t?.stop();
  await rm(dir, { recursive: true, force: true });
});

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.concat(parts));
}

describe('a multi-part recording made through the head and POST part1', () => {
  it('is stored with its real Segment size and sized Clusters, and ffprobe reads it without a message', async () => {
    // ~260 s of the 20 s fixture (25 KB/s): a little more than one part, in ~1 s chunks.
    const source = parseLoopSource(new Uint8Array(await readFile(FIXTURE)), 20);
    const fixer = createWebmStreamFixer();
    const stream = concat([...[...loopedChunks(source, 260_000)].map((c) => fixer.push(c)), fixer.end()]);
    const fix = finalizeWebm(fixer.index(), stream.length);
    expect(fix.problem).toBeNull();
    expect(stream.length).toBeGreaterThan(PART_SIZE);

    // While recording: part 1 unpatched as the head. At Stop: the rest + trailer as parts 2..N.
    const rec = await createRecording(t.reelay);
    const signed = (await api(t.reelay, 'POST', `/api/recordings/${rec.id}/head`, { token: rec.uploadToken })).json as HeadUploadResponse;
    const put = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: stream.subarray(0, PART_SIZE) });
    await put.arrayBuffer();
    expect(put.status).toBe(200);
    const rest = concat([stream.subarray(PART_SIZE), fix.trailer]);
    const tail = new Map<number, Uint8Array<ArrayBuffer>>();
    for (let at = 0, n = 2; at < rest.length; at += PART_SIZE, n++) tail.set(n, rest.subarray(at, at + PART_SIZE));
    const parts = await uploadParts(t.reelay, rec, tail);
    const patch = fix.headerPatch!;
    const made = await api(t.reelay, 'POST', `/api/recordings/${rec.id}/part1`, {
      token: rec.uploadToken,
      body: { patches: [{ offset: patch.offset, data: Buffer.from(patch.bytes).toString('base64') }] },
    });
    expect(made.status).toBe(200);
    expect((await complete(t.reelay, rec, [made.json as CompletedPart, ...parts], { durationMs: fix.durationMs })).status).toBe(200);

    const redirect = await fetch(`${t.reelay.localUrl}/v/${rec.id}/video`, { redirect: 'manual' });
    const stored = new Uint8Array(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
    expect(stored.length).toBe(stream.length + fix.trailer.length);
    const structure = readWebmStructure(stored); // throws unless every size adds up
    expect(structure.segmentSize).toBe(stored.length - structure.segmentDataStart);
    expect(structure.clusters.length).toBeGreaterThan(source.clusters.length);
    expect(structure.clusters.every((c) => c.size !== null)).toBe(true);

    const file = join(dir, 'stored.webm');
    await writeFile(file, stored);
    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    expect(probe.stderr).toBe('');
    expect(Math.abs(Number(probe.stdout.trim()) - fix.durationMs! / 1000)).toBeLessThan(0.2);
    const decode = await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(decode.stderr).toBe('');
  }, 120_000);
});
