/**
 * The case data encrypted at rest with the platform keyring (lib/crypto.ts): a person's RNOKPP,
 * with a keyed blind index for the exact-match duplicate check, and the body of sensitive notes.
 */
import { blindIndex, decrypt, encrypt, type Keyring } from '../../lib/crypto.ts';

export function sealRnokpp(k: Keyring, rnokpp: string | null | undefined): { rnokpp: string | null; rnokppIndex: string | null } {
  return rnokpp ? { rnokpp: encrypt(k, rnokpp), rnokppIndex: rnokppIndex(k, rnokpp) } : { rnokpp: null, rnokppIndex: null };
}

export const rnokppIndex = (k: Keyring, rnokpp: string) => blindIndex(k, 'rnokpp', rnokpp);

export const openRnokpp = (k: Keyring, stored: string | null | undefined): string | null => (stored ? decrypt(k, stored) : null);

/** A sensitive note's body is stored encrypted; an ordinary one as written. */
export const sealNote = (k: Keyring, body: string, sensitive: boolean) => (sensitive ? encrypt(k, body) : body);
export const openNote = (k: Keyring, note: { body: string; sensitive: boolean }) => (note.sensitive ? decrypt(k, note.body) : note.body);
