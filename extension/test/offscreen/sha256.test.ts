/** The incremental SHA-256 against Node's crypto (an independent implementation). */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '../../src/offscreen/pure/sha256';

const nodeHex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('Sha256 (incremental, serialisable)', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(
      new Sha256().update(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).hex(),
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('equals node:crypto for any data split into any chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }), (chunks) => {
        const hash = new Sha256();
        for (const c of chunks) hash.update(c);
        const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
        expect(hash.hex()).toBe(nodeHex(all));
        expect(hash.bytes).toBe(all.length);
      }),
    );
  });

  it('continues from a saved state (JSON round trip) exactly like an uninterrupted hash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.uint8Array({ maxLength: 500 }), (a, b) => {
        const first = new Sha256().update(a);
        const saved = JSON.parse(JSON.stringify(first.state()));
        const resumed = Sha256.fromState(saved).update(b);
        expect(resumed.hex()).toBe(nodeHex(Buffer.concat([Buffer.from(a), Buffer.from(b)])));
      }),
    );
  });

  it('digest() does not disturb later updates', () => {
    const hash = new Sha256().update(new Uint8Array(100).fill(7));
    const early = hash.hex();
    hash.update(new Uint8Array(50).fill(9));
    expect(early).toBe(nodeHex(new Uint8Array(100).fill(7)));
    expect(hash.hex()).toBe(nodeHex(Buffer.concat([Buffer.alloc(100, 7), Buffer.alloc(50, 9)])));
  });

  it('hashes a few MiB in large chunks like node:crypto', () => {
    const data = new Uint8Array(3 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const hash = new Sha256();
    for (let at = 0; at < data.length; at += 333_333) hash.update(data.subarray(at, at + 333_333));
    expect(hash.hex()).toBe(nodeHex(data));
  });

  it('rejects a corrupt state', () => {
    const state = new Sha256().update(new Uint8Array(10)).state();
    expect(() => Sha256.fromState({ ...state, bytes: 11 })).toThrow(RangeError);
    expect(() => Sha256.fromState({ ...state, h: [1, 2] })).toThrow(RangeError);
  });
});
