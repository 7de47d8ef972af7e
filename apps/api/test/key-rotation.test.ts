import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, parseKeyring, decrypt } from '../src/lib/crypto.ts';
import { rotateAll } from '../src/lib/key-rotation.ts';
import { DEMO_TOTP_SECRET, startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('key rotation', () => {
  it('re-encrypts every value with the new key; old values stay readable until then', async () => {
    const oldRing = t.config.keyring;
    const [oldKid, oldKey] = [...oldRing.keys.entries()][0]!;
    const newRing = parseKeyring(`k2:${newKey()},${oldKid}:${oldKey.toString('base64')}`, oldRing.blindIndexKey.toString('base64'));
    const before = await t.sql<{ totp_secret: string }>(`select totp_secret from user_account where totp_secret is not null`);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((r) => r.totp_secret.startsWith(`v1.${oldKid}.`))).toBe(true);

    const counts = await rotateAll(t.orm, newRing);
    expect(counts['user_account.totp_secret']).toBe(before.length);
    const after = await t.sql<{ totp_secret: string }>(`select totp_secret from user_account where totp_secret is not null`);
    expect(after.every((r) => r.totp_secret.startsWith('v1.k2.'))).toBe(true);
    expect(after.map((r) => decrypt(newRing, r.totp_secret))).toEqual(after.map(() => DEMO_TOTP_SECRET));
    // Nothing left for the old key: a second run rewrites nothing.
    expect((await rotateAll(t.orm, newRing))['user_account.totp_secret']).toBe(0);
  });
});
