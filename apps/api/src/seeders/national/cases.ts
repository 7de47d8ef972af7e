/**
 * Families and their cases at national scale (domain.md: about 1 million people and 5 million
 * service deliveries at scale 1). Each household is one story drawn from a random stream of its
 * own (run seed, provider, index): a service member and relatives, a referral from a unit the
 * provider serves that day or a walk-in, then a case that moves through intake, assessment and
 * a plan to closure as time allows, with consent, service deliveries following the seasons,
 * and now and then a transfer to another provider or a reopened episode. A provider's
 * households are written together, table by table, so each story is drawn once.
 */
import {
  DEFAULT_SERVICE_TARGET_DAYS, localDate, NEED_DOMAINS, nthWorkingDayAfter, type CaseCategory, type ClosureOutcome, type DeclineReason, type MilitaryStatus,
} from '@pilot/domain';
import { MEASURES, PLAYBOOKS } from '../../migrations/0002_cases.seed.ts';
import { KATOTTG_HROMADAS } from '../../migrations/data/katottg.ts';
import { sealRnokpp } from '../../modules/cases/pii.ts';
import { day, type Batch, type GeneratorContext, type Member, type TableGroup } from './context.ts';
import { Random } from './random.ts';
import { bornBetween, FIRST_M, fullName, LAST_NAMES, person, rnokpp, type FirstName, type Person } from './people.ts';
import { REFERRAL_TABLES, WORKING_CALENDAR, referralRows, type Recipients, type ReferralStory } from './referrals.ts';
import { assignmentsOn, escalationList, pausedAt, unitPlan, type UnitPlan } from './units.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** About 1 M people at scale 1 (2.2 people a household, 200 providers), more for larger teams. */
const HOUSEHOLDS_PER_PROVIDER = 2600;
const AVERAGE_TEAM = 46;
/**
 * Days between two deliveries while a case is worked: about 5 M deliveries at scale 1 (measured:
 * most of the country's units joined in the last waves, so most cases there are months old).
 */
const DELIVERY_INTERVAL = { min: 3, max: 9 };
const MAX_DELIVERIES = 80;

/** Monthly activity: the heating season and winter peak, the summer dip. */
const SEASON = [1.15, 1.1, 1.0, 0.95, 0.9, 0.85, 0.75, 0.7, 0.95, 1.1, 1.2, 1.2];

const CASE_COLUMNS = ['id', 'provider_id', 'beneficiary_id', 'beneficiary_name', 'unit_code', 'status', 'categories', 'assignee_id', 'opened_at',
  'assessment_due_on', 'first_contact_at', 'last_contact_at', 'closed_at', 'closure_outcome', 'closure_note', 'previous_case_id', 'source_kind',
  'source_id', 'created_by', 'created_at', 'updated_at'];
const TABLES = [
  { table: 'beneficiary', columns: ['id', 'provider_id', 'last_name', 'first_name', 'patronymic', 'birth_date', 'sex', 'rnokpp', 'rnokpp_index', 'phones', 'email',
    'oblast_code', 'hromada_code', 'categories', 'is_service_member', 'military_rank', 'unit_code', 'military_status', 'created_by', 'created_at', 'updated_at'] },
  { table: 'family_link', columns: ['id', 'provider_id', 'member_id', 'relative_id', 'relation', 'created_at'] },
  { table: 'consent', columns: ['id', 'provider_id', 'beneficiary_id', 'method', 'given_on', 'recorded_by', 'purposes', 'recipients', 'expires_on',
    'withdrawn_on', 'withdrawal_reason', 'withdrawn_by', 'note', 'created_at'] },
  { table: 'support_case', columns: CASE_COLUMNS },
  { table: 'case_event', columns: ['id', 'provider_id', 'case_id', 'kind', 'at', 'actor_id', 'data'] },
  { table: 'assessment', columns: ['id', 'provider_id', 'case_id', 'assessed_on', 'assessor_id', 'needs', 'summary', 'review_due_on', 'created_at'] },
  { table: 'support_plan', columns: ['id', 'provider_id', 'case_id', 'playbook_version_ids', 'created_at', 'updated_at'] },
  { table: 'plan_step', columns: ['id', 'provider_id', 'plan_id', 'case_id', 'position', 'title', 'measure_id', 'owner_id', 'due_on', 'status', 'cancel_reason',
    'completed_at', 'playbook_version_id', 'created_at', 'updated_at'] },
  { table: 'service_delivery', columns: ['id', 'provider_id', 'case_id', 'measure_id', 'measure_version_id', 'delivered_on', 'duration_minutes', 'mode',
    'delivered_by', 'outcome', 'plan_step_id', 'transferred_from', 'created_at'] },
  { table: 'case_transfer', columns: ['id', 'from_provider_id', 'to_provider_id', 'from_case_id', 'to_case_id', 'consent_id', 'status', 'reason', 'summary',
    'data_categories', 'decline_reason', 'requested_by', 'requested_at', 'decided_by', 'decided_at'] },
  ...REFERRAL_TABLES,
] as const;

