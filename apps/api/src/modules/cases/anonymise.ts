import type { EntityManager } from '@mikro-orm/postgresql';
import type { Keyring } from '../../lib/crypto.ts';
import type { DocumentStorage } from '../../lib/storage.ts';
import { Beneficiary, CaseDocument, SupportCase, type IBeneficiary } from './entities.ts';
import { sealNote } from './pii.ts';

export const ANONYMISED = 'Анонімізовано';

/** What anonymising needs, from a request (a supervisor's decision) or from the retention job. */
export interface AnonymiseContext {
  em: EntityManager;
  providerId: string;
  keyring: Keyring;
  now: Date;
  storage: DocumentStorage;
}

/**
 * Clears who a referral was about and what they needed; its unit, dates, status and reason
 * category stay for the counts. Returns the ids of the referrals cleared.
 */
export async function scrubReferrals(em: EntityManager, where: string, params: unknown[]): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(`update referral set person_last_name = ?, person_first_name = '—', person_patronymic = null,
      person_name = ?, person_birth_date = null, person_phone = '—', person_email = null, person_settlement = null,
      service_member_name = null, needs = '—', decline_note = null, withdraw_reason = null, version = version + 1
    where ${where} returning id`, [ANONYMISED, ANONYMISED, ...params]);
  return rows.map((r) => r.id);
}

/**
 * Removes a person's identity, contacts and every free text about them (in their merged
 * duplicates and all their cases); dates, measures, statuses and outcomes stay, so the
 * aggregates keep counting. Returns the ids of the cases touched.
 */
export async function anonymisePerson(ctx: AnonymiseContext, person: IBeneficiary): Promise<string[]> {
  const { em, providerId: pid } = ctx;
  const ids = [person.id, ...(await em.find(Beneficiary, { mergedIntoId: person.id })).map((b) => b.id)];
  for (const id of ids) {
    const b = id === person.id ? person : await em.findOneOrFail(Beneficiary, { id });
    Object.assign(b, {
      lastName: ANONYMISED, firstName: '—', patronymic: null, birthDate: null, rnokpp: null, rnokppIndex: null, phones: [], email: null,
      hromadaCode: null, address: null, militaryRank: null, unitCode: null, anonymisedAt: ctx.now,
    });
  }
  const cases = await em.find(SupportCase, { beneficiaryId: person.id });
  const caseIds = cases.map((c) => c.id);
  for (const c of cases) c.beneficiaryName = ANONYMISED;
  if (caseIds.length) {
    // Free text can name anyone: it goes. Dates, measures and statuses stay for the counts.
    await em.execute(`update case_note set body = case when sensitive then ? else '—' end where provider_id = ? and case_id in (?)`,
      [sealNote(ctx.keyring, '—', true), pid, caseIds]);
    await em.execute(`update assessment set summary = null, needs = (select coalesce(jsonb_agg(n - 'note'), '[]'::jsonb) from jsonb_array_elements(needs) n) where provider_id = ? and case_id in (?)`, [pid, caseIds]);
    await em.execute(`update service_delivery set outcome = '—' where provider_id = ? and case_id in (?)`, [pid, caseIds]);
    await em.execute(`update support_case set closure_note = null where provider_id = ? and id in (?)`, [pid, caseIds]);
    await em.execute(`update case_event set data = data - 'note' - 'reason' where provider_id = ? and case_id in (?) and data is not null`, [pid, caseIds]);
    const documents = await em.find(CaseDocument, { caseId: { $in: caseIds } });
    for (const d of documents) em.remove(d);
    await em.flush();
    for (const d of documents) await ctx.storage.remove(d.storageKey);
  }
  await em.execute(`update consent set note = null, withdrawal_reason = null where provider_id = ? and beneficiary_id in (?)`, [pid, ids]);
  // The referrals that became these cases named the person and their needs too.
  if (caseIds.length) await scrubReferrals(em, `provider_id = ? and case_id in (?)`, [pid, caseIds]);
  await em.flush();
  return caseIds;
}
