/**
 * The browser uploader's engine (backend/web/upload/file-uploader.ts with its API client
 * upload-api.ts) against a real server and the embedded store over HTTP, with real presigned
 * URLs: Node's fetch stands in for the browser's PUT (the extension's own storePut). A real MP4 of
 * 3 parts goes up and comes back byte-identical; an upload cut off after some parts resumes from
 * what the store holds; a non-video never reaches the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../../api';
import type { Clock, Connectivity, PartTransport } from '../../../extension/src/core/upload-ports';
import { storePartTransport } from '../../../extension/src/offscreen/store-put';
import { uploadVideoFile, UploadProblem, type UploaderPorts } from '../../web/upload/file-uploader';
import { ResumeStore } from '../../web/upload/resume-store';
import { uploadApi } from '../../web/upload/upload-api';
import { api, objectKeys, startTestServer, uploadsOf, type TestServer } from '../helpers';
import { makeVideoFile } from './video-files';

let t: TestServer;
let mp4: Uint8Array<ArrayBuffer>;
let token: string;

const clock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve, reject) => (signal.aborted ? reject(signal.reason) : setTimeout(resolve, Math.min(ms, 50)))),
};
const online: Connectivity = { isOnline: () => true, waitOnline: async () => {} };

function storage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

function ports(resume: ResumeStore, transport: PartTransport = storePartTransport()): UploaderPorts {
  return {
    api: uploadApi({ base: t.reelay.localUrl, personalToken: token }),
    transport,
    connectivity: online,
    clock,
    resume,
    probe: async () => ({ durationMs: 5000, width: 1280, height: 720 }),
  };
}

beforeAll(async () => {
  [t, mp4] = await Promise.all([startTestServer(), makeVideoFile({ seconds: 5, mbps: 20, container: 'mp4' })]);
  const created = await api(t.reelay, 'POST', '/api/tokens', { token: t.reelay.apiToken, body: { name: 'uploader test' } });
  expect(created.status).toBe(201);
  token = created.json.token;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('the uploader against a real server and store', () => {
  it('uploads a real MP4 of 3 parts: stored byte-identical as video/mp4, titled after the file, with its duration', async () => {
    expect(Math.ceil(mp4.byteLength / PART_SIZE)).toBe(3);
    const file = new File([mp4], 'Board meeting.mp4', { lastModified: 1 });
    const done = await uploadVideoFile(file, ports(new ResumeStore(storage())), { signal: new AbortController().signal });
    expect(done).toMatchObject({ partsSent: 3, partsResumed: 0 });
    const meta = await api(t.reelay, 'GET', `/api/recordings/${done.id}`);
    expect(meta.json).toMatchObject({ title: 'Board meeting', mimeType: 'video/mp4', size: mp4.byteLength, durationMs: 5000, width: 1280, height: 720 });
    const redirect = await fetch(`${t.reelay.localUrl}/v/${done.id}/video`, { redirect: 'manual' });
    const video = await fetch(redirect.headers.get('location')!);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await video.arrayBuffer()).equals(Buffer.from(mp4))).toBe(true);
  });

  it('cut off after one part (the page went away), the same file again sends only the 2 parts the store lacks', async () => {
    const resume = new ResumeStore(storage());
    const file = new File([mp4], 'Resumed.mp4', { lastModified: 2 });
    const real = storePartTransport();
    let sent = 0;
    const dying: PartTransport = { put: (url, body, signal) => (sent++ === 0 ? real.put(url, body, signal) : new Promise<string>(() => {})) };
    void uploadVideoFile(file, ports(resume, dying), { signal: new AbortController().signal, maxInFlight: 3 });
    for (let i = 0; i < 200 && !(resume.find(file) && (await listed(resume.find(file)!)) === 1); i++) await new Promise((r) => setTimeout(r, 50));
    const saved = resume.find(file)!;
    expect(await listed(saved)).toBe(1);

    const counted: number[] = [];
    const counting: PartTransport = { put: (url, body, signal) => (counted.push(Number(new URL(url).searchParams.get('partNumber'))), real.put(url, body, signal)) };
    const done = await uploadVideoFile(file, ports(resume, counting), { signal: new AbortController().signal });
    expect(done).toMatchObject({ id: saved.recordingId, partsResumed: 1, partsSent: 2 });
    expect(counted).toHaveLength(2);
    const meta = await api(t.reelay, 'GET', `/api/recordings/${done.id}`);
    expect(meta.json).toMatchObject({ title: 'Resumed', size: mp4.byteLength });
    expect(resume.find(file)).toBeUndefined();
  });

  it('a non-video is refused in the browser: no recording is created', async () => {
    const before = (await api(t.reelay, 'GET', '/api/recordings?scope=mine', { token })).json.recordings.length;
    const file = new File([new TextEncoder().encode('plain text '.repeat(1000))], 'notes.mp4');
    await expect(uploadVideoFile(file, ports(new ResumeStore(storage())), { signal: new AbortController().signal })).rejects.toBeInstanceOf(UploadProblem);
    expect((await api(t.reelay, 'GET', '/api/recordings?scope=mine', { token })).json.recordings.length).toBe(before);
  });

  it('Cancel aborts the upload on the server: nothing remains in the bucket', async () => {
    const cancel = new AbortController();
    const real = storePartTransport();
    let id = '';
    const cancelling: PartTransport = { put: (url, body, signal) => (cancel.abort(), real.put(url, body, signal)) };
    const file = new File([mp4], 'Cancelled.mp4', { lastModified: 3 });
    await expect(uploadVideoFile(file, ports(new ResumeStore(storage()), cancelling), { signal: cancel.signal, onStarted: (s) => (id = s.id) })).rejects.toThrow();
    expect(id).not.toBe('');
    expect(await uploadsOf(t.reelay, id)).toEqual([]);
    expect(await objectKeys(t.reelay, id)).toEqual([]);
  });
});

/** How many parts the store holds of this saved upload (GET parts with its upload token). */
async function listed(saved: { recordingId: string; uploadToken: string }): Promise<number> {
  const res = await api(t.reelay, 'GET', `/api/recordings/${saved.recordingId}/parts`, { token: saved.uploadToken });
  return res.status === 200 ? res.json.parts.length : -1;
}