/** Measures (1-based, domain.md) that fit each situation. */
const MEASURES_FOR: Record<CaseCategory, number[]> = {
  mobilized: [1, 4, 3, 9, 8],
  serving: [4, 5, 9, 8, 3, 13],
  wounded: [5, 3, 10, 11, 8, 4],
  released_from_captivity: [8, 3, 5, 10, 2, 11],
  preparing_discharge: [2, 3, 4, 6, 7],
  family_of_pow: [12, 8, 3, 10, 7],
  family_of_missing: [12, 8, 3, 10, 7],
  family_of_fallen: [3, 4, 8, 7, 10, 14],
  idp_family: [14, 4, 6, 3, 11],
};
const NEEDS_FOR: Record<CaseCategory, (typeof NEED_DOMAINS)[number][]> = {
  mobilized: ['documents', 'benefits', 'family_relations'],
  serving: ['benefits', 'family_relations', 'mental_health'],
  wounded: ['health', 'documents', 'benefits', 'employment'],
  released_from_captivity: ['mental_health', 'health', 'documents', 'safety'],
  preparing_discharge: ['employment', 'documents', 'education', 'addiction_risk'],
  family_of_pow: ['mental_health', 'documents', 'legal', 'safety'],
  family_of_missing: ['mental_health', 'documents', 'legal', 'safety'],
  family_of_fallen: ['mental_health', 'benefits', 'documents', 'legal'],
  idp_family: ['housing', 'material_needs', 'documents', 'education'],
};
const RANKS = [['солдат', 30], ['старший солдат', 20], ['молодший сержант', 12], ['сержант', 10], ['старший сержант', 8], ['лейтенант', 7],
  ['старший лейтенант', 6], ['капітан', 4], ['майор', 3]] as const;
const MODES = [['in_person', 40], ['phone', 35], ['video', 8], ['home_visit', 10], ['outreach', 7]] as const;
const DELIVERY_OUTCOMES = ['Надано консультацію', 'Документи подано', 'Направлено до фахівця', 'Надано інформацію', 'Допомогу отримано', 'Проведено зустріч з родиною'];
const OUTCOMES = [['goals_met', 50], ['partly_met', 22], ['declined_further_help', 7], ['lost_contact', 9], ['moved', 6], ['deceased', 1], ['transferred', 5]] as const;
const CLOSURE_NOTES: Partial<Record<ClosureOutcome, string>> = {
  goals_met: 'Усі кроки плану виконано, родина отримує виплати.', partly_met: 'Частину потреб закрито, решту передано службам громади.',
  lost_contact: 'Родина не відповідає понад місяць.', moved: 'Родина переїхала до іншої області.',
};
const DECLINES = [['already_served', 25], ['out_of_scope', 25], ['no_capacity', 15], ['person_unreachable', 15], ['person_declined', 15], ['other', 5]] as const;
const PLAYBOOK_BY_CATEGORY = new Map(PLAYBOOKS.flatMap((pb) => pb.categories.map((c) => [c, pb] as const)));
const MEASURE_BY_CODE = new Map(MEASURES.map((m, i) => [m.code, i + 1]));
/** The codifier's hromadas (migration 0007), by oblast. */
const HROMADAS_BY_OBLAST = Map.groupBy(KATOTTG_HROMADAS, (h) => h.oblastCode);

export const householdsOf = (p: { staffCount: number }) => Math.max(12, Math.round(HOUSEHOLDS_PER_PROVIDER * p.staffCount / AVERAGE_TEAM));

/**
 * A working moment between two others, as often as the season has work; weekends are rare.
 * `growing`: more likely the later it is (density rising linearly over the span).
 */
function workMoment(r: Random, from: Date, to: Date, growing = false): Date {
  const a = from.getTime();
  const span = to.getTime() - a;
  if (span <= 0) return from;
  for (let k = 0; k < 12; k++) {
    const t = a + (growing ? Math.sqrt(r.float()) : r.float()) * span;
    const d = new Date(t);
    const weekday = d.getUTCDay();
    if ((weekday === 0 || weekday === 6) && r.chance(0.85)) continue;
    if (r.float() * 1.2 > SEASON[d.getUTCMonth()]!) continue;
    // Office hours in Kyiv: 08:00 to 18:00 local, 06:00 to 16:00 UTC.
    const at = t - (t % DAY) + (6 + r.float() * 10) * HOUR;
    return new Date(Math.min(Math.max(at, a), a + span));
  }
  return new Date(a + r.float() * span);
}

