/**
 * A short recording a browser really plays, for the share-page privacy and embed tests: the VP8
 * WebM of watch-seed.ts (ffmpeg), with a PNG poster and its size, uploaded as a real client does
 * (create with a personal token → presigned part PUT to the store → complete with the upload
 * token), and the owner's sharing settings changed over the API (PATCH /api/recordings/:id).
 */
import type { CreateRecordingResponse, PrivacyRequest, SharingSettings } from '../../api';
import { uploadAndComplete, uploadThumbnail } from '../../backend/test/helpers';
import type { ControllableBackend } from './backend';
import { makeWatchVideo } from './watch-seed';

export const PLAYABLE = { seconds: 6, width: 320, height: 180 };

/** A 6 s 320×180 VP8 WebM (one part): the share-page tests' clip (watch-seed.ts). */
export async function makePlayableWebm(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await makeWatchVideo(PLAYABLE.seconds));
}

/** A finished recording of `video` owned by the token's person, with a 1×1 PNG poster. */
export async function uploadPlayable(backend: ControllableBackend, token: string, title: string, video: Uint8Array<ArrayBuffer>): Promise<CreateRecordingResponse> {
  const created = await fetch(`${backend.url}/api/recordings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, mimeType: 'video/webm' }),
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const rec = (await created.json()) as CreateRecordingResponse;
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const put = await uploadThumbnail(backend.server, rec, new Uint8Array(png), 'image/png');
  if (put !== 200) throw new Error(`thumbnail PUT: ${put}`);
  const done = await uploadAndComplete(backend.server, rec, new Map([[1, video]]), {
    durationMs: PLAYABLE.seconds * 1000,
    width: PLAYABLE.width,
    height: PLAYABLE.height,
  });
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.json)}`);
  return rec;
}

/** The owner (or an admin) sets the link's privacy. */
export async function setPrivacy(backend: ControllableBackend, token: string, id: string, privacy: PrivacyRequest): Promise<SharingSettings> {
  const res = await fetch(`${backend.url}/api/recordings/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ privacy }),
  });
  if (res.status !== 200) throw new Error(`PATCH privacy: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { sharing: SharingSettings }).sharing;
}
