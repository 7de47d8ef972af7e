/**
 * What the national-scale generator fills, table by table, in order. Each feature appends a
 * generator for its tables (units, cases, service deliveries, ...) at the end of TABLES; it may
 * read what earlier generators left in `ctx.shared` (provider ids, staff by provider) and leave
 * its own for later ones. Generators stream rows: keep only ids in memory, not rows.
 */
import { OBLASTS, edrpouCheckDigit, type Role } from '@pilot/domain';
import type { Random } from './random.ts';
import { CASE_TABLES } from './cases.ts';

export interface GeneratorContext {
  /** 1 = the whole country (domain.md, "Scale to plan for"); 0.01 = one hundredth of it. */
  scale: number;
  random: Random;
  /** argon2id hash every generated staff member signs in with, or null (they stay invited). */
  passwordHash: string | null;
  /**
   * Two-factor enrolment of the roles that require it: the encrypted authenticator secret they
   * all share. Without it, those people set up two-factor sign-in at their first sign-in.
   */
  mfa: { roles: readonly Role[]; encryptedSecret: () => string } | null;
  /** What generators hand on to later ones. */
  shared: SharedIds;
}

export interface SharedIds {
  providers: { id: string; slug: string; staffCount: number }[];
  /** Staff of each provider, by role, for generators of assignments (cases to case managers, ...). */
  staff: Map<string, { id: string; roles: Role[] }[]>;
  /** Ministry coordinators (no provider). */
  ministry: { id: string; roles: Role[] }[];
  /** The seed of the per-case random streams (cases.ts), drawn by its first generator. */
  caseSeed?: number;
}

export interface TableGenerator {
  table: string;
  columns: readonly string[];
  /** How many rows `rows` will yield (for the progress bar). */
  count(ctx: GeneratorContext): number;
  rows(ctx: GeneratorContext): Iterable<readonly unknown[]>;
}

/** National scale: 200 providers (domain.md). */
const PROVIDERS_AT_SCALE_1 = 200;
/** One NGO's team: an admin, supervisors, case managers (about 45 families each at 5,000 people a provider). */
const TEAM = { supervisors: 5, caseManagers: 40 } as const;
const LOGINS_PER_STAFF = 20;
const COORDINATORS_AT_SCALE_1 = 20;

const NGO_WORDS = ['Разом', 'Надія', 'Опора', 'Світанок', 'Побратими', 'Родина', 'Джерело', 'Крила', 'Берегиня', 'Відродження', 'Плече', 'Доброта'];
const NGO_KINDS = ['ГО', 'БФ', 'ГС'];
const FIRST_NAMES = ['Олена', 'Ірина', 'Наталія', 'Оксана', 'Тетяна', 'Марія', 'Юлія', 'Андрій', 'Олександр', 'Сергій', 'Дмитро', 'Богдан', 'Василь', 'Ганна', 'Софія', 'Максим'];
const LAST_NAMES = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Мельник', 'Поліщук', 'Лисенко', 'Гнатюк', 'Савчук', 'Руденко', 'Марченко', 'Мороз'];
const MOBILE_CODES = ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'];

