/**
 * The extension id is pinned by manifest.json's public `key` (issue 15: EXTENSION_ORIGINS then
 * defaults to exactly this extension). Chrome's derivation: sha256 of the DER public key, the
 * first 32 hex digits, each mapped 0-f → a-p. The constant the backend uses must be that id.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REELAY_EXTENSION_ID, REELAY_EXTENSION_ORIGIN } from '../api/extension-id';
import { parseConfig } from '../backend/src/config';

const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as { key?: string };

function idFromKey(base64Der: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

describe('pinned extension id', () => {
  it('manifest.json carries a public key (never a private one) whose id is REELAY_EXTENSION_ID', () => {
    expect(manifest.key).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    // A real RSA public key in DER (SubjectPublicKeyInfo), as Chrome expects.
    const key = createPublicKey({ key: Buffer.from(manifest.key!, 'base64'), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(idFromKey(manifest.key!)).toBe(REELAY_EXTENSION_ID);
    expect(REELAY_EXTENSION_ID).toMatch(/^[a-p]{32}$/);
  });

  it('EXTENSION_ORIGINS defaults to that one extension, not any chrome-extension:// origin', () => {
    expect(parseConfig({}).extensionOrigins).toEqual([REELAY_EXTENSION_ORIGIN]);
    expect(parseConfig({ EXTENSION_ORIGINS: 'chrome-extension://*' }).extensionOrigins).toEqual(['chrome-extension://*']);
  });
});