const before = (a: Date | null, b: Date) => (a && a <= b ? a : null);
const later = (a: Date, days: number) => new Date(a.getTime() + days * DAY);

interface Episode {
  openedAt: Date; firstContactAt: Date | null; assessedAt: Date | null; closedAt: Date | null; outcome: ClosureOutcome | null;
  status: 'intake' | 'assessment' | 'active' | 'closed';
}

/** How one case unfolds from its opening; what has not happened by "now" is left out. */
function unfold(r: Random, openedAt: Date, now: Date, allowTransfer: boolean): Episode {
  const contact = later(openedAt, r.weighted([[0.4, 75], [2, 20], [6, 5]] as const) * r.float() + 0.05);
  let firstContactAt: Date | null = contact;
  let assessedAt: Date | null = null;
  let closedAt: Date;
  let outcome: ClosureOutcome;
  if (r.chance(0.04)) {
    // Some families are never reached, or say no before any assessment.
    closedAt = later(openedAt, r.int(3, 30));
    outcome = r.weighted([['lost_contact', 50], ['declined_further_help', 35], ['moved', 15]] as const);
    if (outcome === 'lost_contact' || contact > closedAt) firstContactAt = null;
  } else {
    assessedAt = later(contact, 2 + r.days(6));
    closedAt = later(assessedAt, 30 + r.days(220));
    outcome = r.weighted(OUTCOMES);
    if (outcome === 'transferred' && !allowTransfer) outcome = 'goals_met';
  }
  firstContactAt = before(firstContactAt, now);
  assessedAt = before(assessedAt, now);
  const closed = before(closedAt, now);
  return {
    openedAt, firstContactAt, assessedAt, closedAt: closed, outcome: closed ? outcome : null,
    status: closed ? 'closed' : assessedAt ? 'active' : firstContactAt ? 'assessment' : 'intake',
  };
}

function categoriesFor(r: Random, status: MilitaryStatus): CaseCategory[] {
  const main: CaseCategory = {
    serving: r.chance(0.3) ? 'mobilized' as const : 'serving' as const,
    wounded: 'wounded' as const,
    in_captivity: 'family_of_pow' as const,
    missing: 'family_of_missing' as const,
    fallen: 'family_of_fallen' as const,
    discharged: r.chance(0.3) ? 'released_from_captivity' as const : 'preparing_discharge' as const,
  }[status];
  return r.chance(0.12) ? [main, 'idp_family'] : [main];
}

type Relation = 'spouse' | 'child' | 'parent' | 'sibling' | 'other';
const year = (p: Person) => Number(p.birthDate.slice(0, 4));

/** A relative of the service member, of plausible age and name. */
function relative(r: Random, sm: Person, smFather: FirstName, relation: Relation, family: (typeof LAST_NAMES)[number], nowYear: number, minor = false): Person {
  const y = year(sm);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  switch (relation) {
    case 'spouse': {
      const born = clamp(y + r.int(-6, 6), 1950, nowYear - 19);
      return person(r, sm.sex === 'male' ? 'female' : 'male', bornBetween(r, born, born), family);
    }
    case 'parent': {
      const born = clamp(y - r.int(20, 35), 1935, nowYear - 38);
      return person(r, r.chance(0.75) ? 'female' : 'male', bornBetween(r, born, born), family);
    }
    case 'child': {
      const from = minor ? Math.max(y + 20, nowYear - 17) : y + 20;
      const to = minor ? nowYear - 1 : Math.min(y + 28, nowYear - 18);
      const born = r.int(Math.min(from, to), Math.max(from, to));
      return person(r, r.chance(0.5) ? 'female' : 'male', bornBetween(r, born, born), family, sm.own);
    }
    case 'sibling': {
      const born = clamp(y + r.int(-8, 8), 1950, nowYear - 18);
      return person(r, r.chance(0.5) ? 'female' : 'male', bornBetween(r, born, born), family, smFather);
    }
    default:
      return person(r, r.chance(0.6) ? 'female' : 'male', bornBetween(r, 1950, nowYear - 18), r.pick(LAST_NAMES));
  }
}

/** One provider's people, by role (who works cases, who is told of referrals). */
interface Team { managers: Member[]; supervisors: Member[]; admins: Member[] }
const teamOf = (members: Member[]): Team => ({
  managers: members.filter((m) => m.roles.includes('case_manager')),
  supervisors: members.filter((m) => m.roles.includes('supervisor')),
  admins: members.filter((m) => m.roles.includes('ngo_admin')),
});

