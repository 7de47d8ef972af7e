import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../db/tenancy.ts';
import { createDocumentStorage } from '../../lib/storage.ts';
import { AuditLog } from '../audit/entities.ts';
import { Provider } from '../providers/entities.ts';
import { anonymisePerson, scrubReferrals } from './anonymise.ts';
import { Beneficiary } from './entities.ts';

const BATCH = 200;

/**
 * People whose accompaniment ended longer ago than the retention period, and whose family has
 * no case open or closed since: their own cases and their family's are all closed before the
 * cutoff, and the record itself is older than it.
 */
const DUE = `
  select b.id from beneficiary b
   where b.provider_id = ? and b.anonymised_at is null and b.merged_into_id is null and b.created_at < ?
     and not exists (
       select 1 from support_case c
        where c.provider_id = b.provider_id
          and (c.beneficiary_id = b.id or c.beneficiary_id in (
                 select f.member_id from family_link f where f.provider_id = b.provider_id and f.relative_id = b.id
                 union select f.relative_id from family_link f where f.provider_id = b.provider_id and f.member_id = b.id))
          and (c.status <> 'closed' or c.closed_at >= ?))
   order by b.id limit ?`;

/**
 * The retention job: anonymises, provider by provider, the people whose cases closed more than
 * RETENTION_DAYS ago. Counts stay (the aggregates keep them); each anonymisation and each run
 * is in the provider's audit log. Returns how many people were anonymised.
 */
export async function applyRetention(app: FastifyInstance): Promise<number> {
  const now = app.clock();
  const cutoff = new Date(now.getTime() - app.config.RETENTION_DAYS * 86_400_000);
  const storage = createDocumentStorage(app.config);
  const providers = await app.orm.em.fork().find(Provider, {});
  let total = 0;
  for (const provider of providers) {
    let count = 0;
    for (;;) {
      const done = await withTenant(app.orm, { providerId: provider.id }, async ({ em: tx }) => {
        const due = await tx.execute<{ id: string }[]>(DUE, [provider.id, cutoff, cutoff, BATCH]);
        for (const { id } of due) {
          const person = await tx.findOneOrFail(Beneficiary, { id });
          const cases = await anonymisePerson({ em: tx, providerId: provider.id, keyring: app.config.keyring, now, storage }, person);
          tx.create(AuditLog, { providerId: provider.id, actorId: null, action: 'beneficiary.anonymise', entity: 'beneficiary', entityId: id, meta: { reason: 'retention', cases } });
        }
        if (due.length < BATCH) {
          // Referrals declined or withdrawn never became a case: they age out on their own.
          const referrals = await scrubReferrals(tx, `provider_id = ? and status in ('declined', 'withdrawn')
            and coalesce(decided_at, withdrawn_at) < ? and person_first_name <> '—'`, [provider.id, cutoff]);
          for (const id of referrals) tx.create(AuditLog, { providerId: provider.id, actorId: null, action: 'referral.anonymise', entity: 'referral', entityId: id, meta: { reason: 'retention' } });
          if (count + due.length + referrals.length) {
            tx.create(AuditLog, { providerId: provider.id, actorId: null, action: 'retention.run', entity: 'provider', entityId: provider.id, meta: { anonymised: count + due.length, referrals: referrals.length, cutoff: cutoff.toISOString() } });
          }
        }
        return due.length;
      });
      count += done;
      if (done < BATCH) break;
    }
    total += count;
  }
  app.log.info({ anonymised: total, cutoff }, 'retention applied');
  return total;
}
