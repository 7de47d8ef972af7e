/**
 * Demo units, their assignments, wave 1 and referrals in various states, so every screen of the
 * referral loop has something to show. Fixed unit ids come from DEMO_IDS (the demo unit
 * contacts belong to them).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ReferralCategory } from '@pilot/domain';
import { withTenant } from '../db/tenancy.ts';
import { MilitaryUnit, PilotSettings, PilotWave, PilotWaveUnit, UnitAssignment } from '../modules/units/entities.ts';
import { Referral, type IReferral } from '../modules/referrals/entities.ts';
import { cancelOpenDeadlines, linkCase, meetDeadline, recordEvent, startReferral } from '../modules/referrals/service.ts';
import { DEMO_CASE_IDS } from './demo-cases.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_UNITS = [
  { code: 'А1234', name: 'Окрема механізована бригада (демо)', kind: 'military_unit', oblastCode: 'UA32000000000030281' },
  { code: 'А2345', name: 'Військовий госпіталь (демо)', kind: 'military_hospital', oblastCode: 'UA80000000000093317' },
  { code: 'А3456', name: 'Навчальний центр (демо)', kind: 'training_centre', oblastCode: 'UA46000000000026241' },
] as const;

/** Units are ministry data: written without a tenant, before the unit contacts that belong to them. */
export async function seedDemoUnits(orm: MikroORM, unitIds: readonly string[]) {
  const em = orm.em.fork();
  DEMO_UNITS.forEach((u, i) => em.create(MilitaryUnit, { id: unitIds[i]!, ...u, status: 'active' }));
  await em.flush();
}

interface DemoReferral {
  unit: number;
  ageMs: number;
  /** Last name, first name. */
  person: [string, string];
  patronymic?: string;
  subject: IReferral['subject'];
  relation?: IReferral['personRelation'];
  serviceMember?: string;
  status: IReferral['serviceMemberStatus'];
  categories: ReferralCategory[];
  needs: string;
  urgency: IReferral['urgency'];
  outcome?: { kind: 'accepted'; caseId: string } | { kind: 'declined'; reason: NonNullable<IReferral['declineReason']> };
}

const REFERRALS: DemoReferral[] = [
  {
    unit: 0, ageMs: 2 * HOUR, person: ['Демченко', 'Оксана'], subject: 'family_member', relation: 'spouse', serviceMember: 'Андрій Демченко',
    status: 'in_captivity', categories: ['family_of_pow'], urgency: 'urgent',
    needs: 'Чоловік у полоні з березня. Потрібна допомога з документами для виплат і психологічна підтримка для дітей.',
  },
  {
    // Accepted into the demo case of the same person (seeders/demo-cases.ts), with its first contact.
    unit: 1, ageMs: 9 * DAY, person: ['Шевченко', 'Дмитро'], patronymic: 'Олександрович', subject: 'service_member', status: 'wounded',
    categories: ['wounded'], urgency: 'normal', needs: 'Після поранення потрібен супровід на ВЛК і допомога з оформленням статусу.',
    outcome: { kind: 'accepted', caseId: DEMO_CASE_IDS.razom.woundedCase },
  },
  {
    unit: 0, ageMs: 12 * DAY, person: ['Савчук', 'Ірина'], subject: 'family_member', relation: 'parent', serviceMember: 'Максим Савчук',
    status: 'serving', categories: ['serving'], urgency: 'normal', needs: 'Потрібна юридична консультація щодо спадщини.',
    outcome: { kind: 'declined', reason: 'out_of_scope' },
  },
  {
    // Never answered: the escalation sweep reminds and escalates it as soon as the workers run.
    unit: 1, ageMs: 10 * DAY, person: ['Гончар', 'Наталія'], subject: 'family_member', relation: 'spouse', serviceMember: 'Василь Гончар',
    status: 'missing', categories: ['family_of_missing'], urgency: 'urgent', needs: 'Чоловік зник безвісти. Потрібна допомога з пошуком і виплатами.',
  },
  {
    unit: 2, ageMs: 3 * HOUR, person: ['Данильченко', 'Сергій'], subject: 'service_member', status: 'discharged', categories: ['preparing_discharge'],
    urgency: 'normal', needs: 'Звільняється зі служби, потрібна допомога з працевлаштуванням і документами.',
  },
  {
    unit: 2, ageMs: 6 * DAY, person: ['Бондар', 'Галина'], subject: 'family_member', relation: 'parent', serviceMember: 'Олег Бондар',
    status: 'fallen', categories: ['family_of_fallen'], urgency: 'normal', needs: 'Родина загиблого: виплати, пільги, психологічна підтримка.',
    outcome: { kind: 'declined', reason: 'no_capacity' },
  },
];