type Push = (table: string, row: readonly unknown[]) => void;

/** Everything one household's story writes, for the provider at `pi`. */
class Household {
  readonly r: Random;
  readonly now: Date;
  readonly plan: UnitPlan;
  readonly ctx: GeneratorContext;
  readonly pi: number;
  readonly teams: Team[];
  readonly push: Push;

  constructor(ctx: GeneratorContext, pi: number, i: number, teams: Team[], push: Push) {
    this.ctx = ctx;
    this.pi = pi;
    this.teams = teams;
    this.push = push;
    this.now = ctx.now;
    this.plan = unitPlan(ctx);
    this.r = new Random(ctx.seed, `household:${ctx.shared.providers[pi]!.id}:${i}`, ctx.now.getTime());
  }

  write() {
    const { r, now, plan, ctx, pi } = this;
    const provider = ctx.shared.providers[pi]!;
    const team = this.teams[pi]!;
    const start = new Date(Math.max(plan.providerStarts[pi]!.getTime(), now.getTime() - 730 * DAY));
    // Work grows as the pilot does: more families came recently than at the start.
    const first = workMoment(r, start, now, true);

    // The family: the service member, the person who comes to the provider, relatives.
    const nowYear = now.getUTCFullYear();
    const status: MilitaryStatus = r.weighted([['serving', 45], ['wounded', 22], ['in_captivity', 6], ['missing', 7], ['fallen', 6], ['discharged', 14]] as const);
    const family = r.pick(LAST_NAMES);
    const smFather = r.pick(FIRST_M);
    const sm = person(r, r.chance(0.92) ? 'male' : 'female', bornBetween(r, 1966, nowYear - 20), family, smFather);
    const categories = categoriesFor(r, status);
    const smIsSubject = (status === 'serving' || status === 'wounded' || status === 'discharged') && r.chance(0.45);
    const relatives: { p: Person; relation: Relation }[] = [];
    if (!smIsSubject) {
      const relation = r.weighted([['spouse', 45], ['parent', 35], ['child', year(sm) <= 1982 ? 8 : 0], ['sibling', 9], ['other', 3]] as const);
      relatives.push({ p: relative(r, sm, smFather, relation, family, nowYear), relation });
    }
    for (let k = r.weighted([[0, 55], [1, 30], [2, 15]] as const); k > 0; k--) {
      const hasSpouse = relatives.some((x) => x.relation === 'spouse');
      const relation: Relation = !hasSpouse && r.chance(0.5) ? 'spouse' : year(sm) + 20 < nowYear - 1 ? 'child' : 'sibling';
      relatives.push({ p: relative(r, sm, smFather, relation, family, nowYear, true), relation });
    }
    const subject = smIsSubject ? sm : relatives[0]!.p;

    // Where the family lives; which unit the service member serves in.
    const oblast = r.chance(0.8) ? provider.oblast : r.pick([...HROMADAS_BY_OBLAST.keys()]);
    const hromadas = HROMADAS_BY_OBLAST.get(oblast);
    const hromada = hromadas && r.chance(0.6) ? r.pick(hromadas) : null;
    const routes = assignmentsOn(plan, pi, first);
    const viaReferral = routes.length > 0 && !pausedAt(plan, pi, first) && r.chance(0.55);
    const route = viaReferral ? r.pick(routes) : plan.assignmentsOf[pi]!.length && r.chance(0.7) ? r.pick(plan.assignmentsOf[pi]!) : null;
    const unit = route ? plan.units[route.unitIndex]! : null;
    const unitCode = unit?.code ?? `А${r.int(1000, 9999)}`;

    const ids = { sm: r.uuid(first), relatives: relatives.map(() => r.uuid(first)) };
    const subjectId = smIsSubject ? ids.sm : ids.relatives[0]!;
    const manager = team.managers.length ? r.pick(team.managers) : team.supervisors[0]!;

    // A referral from the unit, decided (or not yet) by the provider.
    let openedAt = first;
    let referral: ReferralStory | null = null;
    if (viaReferral) {
      const decidedAt = later(first, r.days(r.weighted([[0.12, 60], [0.8, 30], [2.5, 10]] as const)));
      const fate = r.weighted([['accepted', 88], ['declined', 9], ['withdrawn', 3]] as const);
      const withdrawnAt = later(first, r.days(0.4));
      const supervisor = r.pick(team.supervisors.length ? team.supervisors : team.managers);
      referral = {
        id: r.uuid(first), providerId: provider.id, providerName: provider.name,
        unit: { id: unit!.id, code: unit!.code, assignmentId: route!.id, contacts: unit!.contacts },
        subject: smIsSubject ? 'service_member' : 'family_member',
        person: { ...subject, relation: smIsSubject ? null : relatives[0]!.relation, settlement: hromada?.nameUk ?? null },
        serviceMember: { name: `${sm.first} ${sm.last}`, status },
        categories, submittedAt: first,
        outcome: fate === 'withdrawn' && withdrawnAt < decidedAt && withdrawnAt <= now ? { kind: 'withdrawn', at: withdrawnAt }
          : decidedAt > now ? { kind: 'pending' }
          : fate === 'declined' ? { kind: 'declined', at: decidedAt, by: supervisor.id, reason: r.weighted(DECLINES) as DeclineReason }
          : fate === 'withdrawn' ? { kind: 'withdrawn', at: withdrawnAt }
          : { kind: 'accepted', at: decidedAt, by: supervisor.id, caseId: '', beneficiaryId: subjectId, manager, firstContactAt: null, assessedAt: null, closedAt: null },
      };
      openedAt = decidedAt;
    }
    const recipients: Recipients = { ...team, coordinators: escalationList(ctx) };
    if (referral && referral.outcome.kind !== 'accepted') {
      referralRows(r, now, referral, recipients, this.push);
      return;
    }

    // The people, as the provider records them.
    const keyring = ctx.keyring;
    const creator = manager.id;
    const beneficiary = (id: string, p: Person, pid: string, isSm: boolean, cats: CaseCategory[], at: Date, sealed = sealRnokpp(keyring, r.chance(0.7) ? rnokpp(r, p) : null)) => {
      this.push('beneficiary', [id, pid, p.last, p.first, p.patronymic, p.birthDate, p.sex, sealed.rnokpp, sealed.rnokppIndex, [p.phone],
        p === subject && r.chance(0.1) ? `${id.slice(-8)}@example.com` : null, oblast, hromada?.code ?? null, cats, isSm,
        isSm ? r.weighted(RANKS) : null, isSm ? unitCode : null, isSm ? status : null, creator, at, at]);
      return sealed;
    };
    const smSealed = beneficiary(ids.sm, sm, provider.id, true, smIsSubject ? categories : [], openedAt);
    const sealed = relatives.map((x, k) => beneficiary(ids.relatives[k]!, x.p, provider.id, false, k === 0 && !smIsSubject ? categories : [], openedAt));
    relatives.forEach((x, k) => this.push('family_link', [r.uuid(openedAt), provider.id, ids.sm, ids.relatives[k], x.relation, openedAt]));
    const subjectSealed = smIsSubject ? smSealed : sealed[0]!;

    // The case, and what became of it.
    const assignee = referral || r.chance(0.9) ? manager : null;
    const episode = unfold(r, openedAt, now, ctx.shared.providers.length > 1);
    const caseId = r.uuid(openedAt);
    const receiver = episode.outcome === 'transferred' || (episode.status === 'active' && r.chance(0.008)) ? this.otherProvider() : null;
    const consentId = this.writeCase({
      pi, caseId, beneficiaryId: subjectId, name: fullName(subject), unitCode, categories, assignee, episode,
      source: referral ? { kind: 'referral', id: referral.id } : { kind: 'intake', id: null }, previousCaseId: null, receiver,
      consentMethod: referral ? (r.chance(0.4) ? 'written' : 'verbal') : r.weighted([['written', 60], ['verbal', 25], ['electronic', 15]] as const),
    });
    if (referral?.outcome.kind === 'accepted') {
      Object.assign(referral.outcome, { caseId, firstContactAt: episode.firstContactAt, assessedAt: episode.assessedAt, closedAt: episode.closedAt });
      referralRows(r, now, referral, recipients, this.push);
    }
    if (receiver !== null) this.transfer(caseId, subject, subjectSealed, consentId, episode, categories, unitCode, receiver);

    // Some families come back after a case closed: a new episode linked to the old one.
    if (episode.closedAt && ['goals_met', 'partly_met', 'lost_contact'].includes(episode.outcome!) && r.chance(0.06)) {
      const reopenedAt = workMoment(r, later(episode.closedAt, 30), later(episode.closedAt, 200));
      if (reopenedAt < now) {
        const next = unfold(r, reopenedAt, now, false);
        const nextId = r.uuid(reopenedAt);
        this.event(provider.id, caseId, 'reopened', reopenedAt, manager.id, { newCaseId: nextId, reason: 'Нове звернення родини' });
        this.writeCase({
          pi, caseId: nextId, beneficiaryId: subjectId, name: fullName(subject), unitCode, categories, assignee: manager, episode: next,
          source: { kind: 'reopen', id: null }, previousCaseId: caseId, receiver: null, consentMethod: 'written',
        });
      }
    }
  }

