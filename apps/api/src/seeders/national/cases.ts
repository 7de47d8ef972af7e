/**
 * National-scale generators of case management: people, their cases, plans with steps and
 * service deliveries (domain.md, "Scale to plan for": 1 M people, 5 M deliveries at scale 1).
 * Every case's facts come from a random stream of its own (run seed, provider, index), so each
 * table's generator recomputes the same person, case and ids without holding rows in memory.
 */
import type { Role } from '@pilot/domain';
import { MEASURES } from '../../migrations/0002_cases.seed.ts';
import { Random } from './random.ts';
import type { GeneratorContext, TableGenerator } from './tables.ts';

/** 1 M people over 200 providers; a provider's caseload follows the size of its team. */
const PEOPLE_PER_PROVIDER = 5000;
const AVERAGE_TEAM = 46;
const DAY = 86_400_000;

const LAST = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Мельник', 'Поліщук', 'Лисенко', 'Гнатюк', 'Савчук', 'Руденко', 'Марченко', 'Мороз', 'Панченко', 'Левченко', 'Романюк', 'Захарченко', 'Федоренко', 'Лук’яненко'];
const FIRST_F = ['Олена', 'Ірина', 'Наталія', 'Оксана', 'Тетяна', 'Марія', 'Юлія', 'Ганна', 'Софія', 'Людмила'];
const FIRST_M = ['Андрій', 'Олександр', 'Сергій', 'Дмитро', 'Богдан', 'Василь', 'Максим', 'Тарас', 'Юрій', 'Олег'];
const PATRONYMIC_ROOTS = ['Іван', 'Петр', 'Михайл', 'Олександр', 'Василь', 'Андрі', 'Степан', 'Богдан'];
const OUTCOMES = [['goals_met', 50], ['partly_met', 20], ['declined_further_help', 8], ['lost_contact', 10], ['moved', 7], ['deceased', 1], ['transferred', 4]] as const;
const CATEGORIES = ['mobilized', 'serving', 'wounded', 'released_from_captivity', 'preparing_discharge', 'family_of_pow', 'family_of_missing', 'family_of_fallen', 'idp_family'] as const;
const MODES = [['in_person', 40], ['phone', 35], ['video', 8], ['home_visit', 10], ['outreach', 7]] as const;

interface Facts {
  personId: string; caseId: string; planId: string | null;
  last: string; first: string; patronymic: string; sex: 'female' | 'male'; birthDate: string; phone: string;
  serviceMember: boolean; unitCode: string | null; militaryStatus: string | null; categories: string[];
  status: 'intake' | 'assessment' | 'active' | 'closed'; outcome: string | null; assigneeId: string | null;
  openedAt: Date; closedAt: Date | null; lastContactAt: Date | null;
  steps: { id: string; measure: number; dueOn: Date; status: string; position: number }[];
  deliveries: { id: string; measure: number; on: Date; minutes: number; mode: string }[];
}

const peopleOf = (p: { staffCount: number }) => Math.max(20, Math.round(PEOPLE_PER_PROVIDER * p.staffCount / AVERAGE_TEAM));
const managersOf = (ctx: GeneratorContext, providerId: string) =>
  (ctx.shared.staff.get(providerId) ?? []).filter((s) => s.roles.includes('case_manager' as Role)).map((s) => s.id);
const day = (d: Date) => d.toISOString().slice(0, 10);

function facts(seed: number, providerId: string, i: number, managers: string[]): Facts {
  const r = new Random(seed, `case:${providerId}:${i}`);
  const sex = r.chance(0.6) ? 'female' : 'male';
  const serviceMember = r.chance(0.35);
  const openedAt = r.before(700);
  const status = r.weighted([['intake', 5], ['assessment', 10], ['active', 60], ['closed', 25]] as const);
  const closedAt = status === 'closed' ? new Date(Math.min(openedAt.getTime() + r.int(20, 300) * DAY, Date.UTC(2026, 0, 1))) : null;
  const stepCount = status === 'intake' ? 0 : r.int(3, 6);
  const deliveryCount = status === 'intake' ? 0 : r.int(1, 9);
  const facts: Facts = {
    personId: r.uuid(openedAt), caseId: r.uuid(openedAt), planId: stepCount ? r.uuid(openedAt) : null,
    last: r.pick(LAST), first: r.pick(sex === 'female' ? FIRST_F : FIRST_M),
    patronymic: `${r.pick(PATRONYMIC_ROOTS)}${sex === 'female' ? 'івна' : 'ович'}`, sex,
    birthDate: day(new Date(Date.UTC(1960 + r.int(0, 45), r.int(0, 11), r.int(1, 28)))),
    phone: `+380${r.pick(['50', '67', '63', '93', '97', '98'])}${String(r.int(0, 9_999_999)).padStart(7, '0')}`,
    serviceMember, unitCode: serviceMember || r.chance(0.5) ? `А${r.int(1000, 9999)}` : null,
    militaryStatus: serviceMember ? r.weighted([['serving', 40], ['wounded', 25], ['in_captivity', 5], ['missing', 5], ['fallen', 5], ['discharged', 20]] as const) : null,
    categories: [...new Set([r.pick(CATEGORIES), ...(r.chance(0.2) ? [r.pick(CATEGORIES)] : [])])],
    status, outcome: status === 'closed' ? r.weighted(OUTCOMES) : null,
    assigneeId: managers.length && r.chance(0.95) ? r.pick(managers) : null,
    openedAt, closedAt, lastContactAt: null, steps: [], deliveries: [],
  };
  for (let s = 0; s < stepCount; s++) {
    const dueOn = new Date(openedAt.getTime() + r.int(3, 120) * DAY);
    facts.steps.push({ id: r.uuid(openedAt), measure: r.int(1, 14), dueOn, position: s,
      status: status === 'closed' ? r.weighted([['done', 85], ['cancelled', 15]] as const) : r.weighted([['planned', 45], ['in_progress', 25], ['done', 30]] as const) });
  }
  const until = (closedAt ?? new Date(Date.UTC(2026, 0, 1))).getTime();
  for (let d = 0; d < deliveryCount; d++) {
    const on = new Date(openedAt.getTime() + r.int(0, Math.max(0, Math.floor((until - openedAt.getTime()) / DAY))) * DAY);
    facts.deliveries.push({ id: r.uuid(on), measure: r.int(1, 14), on, minutes: r.pick([15, 30, 45, 60, 90, 120]), mode: r.weighted(MODES) });
    if (!facts.lastContactAt || facts.lastContactAt < on) facts.lastContactAt = on;
  }
  return facts;
}

