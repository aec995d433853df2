/**
 * The pure parts of link privacy (issue 14), without a server: who is refused and why, the trim
 * check, the password hash, the oEmbed size fitting and which URLs oEmbed accepts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK_PRIVACY, type LinkPrivacy } from '../../api';
import type { AccountUser } from '../src/accounts';
import { fitInto, recordingIdOfUrl } from '../src/routes/oembed';
import { hashLinkPassword, verifyLinkPassword } from '../src/viewers/link-password';
import type { LinkFacts } from '../src/viewers/link-settings';
import { checkTrim } from '../src/viewers/sharing-patch';
import { refusal } from '../src/viewers/watch-access';

const NOW = Date.parse('2030-06-01T12:00:00Z');
const owner: AccountUser = { id: 'u-owner', email: 'o@x', name: 'O', role: 'member' };
const member: AccountUser = { id: 'u-member', email: 'm@x', name: 'M', role: 'member' };
const admin: AccountUser = { id: 'u-admin', email: 'a@x', name: 'A', role: 'admin' };

function facts(privacy: Partial<LinkPrivacy>): LinkFacts {
  return { id: 'r', ownerId: owner.id, status: 'ready', durationMs: 10_000, trim: null, privacy: { ...DEFAULT_LINK_PRIVACY, ...privacy }, passwordHash: null };
}

describe('refusal', () => {
  const past = new Date(NOW - 1).toISOString();
  const future = new Date(NOW + 60_000).toISOString();
  const cases: Array<[string, Partial<LinkPrivacy>, AccountUser | undefined, boolean, string | undefined]> = [
    ['public, anonymous', {}, undefined, false, undefined],
    ['team, anonymous', { visibility: 'team' }, undefined, false, 'team'],
    ['team, a member', { visibility: 'team' }, member, false, undefined],
    ['password, anonymous', { visibility: 'password', hasPassword: true }, undefined, false, 'password'],
    ['password, a member without the cookie', { visibility: 'password', hasPassword: true }, member, false, 'password'],
    ['password, unlocked', { visibility: 'password', hasPassword: true }, undefined, true, undefined],
    ['password, the owner', { visibility: 'password', hasPassword: true }, owner, false, undefined],
    ['expired, anonymous', { expiresAt: past }, undefined, false, 'expired'],
    ['expired, unlocked password', { visibility: 'password', expiresAt: past }, undefined, true, 'expired'],
    ['expired, a member of a team link', { visibility: 'team', expiresAt: past }, member, false, 'expired'],
    ['expired, an admin', { visibility: 'team', expiresAt: past }, admin, false, undefined],
    ['expires later', { expiresAt: future }, undefined, false, undefined],
  ];
  it.each(cases)('%s', (_, privacy, user, unlocked, expected) => {
    expect(refusal(facts(privacy), { user, unlocked }, NOW)).toBe(expected);
  });
});

describe('checkTrim', () => {
  it('clamps an end past the length (rounded up), refuses a start at or past it, and any trim while uploading', () => {
    const ready = { status: 'ready' as const, durationMs: 9_000.4 };
    expect(checkTrim({ startMs: 100, endMs: 5000 }, ready)).toEqual({ startMs: 100, endMs: 5000 });
    expect(checkTrim({ startMs: 100, endMs: 99_999 }, ready)).toEqual({ startMs: 100, endMs: 9001 });
    expect(() => checkTrim({ startMs: 9001, endMs: 9500 }, ready)).toThrow(/before the end/);
    expect(() => checkTrim({ startMs: 0, endMs: 1 }, { status: 'uploading', durationMs: null })).toThrow(/still uploading/);
    // A length nobody measured (0): taken as given.
    expect(checkTrim({ startMs: 0, endMs: 99_999 }, { status: 'ready', durationMs: 0 })).toEqual({ startMs: 0, endMs: 99_999 });
  });
});

describe('link passwords', () => {
  it('hash with a fresh salt each time, verify the right one only, and refuse malformed hashes', async () => {
    const a = await hashLinkPassword('open sesame');
    const b = await hashLinkPassword('open sesame');
    expect(a).toMatch(/^scrypt\$16384\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyLinkPassword('open sesame', a)).toBe(true);
    expect(await verifyLinkPassword('open sesame ', a)).toBe(false);
    expect(await verifyLinkPassword('', a)).toBe(false);
    for (const bad of ['', 'scrypt', 'bcrypt$16384$x$y', 'scrypt$99999999$AAAA$AAAA', a.slice(0, -2)]) {
      expect(await verifyLinkPassword('open sesame', bad)).toBe(false);
    }
  });
});

describe('oEmbed helpers', () => {
  it('fitInto scales down to every box, never up, keeping the aspect ratio', () => {
    expect(fitInto({ width: 1920, height: 1080 }, { width: 1280, height: 720 })).toEqual({ width: 1280, height: 720 });
    expect(fitInto({ width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 480, height: Infinity })).toEqual({ width: 480, height: 270 });
    expect(fitInto({ width: 320, height: 180 }, { width: 1280, height: 720 })).toEqual({ width: 320, height: 180 });
    expect(fitInto({ width: 1080, height: 1920 }, { width: 640, height: 640 })).toEqual({ width: 360, height: 640 });
  });

  it('recordingIdOfUrl takes only this server\'s /v/<id> and /embed/<id>', () => {
    const id = 'AbCdEfGhIjKlMnOpQrStUv';
    const pub = 'https://rec.example.com';
    expect(recordingIdOfUrl(`${pub}/v/${id}`, pub, 'http://127.0.0.1:8787')).toBe(id);
    expect(recordingIdOfUrl(`${pub}/embed/${id}/`, pub, 'http://127.0.0.1:8787')).toBe(id);
    expect(recordingIdOfUrl(`http://127.0.0.1:8787/v/${id}`, pub, 'http://127.0.0.1:8787')).toBe(id);
    expect(recordingIdOfUrl(`https://rec.example.com/sub/v/${id}`, 'https://rec.example.com/sub', 'http://x')).toBe(id);
    for (const url of [`https://evil.example/v/${id}`, `${pub}/v/${id}/video`, `${pub}/v/short`, `${pub}/x/v/${id}`, 'v/' + id, '']) {
      expect(recordingIdOfUrl(url, pub, 'http://127.0.0.1:8787')).toBeUndefined();
    }
  });
});
