/**
 * What the national-scale generator fills, in order. Each feature appends its generators at
 * the end of TABLES: a `TableGenerator` streams the rows of one table; a `TableGroup` yields
 * batches for several tables that are best made together (a family's people, case, plan,
 * deliveries and referral come from one simulated story). Either may read what earlier ones
 * left in `ctx.shared` (provider ids, staff by provider, the unit plan) and leave its own for
 * later ones. Keep only ids in memory, not rows.
 */
import { edrpouCheckDigit, type Role } from '@pilot/domain';
import { HOUSEHOLDS } from './cases.ts';
import { UNIT_TABLES, unitPlan } from './units.ts';
import { mobile } from './people.ts';
import { COORDINATION_TABLES } from './coordination.ts';
import {
  MEMBERSHIP_COLUMNS, USER_COLUMNS, day, providerCount, userRow, type GeneratorContext, type Member, type TableGenerator, type TableGroup,
} from './context.ts';

export type { Batch, GeneratorContext, SharedIds, TableGenerator, TableGroup } from './context.ts';
export { providerCount } from './context.ts';

/** One NGO's team: an admin, supervisors, case managers (about 60 families each). */
const TEAM = { supervisors: 5, caseManagers: 40 } as const;
const LOGINS_PER_STAFF = 20;
const COORDINATORS_AT_SCALE_1 = 20;

const NGO_WORDS = ['Разом', 'Надія', 'Опора', 'Світанок', 'Побратими', 'Родина', 'Джерело', 'Крила', 'Берегиня', 'Відродження', 'Плече', 'Доброта'];
const NGO_KINDS = ['ГО', 'БФ', 'ГС'];

const DAY = 86_400_000;
/** Accreditation lasts three years; about one provider in twenty-five is within its last month. */
const ACCREDITATION_DAYS = 3 * 365;

/**
 * Providers across the oblasts (the unit plan places them, near the units they serve), each
 * with a valid, unique EDRPOU, a team size of its own, accredited by a ministry decision a few
 * weeks before its first unit joined the pilot; those the plan stops (their units moved to
 * others) were suspended or had their accreditation revoked by a later decision.
 */
const providers: TableGenerator = {
  table: 'provider',
  columns: ['id', 'name', 'edrpou', 'oblast_code', 'contact_email', 'contact_phone', 'accreditation_status', 'accredited_from', 'accredited_until',
    'accreditation_decision_number', 'accreditation_decision_date', 'accreditation_changed_at', 'created_at', 'updated_at'],
  count: (ctx) => providerCount(ctx.scale),
  *rows(ctx) {
    const r = ctx.random;
    const plan = unitPlan(ctx);
    const codes = new Set<string>();
    for (let i = 0; i < providerCount(ctx.scale); i++) {
      // Seven leading digits from a range the demo providers do not use, then the check digit.
      let seven: string;
      do seven = String(r.int(2_000_000, 4_499_999)); while (codes.has(seven));
      codes.add(seven);
      const slug = `ngo${i + 1}`;
      const createdAt = new Date(plan.providerStarts[i]!.getTime() - r.int(20, 90) * DAY);
      const id = r.uuid(createdAt);
      const decidedOn = new Date(createdAt.getTime() + r.int(5, 15) * DAY);
      // Most accreditations run three years from the decision; a few are near their end.
      const from = r.chance(0.04) ? new Date(ctx.now.getTime() - (ACCREDITATION_DAYS - r.int(1, 29)) * DAY) : new Date(decidedOn.getTime() + DAY);
      const accreditation = { number: `МСП-${from.getUTCFullYear()}/${String(i + 1).padStart(3, '0')}`, decidedOn: day(decidedOn), from: day(from), until: day(new Date(from.getTime() + ACCREDITATION_DAYS * DAY)) };
      const stopped = plan.stoppedAt[i] ?? null;
      const status = stopped === null ? 'accredited' : r.chance(0.7) ? 'suspended' : 'revoked';
      const changedAt = stopped === null ? decidedOn : new Date(ctx.now.getTime() - stopped * DAY);
      const name = `${r.pick(NGO_KINDS)} «${r.pick(NGO_WORDS)}-${i + 1}»`;
      const oblast = plan.providerOblasts[i]!;
      ctx.shared.providers.push({
        id, slug, name, oblast, accredited: status === 'accredited', status, changedAt, accreditation,
        staffCount: 1 + Math.round((TEAM.supervisors + TEAM.caseManagers) * (0.5 + r.int(0, 100) / 100)),
      });
      yield [id, name, `${seven}${edrpouCheckDigit(seven)}`, oblast, `info@${slug}.pilot.test`, mobile(r), status, accreditation.from, accreditation.until,
        accreditation.number, accreditation.decidedOn, changedAt, createdAt, changedAt > createdAt ? changedAt : createdAt];
    }
  },
};

