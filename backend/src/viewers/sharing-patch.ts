/**
 * PATCH /api/recordings/:id's sharing part (issue 14): `trim` and `privacy`, the owner's or an
 * admin's only (routes/recordings.ts checks who). Checked against the recording before anything
 * is written, so a refused patch changes nothing (its title neither).
 *
 * - trim: only once the upload has finished (409 before: the length is not known yet). An end past
 *   the recording's length is clamped to it (players report lengths a few ms apart); a start at or
 *   past the end is a 400. `null` plays the whole recording again.
 * - privacy replaces the whole setting: `expiresAt` absent means no expiry. A password is required
 *   to switch to 'password' unless one is set already (absent = keep it); leaving 'password' forgets
 *   it; a password with another visibility is a 400. An expiry in the past is allowed (ends the link now).
 */
import type { PrivacyRequest, SharingSettings, Trim, UpdateRecordingResponse } from '../../../api';
import { ApiError, badRequest, notFound } from '../http/errors';
import type { RecordingService } from '../recordings/service';
import { hashLinkPassword } from './link-password';
import { sharingSettings, type LinkFacts, type LinkSettings, type StoredPrivacy } from './link-settings';

export interface SharingPatch {
  trim?: Trim | null | undefined;
  privacy?: PrivacyRequest | undefined;
}

/** Pure: the trim as stored, or the reason it is refused. */
export function checkTrim(trim: Trim, facts: Pick<LinkFacts, 'status' | 'durationMs'>): Trim {
  if (facts.status !== 'ready') throw new ApiError(409, 'invalid_request', 'trim: the recording is still uploading; trim it once it has finished');
  const length = facts.durationMs && facts.durationMs > 0 ? Math.ceil(facts.durationMs) : undefined;
  if (length === undefined) return trim;
  if (trim.startMs >= length) throw badRequest('invalid_request', `trim.startMs must be before the end of the recording (${length} ms)`);
  return { startMs: trim.startMs, endMs: Math.min(trim.endMs, length) };
}

async function storedPrivacy(p: PrivacyRequest, facts: LinkFacts): Promise<StoredPrivacy> {
  let passwordHash: string | null = null;
  if (p.visibility === 'password') {
    passwordHash = p.password !== undefined ? await hashLinkPassword(p.password) : facts.passwordHash;
    if (passwordHash === null) throw badRequest('invalid_request', 'privacy.password: give the password viewers will need');
  } else if (p.password !== undefined) {
    throw badRequest('invalid_request', `privacy.password is only for visibility "password" (not "${p.visibility}")`);
  }
  return { visibility: p.visibility, passwordHash, expiresAt: p.expiresAt ? new Date(p.expiresAt) : null, downloads: p.downloads };
}

/**
 * Checks `patch` against the recording; resolves to the function that writes it and answers the
 * settings as they then are. 404 when the library does not know the recording.
 */
export async function prepareSharingPatch(settings: LinkSettings, id: string, patch: SharingPatch): Promise<() => Promise<SharingSettings>> {
  const facts = await settings.facts(id);
  if (!facts) throw notFound();
  const trim = patch.trim ? checkTrim(patch.trim, facts) : patch.trim;
  const privacy = patch.privacy ? await storedPrivacy(patch.privacy, facts) : undefined;
  return async () => {
    if (trim !== undefined) await settings.setTrim(id, trim);
    if (privacy) await settings.setPrivacy(id, privacy);
    const now = await settings.facts(id);
    if (!now) throw notFound();
    return sharingSettings(now);
  };
}

/** PATCH's answer when it changed no title: the recording as it is (finished, or still uploading). */
export async function recordingAsIs(recordings: RecordingService, id: string): Promise<UpdateRecordingResponse> {
  const state = await recordings.state(id, { fresh: true });
  if (state.state === 'missing') throw notFound();
  if (state.state === 'pending') return { status: 'uploading', id, title: state.upload.title, createdAt: state.upload.createdAt };
  return { status: 'ready', ...recordings.toMetadata(state.recording) };
}