const phone = (r: Random) => `+380${r.pick(MOBILE_CODES)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
export const providerCount = (scale: number) => Math.max(2, Math.round(PROVIDERS_AT_SCALE_1 * scale));

/** Providers across the oblasts, each with a valid, unique EDRPOU and a team size of its own. */
const providers: TableGenerator = {
  table: 'provider',
  columns: ['id', 'name', 'edrpou', 'oblast_code', 'contact_email', 'contact_phone', 'accreditation_status', 'created_at', 'updated_at'],
  count: (ctx) => providerCount(ctx.scale),
  *rows(ctx) {
    const r = ctx.random;
    const codes = new Set<string>();
    for (let i = 0; i < providerCount(ctx.scale); i++) {
      // Seven leading digits from a range the demo providers do not use, then the check digit.
      let seven: string;
      do seven = String(r.int(2_000_000, 4_499_999)); while (codes.has(seven));
      codes.add(seven);
      const slug = `ngo${i + 1}`;
      const createdAt = r.before(700);
      const id = r.uuid(createdAt);
      ctx.shared.providers.push({ id, slug, staffCount: 1 + Math.round((TEAM.supervisors + TEAM.caseManagers) * (0.5 + r.int(0, 100) / 100)) });
      yield [
        id, `${r.pick(NGO_KINDS)} «${r.pick(NGO_WORDS)}-${i + 1}»`, `${seven}${edrpouCheckDigit(seven)}`, r.pick(OBLASTS).code,
        `info@${slug}.pilot.test`, phone(r), r.weighted([['accredited', 85], ['pending', 8], ['suspended', 5], ['revoked', 2]] as const),
        createdAt, createdAt,
      ];
    }
  },
};

/** The role of the n-th member of a team: one admin, then one supervisor per eight case managers. */
const teamRole = (n: number): Role => (n === 0 ? 'ngo_admin' : n % 9 === 1 ? 'supervisor' : 'case_manager');
const staffCount = (ctx: GeneratorContext) => ctx.shared.providers.reduce((s, p) => s + p.staffCount, 0);
const coordinatorCount = (scale: number) => Math.max(2, Math.round(COORDINATORS_AT_SCALE_1 * scale));

/** Everyone who signs in: each provider's team, then the ministry's coordinators. */
const staffUsers: TableGenerator = {
  table: 'user_account',
  columns: ['id', 'email', 'full_name', 'phone', 'password_hash', 'status', 'locale', 'created_at', 'updated_at', 'totp_secret', 'totp_enabled_at'],
  count: (ctx) => staffCount(ctx) + coordinatorCount(ctx.scale),
  *rows(ctx) {
    const r = ctx.random;
    const person = (email: string, role: Role) => {
      const createdAt = r.before(500);
      const id = r.uuid(createdAt);
      const enrolled = ctx.passwordHash && ctx.mfa?.roles.includes(role);
      const row = [
        id, email, `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, phone(r),
        ctx.passwordHash, ctx.passwordHash ? 'active' : 'invited', r.chance(0.9) ? 'uk' : 'en', createdAt, createdAt,
        enrolled ? ctx.mfa!.encryptedSecret() : null, enrolled ? createdAt : null,
      ] as const;
      return { member: { id, roles: [role] }, row };
    };
    for (const p of ctx.shared.providers) {
      const team: { id: string; roles: Role[] }[] = [];
      for (let n = 0; n < p.staffCount; n++) {
        const role = teamRole(n);
        const { member, row } = person(`${role.replace('_', '')}${n}@${p.slug}.pilot.test`, role);
        team.push(member);
        yield row;
      }
      ctx.shared.staff.set(p.id, team);
    }
    for (let n = 0; n < coordinatorCount(ctx.scale); n++) {
      const { member, row } = person(`coordinator${n}@ministry.pilot.test`, 'ministry_coordinator');
      ctx.shared.ministry.push(member);
      yield row;
    }
  },
};

const staffMemberships: TableGenerator = {
  table: 'membership',
  columns: ['id', 'user_id', 'provider_id', 'roles', 'created_at'],
  count: (ctx) => staffCount(ctx) + ctx.shared.ministry.length,
  *rows(ctx) {
    const scopes = [...ctx.shared.staff, [null, ctx.shared.ministry] as const];
    for (const [providerId, members] of scopes) {
      for (const member of members) {
        const createdAt = ctx.random.before(500);
        yield [ctx.random.uuid(createdAt), member.id, providerId, member.roles, createdAt];
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
export const TABLES: TableGenerator[] = [
  providers,
  staffUsers,
  staffMemberships,
  auditTrail,
  ...CASE_TABLES,
];