/** The ministry's decisions behind each provider's status (written once the coordinators exist). */
const accreditationDecisions: TableGenerator = {
  table: 'accreditation_decision',
  columns: ['id', 'provider_id', 'action', 'from_status', 'to_status', 'decision_number', 'decision_date', 'valid_from', 'valid_until', 'reason', 'decided_by', 'created_at'],
  count: (ctx) => ctx.shared.providers.reduce((n, p) => n + (p.accredited ? 1 : 2), 0),
  *rows(ctx) {
    const r = ctx.random;
    for (const p of ctx.shared.providers) {
      const a = p.accreditation;
      const at = new Date(`${a.decidedOn}T09:00:00Z`);
      yield [r.uuid(at), p.id, 'accredit', 'pending', 'accredited', a.number, a.decidedOn, a.from, a.until, null, r.pick(ctx.shared.ministry).id, at];
      if (p.status === 'accredited') continue;
      const action = p.status === 'suspended' ? 'suspend' : 'revoke';
      yield [r.uuid(p.changedAt), p.id, action, 'accredited', p.status, `${a.number}-${action === 'suspend' ? 'П' : 'С'}`, day(p.changedAt), null, null,
        action === 'suspend' ? 'Невідповідність кадровим вимогам: перевірка координатора' : 'Повторне порушення умов акредитації', r.pick(ctx.shared.ministry).id, p.changedAt];
    }
  },
};

/** The role of the n-th member of a team: one admin, then one supervisor per eight case managers. */
const teamRole = (n: number): Role => (n === 0 ? 'ngo_admin' : n % 9 === 1 ? 'supervisor' : 'case_manager');
const staffCount = (ctx: GeneratorContext) => ctx.shared.providers.reduce((s, p) => s + p.staffCount, 0);
const coordinatorCount = (scale: number) => Math.max(2, Math.round(COORDINATORS_AT_SCALE_1 * scale));

/** Everyone who signs in for a provider or the ministry: each provider's team, then the coordinators. */
const staffUsers: TableGenerator = {
  table: 'user_account',
  columns: USER_COLUMNS,
  count: (ctx) => staffCount(ctx) + coordinatorCount(ctx.scale),
  *rows(ctx) {
    const r = ctx.random;
    for (const p of ctx.shared.providers) {
      const team: Member[] = [];
      for (let n = 0; n < p.staffCount; n++) {
        const role = teamRole(n);
        const { member, row } = userRow(ctx, r, `${role.replace('_', '')}${n}@${p.slug}.pilot.test`, role, r.before(500));
        team.push(member);
        yield row;
      }
      ctx.shared.staff.set(p.id, team);
    }
    for (let n = 0; n < coordinatorCount(ctx.scale); n++) {
      const { member, row } = userRow(ctx, r, `coordinator${n}@ministry.pilot.test`, 'ministry_coordinator', r.before(500));
      ctx.shared.ministry.push(member);
      yield row;
    }
  },
};

const staffMemberships: TableGenerator = {
  table: 'membership',
  columns: MEMBERSHIP_COLUMNS,
  count: (ctx) => staffCount(ctx) + ctx.shared.ministry.length,
  *rows(ctx) {
    const scopes = [...ctx.shared.staff, [null, ctx.shared.ministry] as const];
    for (const [providerId, members] of scopes) {
      for (const member of members) {
        const createdAt = ctx.random.before(500);
        yield [ctx.random.uuid(createdAt), member.id, providerId, null, member.roles, null, createdAt];
      }
    }
  },
};

/** A provider's audit trail: its staff's sign-ins and account changes over the last months. */
const auditTrail: TableGenerator = {
  table: 'audit_log',
  columns: ['at', 'provider_id', 'actor_id', 'action', 'entity', 'entity_id', 'request_id', 'ip'],
  count: (ctx) => staffCount(ctx) * LOGINS_PER_STAFF,
  *rows(ctx) {
    const r = ctx.random;
    for (const [providerId, team] of ctx.shared.staff) {
      // In time order within a provider, as the log grows.
      const events: (readonly unknown[])[] = [];
      for (const member of team) {
        for (let i = 0; i < LOGINS_PER_STAFF; i++) {
          const at = r.before(180);
          const action = r.weighted([['auth.login', 80], ['user.update_self', 10], ['auth.logout', 10]] as const);
          events.push([at, providerId, member.id, action, 'user', member.id, r.uuid(at), `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`]);
        }
      }
      yield* events.sort((a, b) => (a[0] as Date).getTime() - (b[0] as Date).getTime());
    }
  },
};

/** In order; features append their generators at the end. */
export const TABLES: (TableGenerator | TableGroup)[] = [
  providers,
  staffUsers,
  staffMemberships,
  auditTrail,
  UNIT_TABLES,
  HOUSEHOLDS,
  ...COORDINATION_TABLES,
  accreditationDecisions,
];