  /** Another provider a case can move to, nearby when there is one. */
  otherProvider(): number {
    const { r, ctx, pi } = this;
    const all = ctx.shared.providers;
    const near = all.flatMap((p, k) => (k !== pi && p.accredited && p.oblast === all[pi]!.oblast ? [k] : []));
    if (near.length && r.chance(0.6)) return r.pick(near);
    const k = r.int(0, all.length - 2);
    return k >= pi ? k + 1 : k;
  }

  event(providerId: string, caseId: string, kind: string, at: Date, actor: string | null, data: object | null = null) {
    this.push('case_event', [this.r.uuid(at), providerId, caseId, kind, at, actor, data]);
  }

  /** A case with its consent, timeline, assessments, plan and deliveries; returns the consent's id. */
  writeCase(c: {
    pi: number; caseId: string; beneficiaryId: string; name: string; unitCode: string | null; categories: CaseCategory[]; assignee: Member | null;
    episode: Episode; source: { kind: 'intake' | 'referral' | 'reopen' | 'transfer'; id: string | null }; previousCaseId: string | null;
    receiver: number | null; consentMethod: 'written' | 'verbal' | 'electronic';
  }): string {
    const { r, now } = this;
    const providerId = this.ctx.shared.providers[c.pi]!.id;
    const team = this.teams[c.pi]!;
    const e = c.episode;
    const worker = c.assignee ?? team.supervisors[0] ?? team.managers[0]!;
    const by = worker.id;
    const event = (kind: string, at: Date, data: object | null = null, actor: string | null = by) => this.event(providerId, c.caseId, kind, at, actor, data);

    // Consent at opening (naming the provider a transfer goes to), renewed when it expires.
    const consentId = r.uuid(e.openedAt);
    const expires = r.chance(0.7) ? later(e.openedAt, 365) : null;
    const receiver = c.receiver === null ? null : this.ctx.shared.providers[c.receiver]!;
    const withdrawn = e.outcome === 'declined_further_help' && r.chance(0.5) ? e.closedAt : null;
    this.push('consent', [consentId, providerId, c.beneficiaryId, c.consentMethod, day(e.openedAt), by,
      ['case_management', ...(c.source.kind === 'referral' ? ['referral'] : []), ...(receiver ? ['transfer'] : [])],
      // jsonb arrays go as JSON text (a JS array would be written as a PostgreSQL array).
      JSON.stringify(receiver ? [{ providerId: receiver.id, organisation: receiver.name, dataCategories: ['identity', 'contacts', 'military', 'assessment', 'plan', 'deliveries'] }] : []),
      expires && day(expires), withdrawn && day(withdrawn), withdrawn ? 'Відмова від подальшого супроводу' : null, withdrawn ? by : null, null, e.openedAt]);
    if (expires && expires < now && (!e.closedAt || e.closedAt > expires)) {
      const renewed = later(expires, -r.int(0, 20));
      this.push('consent', [r.uuid(renewed), providerId, c.beneficiaryId, 'written', day(renewed), by, ['case_management'], '[]',
        day(later(renewed, 365)), null, null, null, 'Поновлено', renewed]);
    }

    event('opened', e.openedAt, { source: c.source.kind, sourceId: c.source.id, assigneeId: c.assignee?.id ?? null });
    event('consent_recorded', e.openedAt, { method: c.consentMethod });
    if (e.firstContactAt) {
      event('first_contact', e.firstContactAt, { at: e.firstContactAt.toISOString() });
      event('status_changed', e.firstContactAt, { from: 'intake', to: 'assessment', outcome: null, note: null });
    }

    // Assessment, plan and its steps.
    const steps: { id: string; measure: number }[] = [];
    const end = e.closedAt ?? now;
    if (e.assessedAt) {
      for (const at of [e.assessedAt, ...(end.getTime() - e.assessedAt.getTime() > 180 * DAY && r.chance(0.4) ? [later(e.assessedAt, r.int(120, 180))] : [])]) {
        const assessmentId = r.uuid(at);
        const domains = [...new Set(Array.from({ length: r.int(2, 4) }, () => r.pick(NEEDS_FOR[c.categories[0]!])))];
        const needs = domains.map((domain) => ({ domain, severity: r.weighted([['low', 25], ['moderate', 40], ['high', 28], ['critical', 7]] as const), note: null }));
        this.push('assessment', [assessmentId, providerId, c.caseId, day(at), by, JSON.stringify(needs), null, day(later(at, 90)), at]);
        event('assessment_recorded', at, { assessmentId });
      }
      event('status_changed', later(e.assessedAt, 0.01), { from: 'assessment', to: 'active', outcome: null, note: null });
      const planId = r.uuid(e.assessedAt);
      const playbook = r.chance(0.6) ? PLAYBOOK_BY_CATEGORY.get(c.categories[0]!) : undefined;
      this.push('support_plan', [planId, providerId, c.caseId, playbook ? [playbook.versionId] : [], e.assessedAt, e.assessedAt]);
      event('plan_changed', e.assessedAt, { playbooks: playbook ? [playbook.versionId] : [] });
      const templates = playbook
        ? playbook.steps.map((s) => ({ title: s.titleUk, measure: MEASURE_BY_CODE.get(s.measureCode)!, offset: s.offsetDays + r.int(0, 10) }))
        : Array.from({ length: r.int(3, 6) }, () => {
          const m = r.pick(MEASURES_FOR[c.categories[0]!]);
          return { title: MEASURES[m - 1]!.uk, measure: m, offset: r.int(5, 120) };
        });
      templates.forEach((t, position) => {
        const dueOn = later(e.assessedAt!, t.offset);
        const status = e.closedAt ? r.weighted([['done', 80], ['cancelled', 20]] as const)
          : dueOn < now ? r.weighted([['done', 65], ['in_progress', 15], ['planned', 20]] as const)
          : r.weighted([['planned', 55], ['in_progress', 30], ['done', 15]] as const);
        const completedAt = status === 'done' ? r.between(e.assessedAt!, new Date(Math.min(later(dueOn, 10).getTime(), end.getTime()))) : null;
        const id = r.uuid(e.assessedAt!);
        steps.push({ id, measure: t.measure });
        this.push('plan_step', [id, providerId, planId, c.caseId, position, t.title, MEASURES[t.measure - 1]!.id, by, day(dueOn), status,
          status === 'cancelled' ? 'Потреба відпала' : null, completedAt, playbook?.versionId ?? null, e.assessedAt, completedAt ?? e.assessedAt]);
      });
    }

    // Service deliveries, from first contact to closure, as the seasons bring work.
    let lastContact = e.firstContactAt;
    if (e.firstContactAt) {
      const days = (end.getTime() - e.firstContactAt.getTime()) / DAY;
      const count = Math.min(MAX_DELIVERIES, 1 + Math.round(days / r.int(DELIVERY_INTERVAL.min, DELIVERY_INTERVAL.max)));
      const worker2 = team.managers.length > 1 && r.chance(0.1) ? r.pick(team.managers) : worker;
      for (let k = 0; k < count; k++) {
        const on = k === 0 ? e.firstContactAt : workMoment(r, e.firstContactAt, end);
        const fromPlan = steps.length && e.assessedAt && on >= e.assessedAt && r.chance(0.65) ? r.pick(steps) : null;
        const measure = fromPlan?.measure ?? (k === 0 ? 4 : r.pick(MEASURES_FOR[c.categories[r.int(0, c.categories.length - 1)]!]));
        this.push('service_delivery', [r.uuid(on), providerId, c.caseId, MEASURES[measure - 1]!.id, MEASURES[measure - 1]!.versionId, day(on),
          r.pick([15, 30, 45, 60, 90, 120]), k === 0 ? 'phone' : r.weighted(MODES), r.chance(0.9) ? by : worker2.id, r.pick(DELIVERY_OUTCOMES),
          fromPlan && r.chance(0.5) ? fromPlan.id : null, null, later(on, r.float() * 0.3)]);
        if (!lastContact || on > lastContact) lastContact = on;
      }
    }

    if (e.closedAt) {
      event('closed', e.closedAt, { from: e.assessedAt ? 'active' : e.firstContactAt ? 'assessment' : 'intake', to: 'closed', outcome: e.outcome, note: CLOSURE_NOTES[e.outcome!] ?? null });
    }
    const assessmentDue = nthWorkingDayAfter(localDate(e.openedAt), DEFAULT_SERVICE_TARGET_DAYS.assessment, WORKING_CALENDAR);
    this.push('support_case', [c.caseId, providerId, c.beneficiaryId, c.name, c.unitCode, e.status, c.categories, c.assignee?.id ?? null, e.openedAt,
      assessmentDue, e.firstContactAt, lastContact, e.closedAt, e.outcome, e.outcome ? CLOSURE_NOTES[e.outcome] ?? null : null, c.previousCaseId,
      c.source.kind, c.source.id, by, e.openedAt, e.closedAt ?? lastContact ?? e.openedAt]);
    return consentId;
  }

