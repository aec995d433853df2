/**
 * People and recordings for the library e2e test, made the way real clients make them: the admin
 * adds people over the API (POST /api/users with the first admin's token), a person signs in and
 * makes a personal token (cookie + Origin, like the server's own pages), and uploads recordings
 * with it (create → presigned parts PUT to the store → complete), optionally with a thumbnail.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CreateRecordingResponse } from '../../api';
import { makeVideo, uploadAndComplete, uploadThumbnail } from '../../backend/test/helpers';
import type { ControllableBackend } from './backend';

export interface Person {
  email: string;
  name: string;
  role: 'member' | 'admin';
  password: string;
}

async function json(res: Response, expected: number, what: string): Promise<any> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The admin adds `person` with a first password; returns their id. */
export async function addPerson(backend: ControllableBackend, person: Person): Promise<string> {
  const res = await fetch(`${backend.url}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(person),
  });
  return (await json(res, 201, 'add person')).id;
}

/** Signs `person` in and makes a personal API token with that session. */
export async function personalToken(backend: ControllableBackend, person: Person): Promise<string> {
  const signIn = await fetch(`${backend.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: backend.url },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  await json(signIn, 200, 'sign in');
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = await fetch(`${backend.url}/api/tokens`, {
    method: 'POST',
    headers: { cookie, origin: backend.url, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e' }),
  });
  return (await json(token, 201, 'make token')).token;
}

const ICON = fileURLToPath(new URL('../../extension/public/icons/icon-128.png', import.meta.url));

/** A finished recording owned by the token's person; `thumbnail` sends a real PNG poster. */
export async function uploadRecording(
  backend: ControllableBackend,
  token: string,
  title: string,
  opts: { durationMs?: number; thumbnail?: boolean } = {},
): Promise<CreateRecordingResponse> {
  const created = await fetch(`${backend.url}/api/recordings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, mimeType: 'video/webm' }),
  });
  const rec = (await json(created, 201, 'create recording')) as CreateRecordingResponse;
  if (opts.thumbnail) {
    const status = await uploadThumbnail(backend.server, rec, new Uint8Array(await readFile(ICON)), 'image/png');
    if (status !== 200) throw new Error(`thumbnail PUT: ${status}`);
  }
  const done = await uploadAndComplete(backend.server, rec, makeVideo(4096).parts, { durationMs: opts.durationMs ?? 65_000 });
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.json)}`);
  return rec;
}
