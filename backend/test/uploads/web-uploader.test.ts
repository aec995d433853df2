/**
 * The browser uploader's pure logic, in Node: the part plan (exactly 5 MiB parts but the last),
 * the resume state, sniffing real video bytes, and the uploader over fake ports (the store and
 * the API are faked here: the real HTTP round trip is in web-uploader-http.test.ts and the e2e
 * test): at least 3 PUTs in flight, retries after transient failures and network drops, resume
 * sending only the missing parts, Cancel removing the upload.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, type CompletedPart, type CreateRecordingRequest, type ListedPart } from '../../../api';
import { HttpError, NetworkError, UploadAbortedError } from '../../../extension/src/core/upload-errors';
import type { Clock, Connectivity } from '../../../extension/src/core/upload-ports';
import { uploadVideoFile, UploadProblem, type FileToUpload, type UploadApi } from '../../web/upload/file-uploader';
import { missingParts, planParts, storedParts } from '../../web/upload/part-plan';
import { fileFingerprint, RESUME_MAX_AGE_MS, ResumeStore } from '../../web/upload/resume-store';
import { sniffVideo } from '../../web/upload/sniff';
import { progressWords, uploadErrorWords } from '../../web/upload/upload-words';
import { makeVideoFile } from './video-files';

let mp4: Uint8Array<ArrayBuffer>;
let mov: Uint8Array<ArrayBuffer>;
let webm: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  [mp4, mov, webm] = await Promise.all([
    makeVideoFile({ seconds: 1, mbps: 2, container: 'mp4' }),
    makeVideoFile({ seconds: 1, mbps: 2, container: 'mov' }),
    makeVideoFile({ seconds: 1, mbps: 1, container: 'webm' }),
  ]);
}, 120_000);

describe('part plan', () => {
  it('cuts exactly PART_SIZE parts, the last shorter, numbered from 1', () => {
    const plan = planParts(2 * PART_SIZE + 7);
    expect(plan.map((p) => [p.partNumber, p.start, p.end, p.size])).toEqual([
      [1, 0, PART_SIZE, PART_SIZE],
      [2, PART_SIZE, 2 * PART_SIZE, PART_SIZE],
      [3, 2 * PART_SIZE, 2 * PART_SIZE + 7, 7],
    ]);
    expect(planParts(3 * PART_SIZE).map((p) => p.size)).toEqual([PART_SIZE, PART_SIZE, PART_SIZE]);
    expect(planParts(1)).toEqual([{ partNumber: 1, start: 0, end: 1, size: 1 }]);
  });

  it('refuses an empty file and one that needs more than 10,000 parts', () => {
    expect(() => planParts(0)).toThrow(RangeError);
    expect(() => planParts(10_000 * PART_SIZE + 1)).toThrow(/10000/);
  });

  it('on resume, keeps the stored parts of the planned size and sends the rest', () => {
    const plan = planParts(3 * PART_SIZE + 100);
    const listed: ListedPart[] = [
      { partNumber: 1, etag: '"a"', size: PART_SIZE },
      { partNumber: 2, etag: '"b"', size: 1024 }, // a part cut short (interrupted): send again
      { partNumber: 4, etag: '"d"', size: 100 },
    ];
    const stored = storedParts(plan, listed);
    expect(stored.map((p) => p.partNumber)).toEqual([1, 4]);
    expect(missingParts(plan, stored).map((p) => p.partNumber)).toEqual([2, 3]);
  });
});

describe('resume state', () => {
  const file = { name: 'a.mp4', size: 10, lastModified: 1000 };

  it('finds the same file (name, size, lastModified) again, and only that file', () => {
    const store = new ResumeStore(new MapStorage());
    store.save(file, { recordingId: 'r1', uploadToken: 't1', shareUrl: 's1' });
    expect(store.find({ ...file })).toMatchObject({ recordingId: 'r1', uploadToken: 't1', shareUrl: 's1', fingerprint: fileFingerprint(file) });
    expect(store.find({ ...file, lastModified: 1001 })).toBeUndefined();
    expect(store.find({ ...file, size: 11 })).toBeUndefined();
    store.forget(file);
    expect(store.find(file)).toBeUndefined();
  });

  it('keeps several files, drops entries older than a day, and survives garbage in storage', () => {
    let now = 0;
    const storage = new MapStorage();
    const store = new ResumeStore(storage, () => now);
    store.save(file, { recordingId: 'r1', uploadToken: 't1', shareUrl: 's1' });
    now = 1000;
    store.save({ ...file, name: 'b.mp4' }, { recordingId: 'r2', uploadToken: 't2', shareUrl: 's2' });
    expect(store.find(file)?.recordingId).toBe('r1');
    now = RESUME_MAX_AGE_MS + 1;
    expect(store.find(file)).toBeUndefined();
    expect(store.find({ ...file, name: 'b.mp4' })?.recordingId).toBe('r2');
    storage.setItem('reelay.file-uploads.v1', '{not json');
    expect(store.find(file)).toBeUndefined();
  });
});

describe('sniffing by bytes', () => {
  it('recognises MP4, MOV and WebM from their first bytes whatever the name', async () => {
    expect(await sniffVideo('x.bin', mp4.subarray(0, 16384))).toEqual({ ok: true, mimeType: 'video/mp4' });
    expect(await sniffVideo('x.mp4', mov.subarray(0, 16384))).toEqual({ ok: true, mimeType: 'video/quicktime' });
    expect(await sniffVideo('x.mp4', webm.subarray(0, 16384))).toEqual({ ok: true, mimeType: 'video/webm' });
  });

  it('refuses anything else with a sentence that says what to choose', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array(64).fill(0)]);
    expect(await sniffVideo('holiday.mp4', png)).toEqual({ ok: false, message: '“holiday.mp4” is a PNG file. Choose an MP4, WebM or MOV video file.' });
    const text = new TextEncoder().encode('hello, this is text\n'.repeat(50));
    expect(await sniffVideo('notes.mov', text)).toEqual({ ok: false, message: '“notes.mov” is not a video Reelay can play. Choose an MP4, WebM or MOV video file.' });
    expect(await sniffVideo('empty.mp4', new Uint8Array())).toMatchObject({ ok: false, message: expect.stringContaining('is empty') });
  });
});

describe('the uploader (fake store and API)', () => {
  it('keeps at least 3 PUTs in flight, sends every part once, completes with all parts in order and the duration', async () => {
    const h = harness(videoFile(mp4, 6 * PART_SIZE + 10));
    const done = await uploadVideoFile(h.file, h.ports, { signal: new AbortController().signal });
    expect(h.maxInFlight).toBeGreaterThanOrEqual(3);
    expect(h.puts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(h.created).toEqual([{ mimeType: 'video/mp4', file: { name: 'clip.mp4', size: 6 * PART_SIZE + 10 } }]);
    expect(h.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(h.completed[0]).toMatchObject({ durationMs: 4200, width: 1280, height: 720 });
    expect(h.thumbnails).toBe(1);
    expect(done).toEqual({ id: 'rec1', shareUrl: 'http://x/v/rec1', partsSent: 7, partsResumed: 0 });
    expect(h.resume.find(h.file)).toBeUndefined(); // finished: nothing to resume
  });

  it('retries transient failures (no answer, 503) and waits while offline, then finishes', async () => {
    const h = harness(videoFile(mp4, 3 * PART_SIZE));
    h.failNext(2, new NetworkError('http://store'));
    h.failNext(2, new HttpError(503, 'store_error'));
    h.failNext(3, new HttpError(500));
    h.offline = true;
    setTimeout(() => h.goOnline(), 20);
    await uploadVideoFile(h.file, h.ports, { signal: new AbortController().signal });
    expect(h.attempts.get(2)).toBe(3);
    expect(h.attempts.get(3)).toBe(2);
    expect(h.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
  });

  it('a reload mid-upload, then the same file again: asks the store which parts it holds and sends only the rest', async () => {
    const h = harness(videoFile(mp4, 4 * PART_SIZE + 5));
    // The page goes away after 2 parts: every later PUT hangs for ever (a reload is not a Cancel: no abort).
    h.hangAfter(2);
    void uploadVideoFile(h.file, h.ports, { signal: new AbortController().signal });
    await until(() => h.puts.length === 2 && h.hanging >= 2);
    h.hangAfter(Infinity);
    const stored = [...h.storedParts.keys()];
    expect(stored.length).toBe(2);
    h.puts.length = 0;
    const done = await uploadVideoFile(h.file, h.ports, { signal: new AbortController().signal });
    expect(h.created).toHaveLength(1); // no new recording
    expect(done).toMatchObject({ id: 'rec1', partsResumed: 2, partsSent: 3 });
    expect(h.puts.sort()).toEqual([1, 2, 3, 4, 5].filter((n) => !stored.includes(n)));
    expect(h.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a saved upload the server no longer has (404) starts afresh', async () => {
    const h = harness(videoFile(mp4, PART_SIZE + 1));
    h.resume.save(h.file, { recordingId: 'gone', uploadToken: 'x', shareUrl: 'http://x/v/gone' });
    const done = await uploadVideoFile(h.file, h.ports, { signal: new AbortController().signal });
    expect(done.id).toBe('rec1');
    expect(h.created).toHaveLength(1);
  });

  it('a file that is not a video is refused before anything is uploaded', async () => {
    const h = harness(videoFile(new TextEncoder().encode('just text'.repeat(100)), 900, 'notes.mp4'));
    const error = await uploadVideoFile(h.file, h.ports, { signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadProblem);
    expect(uploadErrorWords(error)).toBe('“notes.mp4” is not a video Reelay can play. Choose an MP4, WebM or MOV video file.');
    expect(h.created).toEqual([]);
    expect(h.puts).toEqual([]);
  });

  it('Cancel aborts the PUTs, removes the upload on the server and forgets the resume state', async () => {
    const h = harness(videoFile(mp4, 8 * PART_SIZE));
    const cancel = new AbortController();
    h.onPut = (n) => n === 2 && cancel.abort();
    await expect(uploadVideoFile(h.file, h.ports, { signal: cancel.signal })).rejects.toBeInstanceOf(UploadAbortedError);
    expect(h.removed).toEqual(['rec1']);
    expect(h.resume.find(h.file)).toBeUndefined();
    expect(h.completed).toEqual([]);
  });

  it('says what went wrong in plain words, and the progress as a percentage and megabytes', () => {
    expect(uploadErrorWords(new HttpError(413, 'payload_too_large', undefined, 'This file is 6 GiB; this server takes video files of at most 5 GiB.'))).toBe(
      'This file is 6 GiB; this server takes video files of at most 5 GiB.',
    );
    expect(uploadErrorWords(new NetworkError('x'))).toMatch(/^The connection was lost\. .*Pick the same file again/);
    // The account's limits (issue 15): the server's sentence, not "no longer exists".
    expect(uploadErrorWords(new HttpError(403, 'quota_exceeded', undefined, 'Your storage is full (100 GB). Delete recordings you no longer need in the library, then try again.'))).toMatch(/^Your storage is full/);
    expect(uploadErrorWords(new HttpError(429, 'rate_limited', 60_000, 'Too many new recordings from your account. Try again in 60 s.'))).toMatch(/^Too many new recordings .*Pick the same file again/);
    expect(uploadErrorWords(new HttpError(404, 'upload_gone'))).toMatch(/no longer exists.*start over/);
    expect(progressWords(8_100_000, 19_300_000)).toEqual({ percent: 41, text: '41% · 8.1 MB of 19 MB' });
  });
});

// ---- fakes ---------------------------------------------------------------------------------------

class MapStorage {
  private readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

/** A File of `size` bytes that starts with `head` (the rest zeros; only the head is sniffed). */
function videoFile(head: Uint8Array, size: number, name = 'clip.mp4'): FileToUpload {
  const bytes = new Uint8Array(size);
  bytes.set(head.subarray(0, Math.min(head.byteLength, size)));
  return new File([bytes], name, { lastModified: 1234 });
}

