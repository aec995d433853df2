/**
 * A share link's password (issue 14), kept only as a salted scrypt hash: `scrypt$<N>$<salt>$<hash>`
 * (base64url). Checked in constant time. The cost is moderate on purpose: the unlock form is
 * rate-limited per address, and every check runs on the server's event loop's thread pool.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16_384;
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, n: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashLinkPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, N);
  return `scrypt$${N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` is the one `stored` was made from; false for anything malformed. */
export async function verifyLinkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const cost = Number(n);
  if (!Number.isInteger(cost) || cost < 2 || cost > 1 << 20) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), cost);
  return timingSafeEqual(actual, expected);
}
