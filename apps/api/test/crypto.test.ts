import { describe, expect, it } from 'vitest';
import { blindIndex, decrypt, encrypt, keyIdOf, newKey, parseKeyring } from '../src/lib/crypto.ts';

const bik = newKey();
describe('field encryption', () => {
  it('round-trips, with a fresh IV each time', () => {
    const k = parseKeyring(`k1:${newKey()}`, bik);
    const a = encrypt(k, '3124567890');
    const b = encrypt(k, '3124567890');
    expect(a).not.toBe(b);
    expect(a).not.toContain('3124567890');
    expect(decrypt(k, a)).toBe('3124567890');
    expect(keyIdOf(a)).toBe('k1');
  });

  it('decrypts old values after rotation and encrypts with the new key', () => {
    const old = newKey();
    const before = parseKeyring(`k1:${old}`, bik);
    const value = encrypt(before, 'секретна нотатка');
    const after = parseKeyring(`k2:${newKey()},k1:${old}`, bik);
    expect(decrypt(after, value)).toBe('секретна нотатка');
    expect(keyIdOf(encrypt(after, 'x'))).toBe('k2');
  });

  it('refuses tampered data and unknown keys', () => {
    const k = parseKeyring(`k1:${newKey()}`, bik);
    const value = encrypt(k, 'data');
    const parts = value.split('.');
    const flipped = [...parts.slice(0, 3), parts[3]!.slice(0, -2) + (parts[3]!.endsWith('A') ? 'BB' : 'AA')].join('.');
    expect(() => decrypt(k, flipped)).toThrow();
    expect(() => decrypt(parseKeyring(`k9:${newKey()}`, bik), value)).toThrow(/unknown key/);
  });

  it('gives a stable blind index per purpose, useless without the key', () => {
    const k = parseKeyring(`k1:${newKey()}`, bik);
    expect(blindIndex(k, 'rnokpp', '3124567890')).toBe(blindIndex(k, 'rnokpp', '3124567890'));
    expect(blindIndex(k, 'rnokpp', '3124567890')).not.toBe(blindIndex(k, 'other', '3124567890'));
    expect(blindIndex(parseKeyring(`k1:${newKey()}`, newKey()), 'rnokpp', '3124567890')).not.toBe(blindIndex(k, 'rnokpp', '3124567890'));
  });

  it('rejects malformed keys', () => {
    expect(() => parseKeyring('k1:short', bik)).toThrow(/32 bytes/);
    expect(() => parseKeyring('', bik)).toThrow();
    expect(() => parseKeyring(`k1:${newKey()}`, 'c2hvcnQ=')).toThrow(/blind index/);
  });
});
