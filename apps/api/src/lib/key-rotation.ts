import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { withTenant } from '../db/tenancy.ts';
import { decryptBytes, encrypt, keyIdOf, type Keyring } from './crypto.ts';

/**
 * Re-encrypts stored values with the current key after a new one is put first in
 * `DATA_ENCRYPTION_KEYS` (`pnpm keys:rotate`). Each feature that encrypts a column registers it
 * in ROTATIONS; the old key can leave the environment once a rotation reports nothing left.
 */
export interface Rotation {
  name: string;
  /** Provider-owned rows are rewritten inside each provider's tenant (RLS). */
  perProvider: boolean;
  rotate(em: EntityManager, keyring: Keyring): Promise<number>;
}

const BATCH = 500;

/** A text column holding `v1.<kid>...` values, keyed by `id` (in the rows `where` selects, when only some are encrypted). */
export function columnRotation(table: string, column: string, perProvider: boolean, where = 'true'): Rotation {
  return {
    name: `${table}.${column}`,
    perProvider,
    async rotate(em, keyring) {
      let done = 0;
      for (;;) {
        const rows = await em.execute<{ id: string; value: string }[]>(
          `select id, "${column}" as value from "${table}"
            where (${where}) and "${column}" is not null and split_part("${column}", '.', 2) <> ? limit ?`,
          [keyring.current, BATCH],
        );
        for (const r of rows) {
          if (keyIdOf(r.value) === keyring.current) continue;
          await em.execute(`update "${table}" set "${column}" = ? where id = ?`, [encrypt(keyring, decryptBytes(keyring, r.value)), r.id]);
        }
        done += rows.length;
        if (rows.length < BATCH) return done;
      }
    },
  };
}

export const ROTATIONS: Rotation[] = [
  columnRotation('user_account', 'totp_secret', false),
  columnRotation('user_account', 'totp_pending_secret', false),
  columnRotation('beneficiary', 'rnokpp', true),
  columnRotation('case_note', 'body', true, 'sensitive'),
];

/** Runs every rotation; provider-owned ones inside each provider's tenant. Returns counts by name. */
export async function rotateAll(orm: MikroORM, keyring: Keyring, log: (msg: string) => void = () => {}, extra: Rotation[] = []) {
  const providers = await orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from provider order by id`);
  const counts: Record<string, number> = {};
  // `extra`: rotations that need more than the database (document files in their storage).
  for (const rotation of [...ROTATIONS, ...extra]) {
    const scopes = rotation.perProvider ? providers.map((p) => p.id) : [null];
    for (const providerId of scopes) {
      const n = await withTenant(orm, { providerId }, ({ em }) => rotation.rotate(em, keyring));
      counts[rotation.name] = (counts[rotation.name] ?? 0) + n;
    }
    log(`${rotation.name}: ${counts[rotation.name] ?? 0} re-encrypted`);
  }
  return counts;
}