function harness(file: FileToUpload) {
  const failures = new Map<number, unknown[]>();
  let hangFrom = Infinity;
  let started = 0;
  let onlineWaiters: (() => void)[] = [];
  let inFlight = 0;
  const h = {
    file,
    resume: new ResumeStore(new MapStorage()),
    maxInFlight: 0,
    puts: [] as number[],
    attempts: new Map<number, number>(),
    created: [] as CreateRecordingRequest[],
    completed: [] as { parts: CompletedPart[]; durationMs: number; width?: number; height?: number }[],
    removed: [] as string[],
    thumbnails: 0,
    storedParts: new Map<number, ListedPart>(),
    offline: false,
    onPut: (_n: number) => {},
    failNext(part: number, error: unknown) {
      failures.set(part, [...(failures.get(part) ?? []), error]);
    },
    /** PUTs started after the first `parts` never answer (the page went away). */
    hangAfter(parts: number) {
      hangFrom = parts;
    },
    hanging: 0,
    goOnline() {
      h.offline = false;
      onlineWaiters.forEach((w) => w());
      onlineWaiters = [];
    },
    ports: undefined as unknown as Parameters<typeof uploadVideoFile>[1],
  };
  const clock: Clock = { now: () => Date.now(), sleep: (_ms, signal) => (signal.aborted ? Promise.reject(signal.reason) : new Promise((r) => setTimeout(r, 1))) };
  const connectivity: Connectivity = {
    isOnline: () => !h.offline,
    waitOnline: () => new Promise<void>((resolve) => (h.offline ? onlineWaiters.push(resolve) : resolve())),
  };
  const api: UploadApi = {
    async create(req) {
      h.created.push(req);
      return { id: 'rec1', uploadId: 'u1', uploadToken: 'tok1', partSize: PART_SIZE, shareUrl: 'http://x/v/rec1' };
    },
    async listParts(id) {
      if (id !== 'rec1') throw new HttpError(404, 'not_found');
      return { parts: [...h.storedParts.values()] };
    },
    async presign(_id, _t, partNumbers) {
      return { urls: Object.fromEntries(partNumbers.map((n) => [String(n), `http://store/part?partNumber=${n}`])), expiresAt: new Date(Date.now() + 600_000).toISOString() };
    },
    async complete(_id, _t, req) {
      h.completed.push(req);
      return { shareUrl: 'http://x/v/rec1' };
    },
    async putThumbnail() {
      h.thumbnails++;
    },
    async remove(id) {
      h.removed.push(id);
    },
  };
  h.ports = {
    api,
    clock,
    connectivity,
    resume: h.resume,
    random: () => 0.5,
    probe: async () => ({ durationMs: 4200, width: 1280, height: 720, thumbnail: new Blob([new Uint8Array(10)], { type: 'image/jpeg' }) }),
    transport: {
      async put(url, body, signal) {
        const n = Number(new URL(url).searchParams.get('partNumber'));
        h.attempts.set(n, (h.attempts.get(n) ?? 0) + 1);
        if (h.offline) throw new NetworkError('http://store');
        const failure = failures.get(n)?.shift();
        if (failure) throw failure;
        if (started++ >= hangFrom) {
          h.hanging++;
          return new Promise<string>(() => {});
        }
        inFlight++;
        h.maxInFlight = Math.max(h.maxInFlight, inFlight);
        h.onPut(n);
        try {
          await new Promise((r) => setTimeout(r, 5)); // the bytes on the wire
          if (signal.aborted) throw signal.reason;
        } finally {
          inFlight--;
        }
        const size = body instanceof Blob ? body.size : body.byteLength;
        h.puts.push(n);
        h.storedParts.set(n, { partNumber: n, etag: `"etag-${n}"`, size });
        return `"etag-${n}"`;
      },
    },
  };
  return h;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
