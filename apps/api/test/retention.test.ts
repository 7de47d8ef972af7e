import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../src/modules/cases/retention.ts';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

/** Closes every case of a person and their family `yearsAgo` years ago, and ages the records. */
async function closedLongAgo(personId: string, yearsAgo: number) {
  const family = await t.sql<{ id: string }>(
    `select $1::uuid as id union select relative_id from family_link where member_id = $1 union select member_id from family_link where relative_id = $1`, [personId]);
  const ids = family.map((f) => f.id);
  await t.sql(`update support_case set status = 'closed', closure_outcome = coalesce(closure_outcome, 'goals_met'),
                 closed_at = now() - make_interval(years => $2) where beneficiary_id = any($1)`, [ids, yearsAgo]);
  await t.sql(`update beneficiary set created_at = now() - make_interval(years => $2 + 1) where id = any($1)`, [ids, yearsAgo]);
  return ids;
}

describe('retention', () => {
  it('anonymises people whose family’s cases all closed before the retention period, and audits it', async () => {
    const people = await t.sql<{ id: string }>(
      `select b.id from beneficiary b where b.provider_id = $1 and exists (select 1 from support_case c where c.beneficiary_id = b.id) order by b.id`, [DEMO_IDS.razom]);
    const [old, recent] = [people[0]!.id, people.at(-1)!.id];
    const family = await closedLongAgo(old, 6);
    if (!family.includes(recent)) await closedLongAgo(recent, 1);

    const anonymised = await applyRetention(t.app);
    expect(anonymised).toBeGreaterThanOrEqual(1);
    const [after] = await t.sql<{ last_name: string; rnokpp: string | null; phones: string[]; anonymised_at: Date | null }>(
      `select last_name, rnokpp, phones, anonymised_at from beneficiary where id = $1`, [old]);
    expect(after).toMatchObject({ last_name: 'Анонімізовано', rnokpp: null, phones: [] });
    expect(after!.anonymised_at).not.toBeNull();
    const notes = await t.sql<{ body: string; sensitive: boolean }>(
      `select n.body, n.sensitive from case_note n join support_case c on c.id = n.case_id where c.beneficiary_id = $1 and not n.sensitive`, [old]);
    expect(notes.every((n) => n.body === '—')).toBe(true);
    // Counts stay: the cases and deliveries are still there.
    expect((await t.sql(`select 1 from support_case where beneficiary_id = $1`, [old])).length).toBeGreaterThan(0);

    if (!family.includes(recent)) {
      const [kept] = await t.sql<{ anonymised_at: Date | null }>(`select anonymised_at from beneficiary where id = $1`, [recent]);
      expect(kept!.anonymised_at).toBeNull();
    }
    const audit = await t.sql<{ action: string; meta: { reason?: string } }>(
      `select action, meta from audit_log where provider_id = $1 and (action = 'retention.run' or (action = 'beneficiary.anonymise' and entity_id = $2))`, [DEMO_IDS.razom, old]);
    expect(audit.map((a) => a.action).sort()).toEqual(['beneficiary.anonymise', 'retention.run']);
    expect(audit.find((a) => a.action === 'beneficiary.anonymise')!.meta.reason).toBe('retention');

    // A second run has nothing left to do.
    expect(await applyRetention(t.app)).toBe(0);
  });

  it('clears declined and withdrawn referrals once they are older than the retention period', async () => {
    const [declined] = await t.sql<{ id: string }>(`select id from referral where provider_id = $1 limit 1`, [DEMO_IDS.razom]);
    await t.sql(`update referral set status = 'declined', decline_reason = 'out_of_scope', decided_at = now() - interval '6 years',
                   case_id = null, case_manager_id = null where id = $1`, [declined!.id]);
    await applyRetention(t.app);
    const [r] = await t.sql<{ person_name: string; person_phone: string; needs: string; status: string }>(
      `select person_name, person_phone, needs, status from referral where id = $1`, [declined!.id]);
    expect(r).toEqual({ person_name: 'Анонімізовано', person_phone: '—', needs: '—', status: 'declined' });
    expect(await t.sql(`select 1 from audit_log where action = 'referral.anonymise' and entity_id = $1`, [declined!.id])).toHaveLength(1);
  });

  it('leaves people with open cases alone', async () => {
    const open = await t.sql<{ n: number }>(
      `select count(*)::int as n from beneficiary b join support_case c on c.beneficiary_id = b.id where c.status <> 'closed' and b.anonymised_at is not null`);
    expect(open[0]!.n).toBe(0);
  });
});