/**
 * Razom serves the first two units, Nadiya the third, from the pilot's start; all three joined
 * in wave 1. The coordinator is on the escalation list.
 */
export async function seedDemoReferrals(orm: MikroORM, o: { unitIds: readonly string[]; providerOfUnit: readonly string[]; coordinatorEmail: string }) {
  const em = orm.em.fork();
  const wave = em.create(PilotWave, { name: 'Етап 1', startsOn: '2023-12-01', maxUnits: 5 });
  o.unitIds.forEach((unitId, i) => {
    em.create(UnitAssignment, { unitId, providerId: o.providerOfUnit[i]!, startsOn: '2023-12-01', endsOn: null, note: 'Демо' });
    em.create(PilotWaveUnit, { waveId: wave.id, unitId });
  });
  const [coordinator] = await em.execute<{ id: string }[]>(`select id from user_account where email = ?`, [o.coordinatorEmail]);
  const settings = await em.findOneOrFail(PilotSettings, { id: true });
  settings.escalationRecipientIds = [coordinator!.id];
  await em.flush();

  const now = Date.now();
  for (const d of REFERRALS) {
    const unitId = o.unitIds[d.unit]!;
    const providerId = o.providerOfUnit[d.unit]!;
    // Unit contacts have no provider: read the referrer before binding to the provider.
    const [referrer] = await em.execute<{ id: string; full_name: string; phone: string | null; position: IReferral['referrerPosition'] }[]>(
      `select u.id, u.full_name, u.phone, m.position from user_account u join membership m on m.user_id = u.id where m.unit_id = ? limit 1`, [unitId]);
    const [assignment] = await em.execute<{ id: string }[]>(`select id from unit_assignment where unit_id = ?`, [unitId]);
    await withTenant(orm, { providerId }, async ({ em: t }) => {
      const submittedAt = new Date(now - d.ageMs);
      const r = t.create(Referral, {
        providerId, unitId, assignmentId: assignment!.id, referredBy: referrer!.id, referrerName: referrer!.full_name,
        referrerPhone: referrer!.phone, referrerPosition: referrer!.position, subject: d.subject, personLastName: d.person[0], personFirstName: d.person[1], personPatronymic: d.patronymic ?? null,
        personName: [...d.person, d.patronymic].filter(Boolean).join(' '),
        personPhone: `+38067${String(1000000 + REFERRALS.indexOf(d) * 7919).slice(0, 7)}`, personRelation: d.relation ?? null,
        serviceMemberName: d.serviceMember ?? d.person.join(' '), serviceMemberStatus: d.status, categories: d.categories, needs: d.needs,
        urgency: d.urgency, consentMethod: 'verbal', consentRecordedAt: submittedAt, submittedAt,
      });
      await t.flush();
      await startReferral(t, r);
      if (!d.outcome) return;
      const decidedAt = new Date(submittedAt.getTime() + 5 * HOUR);
      const [supervisor] = await t.execute<{ id: string }[]>(
        `select m.user_id as id from membership m where m.provider_id = ? and 'supervisor' = any(m.roles) limit 1`, [providerId]);
      r.status = d.outcome.kind;
      r.decidedAt = decidedAt;
      r.decidedBy = supervisor!.id;
      if (d.outcome.kind === 'accepted') {
        const [c] = await t.execute<{ assignee_id: string }[]>(`select assignee_id from support_case where id = ?`, [d.outcome.caseId]);
        r.caseManagerId = c!.assignee_id;
        recordEvent(t, r, 'accepted', decidedAt, supervisor!.id);
        await linkCase(t, r, d.outcome.caseId);
      } else {
        r.declineReason = d.outcome.reason;
        recordEvent(t, r, 'declined', decidedAt, supervisor!.id, { declineReason: d.outcome.reason });
      }
      await meetDeadline(t, r.id, 'acknowledgement', decidedAt);
      if (d.outcome.kind === 'declined') await cancelOpenDeadlines(t, r.id, decidedAt);
    });
  }
}