  /**
   * A transfer to another provider: accepted when the case closed as transferred (the person
   * then has a case there too, recorded from the copies), otherwise still waiting or declined.
   */
  transfer(caseId: string, subject: Person, sealed: { rnokpp: string | null; rnokppIndex: string | null }, consentId: string, e: Episode,
    categories: CaseCategory[], unitCode: string | null, qi: number) {
    const { r, now, ctx } = this;
    const from = ctx.shared.providers[this.pi]!;
    const to = ctx.shared.providers[qi]!;
    const sender = this.teams[this.pi]!;
    const receiverTeam = this.teams[qi]!;
    const id = r.uuid(e.assessedAt ?? e.openedAt);
    const accepted = e.outcome === 'transferred';
    const declined = !accepted && r.chance(0.4);
    const requestedAt = accepted ? later(e.closedAt!, -r.int(1, 6)) : declined ? r.between(e.assessedAt!, later(now, -5)) : later(now, -r.int(0, 10));
    const decidedAt = accepted ? e.closedAt! : declined ? later(requestedAt, r.int(1, 4)) : null;
    const decider = receiverTeam.supervisors[0] ?? receiverTeam.managers[0]!;
    const requester = (sender.supervisors[0] ?? sender.managers[0]!).id;
    const receivedId = accepted ? r.uuid(decidedAt!) : null;
    this.push('case_transfer', [id, from.id, to.id, caseId, receivedId, consentId, accepted ? 'accepted' : declined ? 'declined' : 'requested',
      'Родина переїхала до громади, яку обслуговує інший надавач',
      { beneficiaryName: fullName(subject), birthYear: year(subject), categories, fromProvider: from.name },
      ['identity', 'contacts', 'military', 'assessment', 'plan', 'deliveries'], declined ? 'Немає фахівців у громаді родини' : null,
      requester, requestedAt, decidedAt ? decider.id : null, decidedAt]);
    this.event(from.id, caseId, 'transfer_requested', requestedAt, requester, { transferId: id, to: to.name });
    if (declined) this.event(from.id, caseId, 'transfer_declined', decidedAt!, null, { transferId: id });
    if (!accepted) return;
    this.event(from.id, caseId, 'transfer_accepted', decidedAt!, null, { transferId: id, to: to.name });

    // The receiver's copies: the person (ciphertexts as they are), the consent, a case of its own.
    const personId = r.uuid(decidedAt!);
    this.push('beneficiary', [personId, to.id, subject.last, subject.first, subject.patronymic, subject.birthDate, subject.sex, sealed.rnokpp, sealed.rnokppIndex,
      [subject.phone], null, null, null, categories, false, null, null, null, decider.id, decidedAt, decidedAt]);
    const manager = receiverTeam.managers.length ? r.pick(receiverTeam.managers) : decider;
    const episode = unfold(r, decidedAt!, now, false);
    this.writeCase({
      pi: qi, caseId: receivedId!, beneficiaryId: personId, name: fullName(subject), unitCode, categories, assignee: manager, episode,
      source: { kind: 'transfer', id }, previousCaseId: null, receiver: null, consentMethod: 'written',
    });
    this.event(to.id, receivedId!, 'transferred_in', decidedAt!, null, { transferId: id, from: from.name });
  }
}

