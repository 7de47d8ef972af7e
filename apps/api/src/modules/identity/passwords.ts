import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommendation). */
export const hashPassword = (password: string) => hash(password);

// Verifying against a real hash when the account does not exist keeps the timing of the
// answer the same, so response time does not reveal which emails have accounts.
const DUMMY_HASH = await hash('no-such-account-placeholder');

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const ok = await verify(stored ?? DUMMY_HASH, password).catch(() => false);
  return Boolean(stored) && ok;
}
