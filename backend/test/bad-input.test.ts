/**
 * Bad input, table-driven, over real HTTP: every case must be a 4xx with a clear JSON
 * error (never a 500, never a crash), and a recording in progress must not be disturbed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../api';
import { UploadTokens } from '../src/recordings/tokens';
import {
  abortUploadOutOfBand,
  api,
  createRecording,
  makeVideo,
  objectKeys,
  startTestServer,
  uploadAndComplete,
  uploadParts,
  uploadsOf,
  type TestServer,
} from './helpers';

let t: TestServer;
let rec: CreateRecordingResponse;
let unknownToken: string;
const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAA'; // well-formed, never created

beforeAll(async () => {
  t = await startTestServer();
  rec = await createRecording(t.reelay);
  // The upload token the server would issue for UNKNOWN_ID: passes auth, then 404.
  unknownToken = new UploadTokens(t.reelay.apiToken).issue(UNKNOWN_ID);
});
afterAll(async () => {
  await t?.stop();
});

type Case = {
  name: string;
  method: string;
  path: () => string;
  token?: () => string | undefined;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
  message?: RegExp;
};

const apiToken = () => t.reelay.apiToken;
const upload = () => rec.uploadToken;
const parts = () => `/api/recordings/${rec.id}/parts`;
const completePath = () => `/api/recordings/${rec.id}/complete`;
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

const cases: Case[] = [
  // create
  { name: 'create without a token', method: 'POST', path: () => '/api/recordings', body: { mimeType: 'video/webm' }, status: 401, code: 'unauthorized' },
  { name: 'create with a wrong token', method: 'POST', path: () => '/api/recordings', token: () => 'x'.repeat(43), body: { mimeType: 'video/webm' }, status: 401, code: 'unauthorized' },
  { name: 'create with a malformed Authorization header', method: 'POST', path: () => '/api/recordings', headers: { authorization: 'Basic abc' }, body: { mimeType: 'video/webm' }, status: 401 },
  { name: 'create with malformed JSON', method: 'POST', path: () => '/api/recordings', token: apiToken, rawBody: '{"mimeType":', status: 400, code: 'invalid_json' },
  { name: 'create with an empty body', method: 'POST', path: () => '/api/recordings', token: apiToken, rawBody: '', status: 400, code: 'invalid_json' },
  { name: 'create with an array body', method: 'POST', path: () => '/api/recordings', token: apiToken, body: [], status: 400, code: 'invalid_request' },
  { name: 'create without mimeType', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { title: 'x' }, status: 400, message: /mimeType/ },
  { name: 'create with video/avi', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { mimeType: 'video/avi' }, status: 400, message: /mimeType/ },
  { name: 'create with text/html', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { mimeType: 'text/html' }, status: 400, message: /mimeType/ },
  { name: 'create with a mimeType carrying a header injection', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { mimeType: 'video/webm\r\nX-Evil: 1' }, status: 400 },
  { name: 'create with mimeType as a number', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { mimeType: 5 }, status: 400, message: /mimeType/ },
  { name: 'create with a 201-character title', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { mimeType: 'video/webm', title: 'x'.repeat(201) }, status: 400, message: /title/ },
  { name: 'create with a numeric title', method: 'POST', path: () => '/api/recordings', token: apiToken, body: { mimeType: 'video/webm', title: 42 }, status: 400, message: /title/ },
  { name: 'create with a body over 1 MiB', method: 'POST', path: () => '/api/recordings', token: apiToken, rawBody: JSON.stringify({ mimeType: 'video/webm', title: 'x'.repeat(1_100_000) }), status: 413, code: 'payload_too_large' },

  // presign parts
  { name: 'parts without a token', method: 'POST', path: parts, body: { partNumbers: [1] }, status: 401 },
  { name: 'parts with the API token', method: 'POST', path: parts, token: apiToken, body: { partNumbers: [1] }, status: 403 },
  { name: 'parts with a wrong token', method: 'POST', path: parts, token: () => 'wrong', body: { partNumbers: [1] }, status: 403 },
  { name: 'parts with malformed JSON', method: 'POST', path: parts, token: upload, rawBody: '{partNumbers:[1]}', status: 400, code: 'invalid_json' },
  { name: 'parts without partNumbers', method: 'POST', path: parts, token: upload, body: {}, status: 400, message: /partNumbers/ },
  { name: 'parts with partNumbers not an array', method: 'POST', path: parts, token: upload, body: { partNumbers: 1 }, status: 400, message: /partNumbers/ },
  { name: 'parts with no part numbers', method: 'POST', path: parts, token: upload, body: { partNumbers: [] }, status: 400, message: /empty/ },
  { name: 'parts with part number 0', method: 'POST', path: parts, token: upload, body: { partNumbers: [0] }, status: 400, message: /start at 1/ },
  { name: 'parts with part number 10001', method: 'POST', path: parts, token: upload, body: { partNumbers: [10001] }, status: 400, message: /10000/ },
  { name: 'parts with a negative part number', method: 'POST', path: parts, token: upload, body: { partNumbers: [-1] }, status: 400 },
  { name: 'parts with a fractional part number', method: 'POST', path: parts, token: upload, body: { partNumbers: [1.5] }, status: 400, message: /integer/ },
  { name: 'parts with a string part number', method: 'POST', path: parts, token: upload, body: { partNumbers: ['1'] }, status: 400 },
  { name: 'parts with null', method: 'POST', path: parts, token: upload, body: { partNumbers: [null] }, status: 400 },
  { name: 'parts with 1001 part numbers', method: 'POST', path: parts, token: upload, body: { partNumbers: range(1001) }, status: 400, message: /1000/ },

  // ids
  { name: 'parts of an unknown id', method: 'POST', path: () => `/api/recordings/${UNKNOWN_ID}/parts`, token: () => unknownToken, body: { partNumbers: [1] }, status: 404, code: 'not_found' },
  { name: 'list parts of an unknown id', method: 'GET', path: () => `/api/recordings/${UNKNOWN_ID}/parts`, token: () => unknownToken, status: 404 },
  { name: 'complete of an unknown id', method: 'POST', path: () => `/api/recordings/${UNKNOWN_ID}/complete`, token: () => unknownToken, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: 1 }, status: 404 },
  { name: 'delete of an unknown id', method: 'DELETE', path: () => `/api/recordings/${UNKNOWN_ID}`, token: () => unknownToken, status: 404 },
  { name: 'metadata of an unknown id', method: 'GET', path: () => `/api/recordings/${UNKNOWN_ID}`, status: 404 },
  { name: 'metadata of a pending recording', method: 'GET', path: () => `/api/recordings/${rec.id}`, status: 404 },
  { name: 'a path trick as id (..%2F)', method: 'GET', path: () => '/api/recordings/..%2F..%2Fapi-token/parts', token: upload, status: 404, code: 'not_found' },
  { name: 'a path trick as id on delete', method: 'DELETE', path: () => `/api/recordings/${rec.id}%2F..%2F..`, token: upload, status: 404 },
  { name: 'an encoded slash inside an id-sized segment', method: 'GET', path: () => `/api/recordings/${rec.id.slice(0, 19)}%2F..`, status: 404 },
  { name: 'an over-long id', method: 'GET', path: () => `/api/recordings/${'A'.repeat(5000)}`, status: 404 },

  // complete
  { name: 'complete without a token', method: 'POST', path: completePath, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: 1 }, status: 401 },
  { name: 'complete with malformed JSON', method: 'POST', path: completePath, token: upload, rawBody: 'null,', status: 400, code: 'invalid_json' },
  { name: 'complete with no parts', method: 'POST', path: completePath, token: upload, body: { parts: [], durationMs: 1 }, status: 400, message: /parts/ },
  { name: 'complete with parts out of order', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 2, etag: '"a"' }, { partNumber: 1, etag: '"b"' }], durationMs: 1 }, status: 400, message: /ascending/ },
  { name: 'complete with duplicate parts', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }, { partNumber: 1, etag: '"a"' }], durationMs: 1 }, status: 400, message: /duplicates/ },
  { name: 'complete with part number 10001', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 10001, etag: '"a"' }], durationMs: 1 }, status: 400 },
  { name: 'complete with an empty etag', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '' }], durationMs: 1 }, status: 400, message: /etag/ },
  { name: 'complete with a numeric etag', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: 5 }], durationMs: 1 }, status: 400, message: /etag/ },
  { name: 'complete without durationMs', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }] }, status: 400, message: /durationMs/ },
  { name: 'complete with a negative durationMs', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: -1 }, status: 400, message: /durationMs/ },
  { name: 'complete with durationMs as a string', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: '5' }, status: 400, message: /durationMs/ },
  { name: 'complete with width 0', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: 1, width: 0 }, status: 400, message: /width/ },
  { name: 'complete with a fractional height', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: 1, height: 1.5 }, status: 400, message: /height/ },
  { name: 'complete with an absurd durationMs (1e308)', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: 1e308 }, status: 400, message: /durationMs/ },
  { name: 'complete with durationMs 1e400 (Infinity)', method: 'POST', path: completePath, token: upload, rawBody: '{"parts":[{"partNumber":1,"etag":"a"}],"durationMs":1e400}', status: 400, message: /durationMs/ },
  { name: 'complete with width 2^53', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }], durationMs: 1, width: 2 ** 53 }, status: 400, message: /width/ },
  { name: 'complete naming parts never uploaded', method: 'POST', path: completePath, token: upload, body: { parts: [{ partNumber: 1, etag: '"a"' }, { partNumber: 7, etag: '"b"' }], durationMs: 1 }, status: 400, code: 'invalid_part' },
  {
    name: 'complete with 10000 parts fits the body limit (then fails on the parts, not the size)',
    method: 'POST',
    path: completePath,
    token: upload,
    body: { parts: range(10_000).map((n) => ({ partNumber: n, etag: '"0123456789abcdef0123456789abcdef"' })), durationMs: 1 },
    status: 400,
    code: 'invalid_part',
  },
  { name: 'complete with 10001 parts', method: 'POST', path: completePath, token: upload, body: { parts: range(10_001).map((n) => ({ partNumber: n, etag: '"a"' })), durationMs: 1 }, status: 400 },

  // delete, routes
  { name: 'delete with a wrong token', method: 'DELETE', path: () => `/api/recordings/${rec.id}`, token: () => unknownToken, status: 401 },
  { name: 'delete without a token', method: 'DELETE', path: () => `/api/recordings/${rec.id}`, status: 401 },
  { name: 'session without a token', method: 'GET', path: () => '/api/session', status: 401 },
  { name: 'session with a wrong token', method: 'GET', path: () => '/api/session', token: () => 'nope', status: 401 },
  { name: 'an unknown API route', method: 'GET', path: () => '/api/nothing-here', status: 404, code: 'not_found' },
  { name: 'an unknown method on a known route', method: 'PUT', path: () => '/api/recordings', token: apiToken, body: {}, status: 404 },
  { name: 'an unknown sub-route of a recording', method: 'POST', path: () => `/api/recordings/${rec.id}/explode`, token: upload, body: {}, status: 404 },
];

describe('bad input is a clear 4xx, never a 500', () => {
  it.each(cases)('$name → $status', async (c) => {
    const res = await api(t.reelay, c.method, c.path(), {
      ...(c.token?.() !== undefined ? { token: c.token!()! } : {}),
      ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : c.body !== undefined ? { body: c.body } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
    });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(typeof res.json.error.code).toBe('string');
    expect(typeof res.json.error.message).toBe('string');
    if (c.code) expect(res.json.error.code).toBe(c.code);
    if (c.message) expect(res.json.error.message).toMatch(c.message);
  });

  it('a chunked body over 1 MiB (no Content-Length) is a 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${t.reelay.localUrl}/api/recordings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.reelay.apiToken}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('accepts the mime types the extension records', async () => {
    for (const mimeType of ['video/webm', 'video/webm;codecs=vp9,opus', 'video/webm; codecs="vp8, opus"', 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', 'VIDEO/MP4']) {
      const res = await api(t.reelay, 'POST', '/api/recordings', { token: t.reelay.apiToken, body: { mimeType } });
      expect(res.status, mimeType).toBe(201);
    }
  });

  it('the recording in progress survived all of the above and still completes', async () => {
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([rec.uploadId]);
    const done = await uploadAndComplete(t.reelay, rec, makeVideo(100).parts);
    expect(done.status).toBe(200);
    expect(done.json.shareUrl).toBe(rec.shareUrl);
    expect((await api(t.reelay, 'GET', '/healthz')).status).toBe(200);
  });
});

/** A recording with one part whose upload was then aborted out of band (upload.json and the backend's cache remain). */
async function abortedOutOfBand(): Promise<{ rec: CreateRecordingResponse; etag: string }> {
  const aborted = await createRecording(t.reelay);
  const [part] = await uploadParts(t.reelay, aborted, new Map([[1, new Uint8Array(100)]]));
  await abortUploadOutOfBand(t.reelay, aborted);
  expect(await uploadsOf(t.reelay, aborted.id)).toEqual([]);
  return { rec: aborted, etag: part!.etag };
}