/** Every case of every provider, in order, for a generator to turn into its rows. */
function* allFacts(ctx: GeneratorContext): Generator<{ providerId: string; f: Facts }> {
  // Drawn once, by the first of these generators, from its own stream; the others reuse it.
  ctx.shared.caseSeed ??= ctx.random.int(0, 2 ** 31 - 1);
  for (const p of ctx.shared.providers) {
    const managers = managersOf(ctx, p.id);
    for (let i = 0; i < peopleOf(p); i++) yield { providerId: p.id, f: facts(ctx.shared.caseSeed, p.id, i, managers) };
  }
}
const totalPeople = (ctx: GeneratorContext) => ctx.shared.providers.reduce((s, p) => s + peopleOf(p), 0);
const measureId = (n: number) => MEASURES[n - 1]!.id;
const measureVersionId = (n: number) => MEASURES[n - 1]!.versionId;
const name = (f: Facts) => `${f.last} ${f.first} ${f.patronymic}`;

const beneficiaries: TableGenerator = {
  table: 'beneficiary',
  columns: ['id', 'provider_id', 'last_name', 'first_name', 'patronymic', 'birth_date', 'sex', 'phones', 'categories', 'is_service_member', 'unit_code', 'military_status', 'created_by', 'created_at', 'updated_at'],
  count: totalPeople,
  *rows(ctx) {
    for (const { providerId, f } of allFacts(ctx)) {
      const creator = f.assigneeId ?? ctx.shared.staff.get(providerId)![0]!.id;
      yield [f.personId, providerId, f.last, f.first, f.patronymic, f.birthDate, f.sex, [f.phone], f.categories, f.serviceMember, f.unitCode, f.militaryStatus, creator, f.openedAt, f.openedAt];
    }
  },
};

const cases: TableGenerator = {
  table: 'support_case',
  columns: ['id', 'provider_id', 'beneficiary_id', 'beneficiary_name', 'unit_code', 'status', 'categories', 'assignee_id', 'opened_at', 'assessment_due_on', 'first_contact_at', 'last_contact_at', 'closed_at', 'closure_outcome', 'source_kind', 'created_by', 'created_at', 'updated_at'],
  count: totalPeople,
  *rows(ctx) {
    for (const { providerId, f } of allFacts(ctx)) {
      const creator = f.assigneeId ?? ctx.shared.staff.get(providerId)![0]!.id;
      yield [f.caseId, providerId, f.personId, name(f), f.unitCode, f.status, f.categories, f.assigneeId, f.openedAt, day(new Date(f.openedAt.getTime() + 14 * DAY)),
        f.deliveries.length ? f.deliveries.reduce((a, d) => (d.on < a ? d.on : a), f.deliveries[0]!.on) : null, f.lastContactAt, f.closedAt, f.outcome, 'intake', creator, f.openedAt, f.closedAt ?? f.openedAt];
    }
  },
};

const plans: TableGenerator = {
  table: 'support_plan',
  columns: ['id', 'provider_id', 'case_id', 'created_at', 'updated_at'],
  count: totalPeople,
  *rows(ctx) {
    for (const { providerId, f } of allFacts(ctx)) if (f.planId) yield [f.planId, providerId, f.caseId, f.openedAt, f.openedAt];
  },
};

const steps: TableGenerator = {
  table: 'plan_step',
  columns: ['id', 'provider_id', 'plan_id', 'case_id', 'position', 'title', 'measure_id', 'owner_id', 'due_on', 'status', 'cancel_reason', 'created_at', 'updated_at'],
  count: (ctx) => totalPeople(ctx) * 4,
  *rows(ctx) {
    for (const { providerId, f } of allFacts(ctx)) {
      for (const s of f.steps) {
        yield [s.id, providerId, f.planId, f.caseId, s.position, MEASURES[s.measure - 1]!.uk, measureId(s.measure), f.assigneeId, day(s.dueOn), s.status,
          s.status === 'cancelled' ? 'Потреба відпала' : null, f.openedAt, f.openedAt];
      }
    }
  },
};

const deliveries: TableGenerator = {
  table: 'service_delivery',
  columns: ['id', 'provider_id', 'case_id', 'measure_id', 'measure_version_id', 'delivered_on', 'duration_minutes', 'mode', 'delivered_by', 'outcome', 'created_at'],
  count: (ctx) => totalPeople(ctx) * 5,
  *rows(ctx) {
    for (const { providerId, f } of allFacts(ctx)) {
      const by = f.assigneeId ?? ctx.shared.staff.get(providerId)![0]!.id;
      for (const d of f.deliveries) yield [d.id, providerId, f.caseId, measureId(d.measure), measureVersionId(d.measure), day(d.on), d.minutes, d.mode, by, 'Надано', d.on];
    }
  },
};

/** Case management's generators, in dependency order (appended to TABLES). */
export const CASE_TABLES: TableGenerator[] = [beneficiaries, cases, plans, steps, deliveries];
