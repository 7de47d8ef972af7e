/**
 * Demo families and cases for each demo provider: Ukrainian names, varied situations and
 * statuses, consent, assessments, plans from playbooks (some steps overdue) and deliveries,
 * so a fresh `./pilot start` shows a living product. Fixed ids let tests refer to them.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { addDays, isoDay, rnokppCheckDigit, type CaseCategory, type FamilyRelation, type MilitaryStatus, type NeedDomain, type Severity } from '@pilot/domain';
import { withTenant } from '../db/tenancy.ts';
import type { Keyring } from '../lib/crypto.ts';
import { sealRnokpp } from '../modules/cases/pii.ts';
import { PlaybookVersion, Measure, MeasureVersion } from '../modules/catalogue/entities.ts';
import {
  Assessment, Beneficiary, CaseEvent, CaseNote, Consent, FamilyLink, PlanStep, ServiceDelivery, SupportCase, SupportPlan,
} from '../modules/cases/entities.ts';

const id = (provider: number, kind: number, n: number) =>
  `01930000-0000-7000-9${provider}${kind}0-${String(n).padStart(12, '0')}`;

/** Fixed ids of demo records tests use: `[provider][...]`, provider 1 = Razom, 2 = Nadiya. */
export const DEMO_CASE_IDS = {
  razom: {
    powWife: id(1, 1, 1), powMember: id(1, 1, 2), wounded: id(1, 1, 3), fallenMother: id(1, 1, 4), veteran: id(1, 1, 5), missingSister: id(1, 1, 6),
    powCase: id(1, 2, 1), woundedCase: id(1, 2, 2), fallenCase: id(1, 2, 3), veteranCase: id(1, 2, 4), missingCase: id(1, 2, 5),
    powConsent: id(1, 3, 1), powOverdueStep: id(1, 4, 1),
  },
  nadiya: {
    powWife: id(2, 1, 1), powMember: id(2, 1, 2), wounded: id(2, 1, 3), fallenMother: id(2, 1, 4), veteran: id(2, 1, 5), missingSister: id(2, 1, 6),
    powCase: id(2, 2, 1), woundedCase: id(2, 2, 2), fallenCase: id(2, 2, 3), veteranCase: id(2, 2, 4), missingCase: id(2, 2, 5),
    powConsent: id(2, 3, 1), powOverdueStep: id(2, 4, 1),
  },
} as const;

interface Person {
  lastName: string; firstName: string; patronymic: string; birthDate: string; sex: 'female' | 'male'; phone: string;
  serviceMember?: { rank: string; unitCode: string; status: MilitaryStatus }; rnokppSeed?: string;
}

const PEOPLE: Record<'razom' | 'nadiya', Record<'powWife' | 'powMember' | 'wounded' | 'fallenMother' | 'veteran' | 'missingSister', Person>> = {
  razom: {
    powWife: { lastName: 'Гнатюк', firstName: 'Оксана', patronymic: 'Петрівна', birthDate: '1991-03-14', sex: 'female', phone: '+380671234501', rnokppSeed: '336201234' },
    powMember: { lastName: 'Гнатюк', firstName: 'Андрій', patronymic: 'Іванович', birthDate: '1989-07-02', sex: 'male', phone: '+380671234502', serviceMember: { rank: 'старший сержант', unitCode: 'А1234', status: 'in_captivity' } },
    wounded: { lastName: 'Шевченко', firstName: 'Дмитро', patronymic: 'Олександрович', birthDate: '1996-11-23', sex: 'male', phone: '+380501234503', serviceMember: { rank: 'солдат', unitCode: 'А2345', status: 'wounded' }, rnokppSeed: '350411234' },
    fallenMother: { lastName: 'Левченко', firstName: 'Галина', patronymic: 'Миколаївна', birthDate: '1962-01-30', sex: 'female', phone: '+380931234504' },
    veteran: { lastName: 'Романюк', firstName: 'Віктор', patronymic: 'Степанович', birthDate: '1978-05-17', sex: 'male', phone: '+380661234505', serviceMember: { rank: 'молодший лейтенант', unitCode: 'А1234', status: 'discharged' } },
    missingSister: { lastName: 'Захарченко', firstName: 'Ірина', patronymic: 'Василівна', birthDate: '1994-09-08', sex: 'female', phone: '+380971234506' },
  },
  nadiya: {
    powWife: { lastName: 'Панченко', firstName: 'Марія', patronymic: 'Олегівна', birthDate: '1993-02-11', sex: 'female', phone: '+380672234501' },
    powMember: { lastName: 'Панченко', firstName: 'Олег', patronymic: 'Романович', birthDate: '1990-10-05', sex: 'male', phone: '+380672234502', serviceMember: { rank: 'сержант', unitCode: 'А3456', status: 'in_captivity' } },
    wounded: { lastName: 'Мороз', firstName: 'Тарас', patronymic: 'Богданович', birthDate: '1998-04-19', sex: 'male', phone: '+380502234503', serviceMember: { rank: 'солдат', unitCode: 'А3456', status: 'wounded' }, rnokppSeed: '358901234' },
    fallenMother: { lastName: 'Лук’яненко', firstName: 'Ніна', patronymic: 'Петрівна', birthDate: '1965-12-03', sex: 'female', phone: '+380932234504' },
    veteran: { lastName: 'Лисенко', firstName: 'Юрій', patronymic: 'Андрійович', birthDate: '1981-08-27', sex: 'male', phone: '+380662234505', serviceMember: { rank: 'капітан', unitCode: 'А3456', status: 'discharged' } },
    missingSister: { lastName: 'Федоренко', firstName: 'Олена', patronymic: 'Ігорівна', birthDate: '1997-06-21', sex: 'female', phone: '+380972234506' },
  },
};