type AbortedCase = {
  name: string;
  method: string;
  path: (id: string) => string;
  body?: (etag: string) => unknown;
  /** Public routes take no token. */
  public?: boolean;
  status: number;
  code: string;
};

const abortedCases: AbortedCase[] = [
  { name: 'list parts', method: 'GET', path: (id) => `/api/recordings/${id}/parts`, status: 404, code: 'upload_gone' },
  { name: 'complete', method: 'POST', path: (id) => `/api/recordings/${id}/complete`, body: (etag) => ({ parts: [{ partNumber: 1, etag }], durationMs: 1000 }), status: 404, code: 'upload_gone' },
  { name: 'thumbnail upload URL', method: 'POST', path: (id) => `/api/recordings/${id}/thumbnail`, body: () => ({ contentType: 'image/jpeg', size: 100 }), status: 404, code: 'upload_gone' },
  { name: 'rename', method: 'PATCH', path: (id) => `/api/recordings/${id}`, body: () => ({ title: 'Renamed' }), status: 404, code: 'not_found' },
  { name: 'metadata', method: 'GET', path: (id) => `/api/recordings/${id}`, public: true, status: 404, code: 'not_found' },
];

describe('a recording whose upload was aborted out of band gets a 4xx, never a 500', () => {
  it('presigning stays free of store calls: it answers 200, and the PUT then fails at the store with NoSuchUpload', async () => {
    const { rec: aborted } = await abortedOutOfBand();
    const res = await api(t.reelay, 'POST', `/api/recordings/${aborted.id}/parts`, { token: aborted.uploadToken, body: { partNumbers: [2] } });
    expect(res.status).toBe(200);
    const put = await fetch(res.json.urls['2'], { method: 'PUT', body: new Uint8Array(10) });
    expect(put.status).toBe(404);
    expect(await put.text()).toContain('NoSuchUpload');
  });

  it.each(abortedCases)('$method ($name) → $status $code, twice', async (c) => {
    const { rec: aborted, etag } = await abortedOutOfBand();
    // Twice: first with the backend's cache still holding the upload, then without.
    for (const attempt of [1, 2]) {
      const res = await api(t.reelay, c.method, c.path(aborted.id), {
        ...(c.public ? {} : { token: aborted.uploadToken }),
        ...(c.body ? { body: c.body(etag) } : {}),
      });
      expect({ attempt, status: res.status, code: res.json?.error?.code }).toEqual({ attempt, status: c.status, code: c.code });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(typeof res.json.error.message).toBe('string');
    }
    expect(t.logs.filter((line) => /unexpected error|storage error/.test(line))).toEqual([]);
  });

  it('DELETE removes what is left (upload.json, thumbnail): 204, then 404', async () => {
    const { rec: aborted } = await abortedOutOfBand();
    await t.reelay.recordings.store.putJson(`recordings/${aborted.id}/thumbnail`, 'stand-in image');
    expect(await objectKeys(t.reelay, aborted.id)).toEqual([
      `recordings/${aborted.id}/thumbnail`,
      `recordings/${aborted.id}/upload.json`,
    ]);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${aborted.id}`, { token: aborted.uploadToken })).status).toBe(204);
    expect(await objectKeys(t.reelay, aborted.id)).toEqual([]);
    const again = await api(t.reelay, 'DELETE', `/api/recordings/${aborted.id}`, { token: aborted.uploadToken });
    expect({ status: again.status, code: again.json.error.code }).toEqual({ status: 404, code: 'not_found' });
  });
});

