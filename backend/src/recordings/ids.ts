/** Recording ids: 128 random bits, base64url (22 characters), so share links are unguessable. */
import { randomBytes } from 'node:crypto';

const ID_BYTES = 16;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newRecordingId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/** Checked before an id is used anywhere, so no path trick (`..%2F`) ever reaches S3 as a key. */
export function isRecordingId(value: string): boolean {
  return ID_PATTERN.test(value);
}
