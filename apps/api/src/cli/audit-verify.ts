/**
 * `pnpm audit:verify`: seals pending audit entries, then recomputes every chain (each provider's
 * and the platform's) and prints any break. Exits 1 when a chain is broken.
 * Reads DATABASE_URL (the app role: each chain is read inside its own tenant).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../db/orm.ts';
import { withTenant } from '../db/tenancy.ts';
import { sealAll, verifyChain } from '../modules/audit/chain.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at the database.');
  process.exit(2);
}
const orm = await MikroORM.init(ormConfig({ url, poolMax: 2 }));
await sealAll(orm, () => {});
const providers = await orm.em.fork().getConnection().execute<{ id: string; name: string }[]>(`select id, name from provider order by name`);
let broken = 0;
for (const { id, name } of [{ id: null, name: 'platform' }, ...providers]) {
  const r = await withTenant(orm, { providerId: id }, ({ em }) => verifyChain(em, id));
  console.log(`${r.ok ? '✓' : '✗'} ${name}: ${r.checked} sealed entries, ${r.unsealed} unsealed, head ${r.head ?? '-'}`);
  for (const p of r.problems) console.log(`    seq ${p.seq} (audit ${p.auditId}): ${p.problem}`);
  if (!r.ok) broken += 1;
}
await orm.close();
process.exit(broken ? 1 : 0);