/** Every provider's households, written provider by provider. */
export const HOUSEHOLDS: TableGroup = {
  name: 'households',
  tables: TABLES,
  estimate(ctx) {
    const n = ctx.shared.providers.reduce((s, p) => s + householdsOf(p), 0);
    const per: Record<string, number> = {
      beneficiary: 2.1, family_link: 1.1, consent: 1.05, support_case: 0.95, case_event: 6.5, assessment: 0.95, support_plan: 0.85, plan_step: 4.8,
      service_delivery: 11, case_transfer: 0.05, referral: 0.55, referral_event: 2.3, referral_deadline: 1.65, notification: 5,
    };
    return Object.fromEntries(TABLES.map((t) => [t.table, Math.round(n * (per[t.table] ?? 1))]));
  },
  *batches(ctx): Iterable<Batch> {
    const teams = ctx.shared.providers.map((p) => teamOf(ctx.shared.staff.get(p.id) ?? []));
    for (let pi = 0; pi < ctx.shared.providers.length; pi++) {
      const out = new Map<string, (readonly unknown[])[]>(TABLES.map((t) => [t.table, []]));
      const push: Push = (table, row) => out.get(table)!.push(row);
      for (let i = 0; i < householdsOf(ctx.shared.providers[pi]!); i++) new Household(ctx, pi, i, teams, push).write();
      for (const [table, rows] of out) if (rows.length) yield { table, rows };
    }
  },
};