const name = (p: Person) => `${p.lastName} ${p.firstName} ${p.patronymic}`;

export async function seedDemoCases(orm: MikroORM, keyring: Keyring, providers: { key: 'razom' | 'nadiya'; id: string; oblastCode: string }[], now = new Date()) {
  for (const provider of providers) {
    await withTenant(orm, { providerId: provider.id }, ({ em }) => seedProvider(em, keyring, provider, now));
  }
}

async function seedProvider(em: EntityManager, keyring: Keyring, provider: { key: 'razom' | 'nadiya'; id: string; oblastCode: string }, now: Date) {
  const ids = DEMO_CASE_IDS[provider.key];
  const people = PEOPLE[provider.key];
  const staff = await em.execute<{ id: string; email: string }[]>(
    `select u.id, u.email from user_account u join membership m on m.user_id = u.id where m.provider_id = ?`, [provider.id]);
  const user = (local: string) => staff.find((s) => s.email.startsWith(`${local}@`))!.id;
  const [manager1, manager2, supervisor] = [user('manager1'), user('manager2'), user('supervisor')];
  const today = isoDay(now);
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const measures = new Map((await em.find(Measure, {})).map((m) => [m.code, m.id]));
  const measureVersions = new Map((await em.find(MeasureVersion, {})).map((v) => [v.measureId, v.id]));

  const person = (key: keyof typeof people, categories: CaseCategory[]) => {
    const p = people[key];
    return em.create(Beneficiary, {
      id: ids[key], providerId: provider.id, lastName: p.lastName, firstName: p.firstName, patronymic: p.patronymic,
      birthDate: p.birthDate, sex: p.sex, phones: [p.phone], ...sealRnokpp(keyring, p.rnokppSeed ? p.rnokppSeed + rnokppCheckDigit(p.rnokppSeed) : null),
      oblastCode: provider.oblastCode, categories, isServiceMember: Boolean(p.serviceMember), militaryRank: p.serviceMember?.rank ?? null,
      unitCode: p.serviceMember?.unitCode ?? null, militaryStatus: p.serviceMember?.status ?? null, createdBy: supervisor,
      createdAt: daysAgo(60),
    });
  };
  const link = (memberId: string, relativeId: string, relation: FamilyRelation) =>
    em.create(FamilyLink, { providerId: provider.id, memberId, relativeId, relation });
  const consent = (beneficiaryId: string, givenDaysAgo: number, consentId?: string) =>
    em.create(Consent, {
      ...(consentId ? { id: consentId } : {}), providerId: provider.id, beneficiaryId, method: 'written', givenOn: isoDay(daysAgo(givenDaysAgo)),
      recordedBy: manager1, purposes: ['case_management', 'referral'], recipients: [], expiresOn: addDays(today, 365),
    });
  const openCase = (caseId: string, beneficiaryKey: keyof typeof people, categories: CaseCategory[], assigneeId: string | null, openedDaysAgo: number, unitCode: string | null) => {
    const c = em.create(SupportCase, {
      id: caseId, providerId: provider.id, beneficiaryId: ids[beneficiaryKey], beneficiaryName: name(people[beneficiaryKey]), unitCode,
      categories, assigneeId, openedAt: daysAgo(openedDaysAgo), assessmentDueOn: isoDay(daysAgo(openedDaysAgo - 14)),
      sourceKind: 'intake', createdBy: supervisor, status: 'intake',
    });
    em.create(CaseEvent, { providerId: provider.id, caseId, kind: 'opened', at: c.openedAt, actorId: supervisor, data: { source: 'intake', assigneeId } });
    return c;
  };
  const status = (c: ReturnType<typeof openCase>, to: 'assessment' | 'active', daysAgoN: number) => {
    em.create(CaseEvent, { providerId: provider.id, caseId: c.id, kind: 'status_changed', at: daysAgo(daysAgoN), actorId: c.assigneeId ?? supervisor, data: { from: c.status, to } });
    c.status = to;
  };
  const assess = (c: ReturnType<typeof openCase>, daysAgoN: number, needs: [NeedDomain, Severity, string][]) =>
    em.create(Assessment, {
      providerId: provider.id, caseId: c.id, assessedOn: isoDay(daysAgo(daysAgoN)), assessorId: c.assigneeId ?? supervisor,
      needs: needs.map(([domain, severity, note]) => ({ domain, severity, note })), summary: null, reviewDueOn: addDays(today, 60),
    });
  const deliver = (c: ReturnType<typeof openCase>, code: string, daysAgoN: number, minutes: number, outcome: string, planStepId: string | null = null) => {
    const measureId = measures.get(code)!;
    em.create(ServiceDelivery, {
      providerId: provider.id, caseId: c.id, measureId, measureVersionId: measureVersions.get(measureId)!, deliveredOn: isoDay(daysAgo(daysAgoN)),
      durationMinutes: minutes, mode: 'in_person', deliveredBy: c.assigneeId ?? supervisor, outcome, planStepId, transferredFrom: null,
    });
    const at = daysAgo(daysAgoN);
    c.firstContactAt ??= at;
    if (!c.lastContactAt || c.lastContactAt < at) c.lastContactAt = at;
  };
  const planFrom = async (c: ReturnType<typeof openCase>, playbookCode: string, startDaysAgo: number, firstStepId?: string) => {
    const [version] = await em.execute<{ id: string }[]>(
      `select v.id from playbook_version v join playbook p on p.id = v.playbook_id where p.code = ? order by v.version desc limit 1`, [playbookCode]);
    const pv = await em.findOneOrFail(PlaybookVersion, { id: version!.id });
    const plan = em.create(SupportPlan, { providerId: provider.id, caseId: c.id, playbookVersionIds: [pv.id] });
    const start = isoDay(daysAgo(startDaysAgo));
    return pv.steps.map((s, i) => em.create(PlanStep, {
      ...(i === 1 && firstStepId ? { id: firstStepId } : {}),
      providerId: provider.id, planId: plan.id, caseId: c.id, position: i, title: s.titleUk, measureId: measures.get(s.measureCode) ?? null,
      ownerId: c.assigneeId ?? null, dueOn: addDays(start, s.offsetDays), status: i === 0 ? 'done' : 'planned', completedAt: i === 0 ? daysAgo(startDaysAgo - 1) : null,
      documents: s.documents.map((d) => ({ name: d.uk, received: false, receivedOn: null })), playbookVersionId: pv.id,
    }));
  };

  // A POW's family: the wife is served, the husband is in captivity. Active, with an overdue step.
  const powMember = person('powMember', ['family_of_pow']);
  person('powWife', ['family_of_pow']);
  link(powMember.id, ids.powWife, 'spouse');
  consent(ids.powWife, 40, ids.powConsent);
  const pow = openCase(ids.powCase, 'powWife', ['family_of_pow'], manager1, 40, powMember.unitCode ?? null);
  status(pow, 'assessment', 38);
  assess(pow, 36, [['safety', 'high', 'Дзвінки від невідомих із пропозиціями «обміну» за гроші'], ['mental_health', 'moderate', 'Порушення сну'], ['benefits', 'high', 'Не отримує грошове забезпечення чоловіка']]);
  status(pow, 'active', 35);
  await planFrom(pow, 'family_of_pow', 35, ids.powOverdueStep);
  deliver(pow, 'M08', 39, 60, 'Перша зустріч, первинна психологічна допомога');
  deliver(pow, 'M13', 33, 45, 'Пояснили, як розпізнати шахраїв; домовились про кодове слово');
  em.create(CaseNote, { providerId: provider.id, caseId: pow.id, authorId: manager1, body: 'Просить не телефонувати після 21:00.', sensitive: false, createdAt: daysAgo(33) });

  // A wounded soldier in assessment.
  person('wounded', ['wounded']);
  consent(ids.wounded, 6);
  const wounded = openCase(ids.woundedCase, 'wounded', ['wounded'], manager1, 7, people.wounded.serviceMember!.unitCode);
  status(wounded, 'assessment', 5);
  deliver(wounded, 'M05', 5, 40, 'Розповіли про маршрут ВЛК і реабілітацію');

  // The mother of a fallen defender, just taken in, no consent yet.
  person('fallenMother', ['family_of_fallen']);
  openCase(ids.fallenCase, 'fallenMother', ['family_of_fallen'], manager2, 2, null);

  // A discharged veteran whose case is closed.
  person('veteran', ['preparing_discharge']);
  consent(ids.veteran, 120);
  const veteran = openCase(ids.veteranCase, 'veteran', ['preparing_discharge'], manager2, 120, people.veteran.serviceMember!.unitCode);
  status(veteran, 'assessment', 118);
  status(veteran, 'active', 110);
  deliver(veteran, 'M02', 100, 90, 'Оформлено звільнення і статус УБД');
  veteran.status = 'closed';
  veteran.closureOutcome = 'goals_met';
  veteran.closedAt = daysAgo(30);
  em.create(CaseEvent, { providerId: provider.id, caseId: veteran.id, kind: 'closed', at: daysAgo(30), actorId: manager2, data: { from: 'active', to: 'closed', outcome: 'goals_met' } });

  // The sister of a missing soldier, waiting for a case manager.
  person('missingSister', ['family_of_missing']);
  openCase(ids.missingCase, 'missingSister', ['family_of_missing'], null, 1, null);
  await em.flush();
}
