/**
 * What `pnpm bench` measures. A scenario is one small object: who calls, what request, and the
 * floor, the same SQL a bare Fastify + node-postgres handler would run for the same answer
 * (no auth, no transaction, no row-level security, no ORM, no validation). Features append
 * theirs: case list, case page, referral submission, my tasks, supervisor dashboard, ministry
 * report, dashboard and drill-down.
 */
import type pg from 'pg';
import type { Role } from '@pilot/domain';

/** A generated user the harness signed in (tokens for several providers rotate per request). */
export interface BenchUser {
  email: string;
  userId: string;
  providerId: string | null;
  token: string;
  /** What the scenario's `prepare` found for this user (a case of theirs, a unit, ...). */
  data: Record<string, unknown>;
}

/** Per request: the run's password and a running number (for unique bodies of writes). */
export interface RequestContext { password: string; n: number }

export interface Scenario {
  name: string;
  /** Whose requests: users with this role, from several providers. */
  as: Role;
  /** Reads the pilot report: the harness computes it first. */
  readsReport?: boolean;
  /** Only users for whom this SQL condition holds (`u` is their user_account, `m` their membership). */
  who?: string;
  /**
   * Looks up, once per user before the load, what the requests need (e.g. one of the user's
   * cases for a case page), as the database owner; the result becomes `user.data`.
   */
  prepare?(db: pg.ClientBase, user: BenchUser): Promise<Record<string, unknown>>;
  /** The request; `anonymous` ones go without the user's access token (signing in). */
  request(user: BenchUser, ctx: RequestContext): { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: unknown; anonymous?: boolean };
  floor: {
    sql: string;
    params(user: BenchUser, ctx: RequestContext): unknown[];
    /** Also check the password with argon2id against the row's `password_hash` (sign-in). */
    verifyPassword?: boolean;
  };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'login',
    as: 'case_manager',
    request: (u, { password }) => ({ method: 'POST', path: '/api/v1/auth/login', body: { email: u.email, password }, anonymous: true }),
    floor: {
      sql: `select u.id, u.password_hash, u.status, m.roles, m.provider_id
              from user_account u join membership m on m.user_id = u.id where u.email = $1`,
      params: (u) => [u.email],
      verifyPassword: true,
    },
  },
  {
    name: 'GET /me',
    as: 'case_manager',
    request: () => ({ method: 'GET', path: '/api/v1/me' }),
    floor: {
      sql: `select u.id, u.email, u.full_name, u.phone, u.locale, m.roles, m.unit_id, p.id as provider_id, p.name as provider_name
              from user_account u join membership m on m.user_id = u.id left join provider p on p.id = m.provider_id
             where u.id = $1`,
      params: (u) => [u.userId],
    },
  },
  {
    name: 'staff list',
    as: 'ngo_admin',
    request: () => ({ method: 'GET', path: '/api/v1/staff?limit=50' }),
    floor: {
      sql: `select u.id, u.email, u.full_name, u.phone, m.roles, u.status, u.last_login_at, u.created_at
              from membership m join user_account u on u.id = m.user_id where m.provider_id = $1
             order by u.created_at desc, u.id desc limit 51`,
      params: (u) => [u.providerId],
    },
  },
  {
    name: 'providers list',
    as: 'ministry_coordinator',
    request: () => ({ method: 'GET', path: '/api/v1/providers?limit=50' }),
    floor: {
      sql: `select id, name, edrpou, oblast_code, contact_email, contact_phone, accreditation_status, created_at
              from provider order by name, id limit 51`,
      params: () => [],
    },
  },
  {
    name: 'audit list',
    as: 'supervisor',
    request: () => ({ method: 'GET', path: '/api/v1/audit?limit=50' }),
    floor: {
      sql: `select a.id, a.at, a.actor_id, u.full_name as actor_name, a.action, a.entity, a.entity_id, a.request_id, a.ip
              from audit_log a left join user_account u on u.id = a.actor_id
             where a.provider_id = $1 order by a.id desc limit 51`,
      params: (u) => [u.providerId],
    },
  },
  {
    name: 'case list',
    as: 'case_manager',
    request: () => ({ method: 'GET', path: '/api/v1/cases?limit=50' }),
    floor: {
      sql: `select c.id, c.beneficiary_id, c.beneficiary_name, c.status, c.categories, c.assignee_id, u.full_name as assignee_name,
                   c.unit_code, c.opened_at, c.last_contact_at, c.closure_outcome,
                   (select count(*) from plan_step s where s.provider_id = c.provider_id and s.case_id = c.id
                      and s.status in ('planned', 'in_progress') and s.due_on < current_date) as overdue_steps
              from support_case c left join user_account u on u.id = c.assignee_id
             where c.provider_id = $1 and c.assignee_id = $2 order by c.opened_at desc, c.id desc limit 51`,
      params: (u) => [u.providerId, u.userId],
    },
  },
  {
    name: 'case page',
    as: 'case_manager',
    prepare: async (db, u) => {
      const { rows } = await db.query<{ id: string }>(`select id from support_case where provider_id = $1 and assignee_id = $2 order by opened_at desc limit 1`, [u.providerId, u.userId]);
      return { caseId: rows[0]?.id };
    },
    request: (u) => ({ method: 'GET', path: `/api/v1/cases/${String(u.data.caseId)}` }),
    floor: {
      sql: `select c.*, b.*, u.full_name,
                   (select count(*) from plan_step s where s.provider_id = c.provider_id and s.case_id = c.id
                      and s.status in ('planned', 'in_progress') and s.due_on < current_date) as overdue
              from support_case c join beneficiary b on b.provider_id = c.provider_id and b.id = c.beneficiary_id
              left join user_account u on u.id = c.assignee_id where c.provider_id = $1 and c.id = $2`,
      params: (u) => [u.providerId, u.data.caseId],
    },
  },
  {
    name: 'my tasks',
    as: 'case_manager',
    request: () => ({ method: 'GET', path: '/api/v1/tasks/mine' }),
    floor: {
      sql: `select s.id, s.case_id, c.beneficiary_name, s.title, s.due_on
              from plan_step s join support_case c on c.provider_id = s.provider_id and c.id = s.case_id
             where s.provider_id = $1 and s.owner_id = $2 and s.status in ('planned', 'in_progress')
               and s.due_on <= current_date + 7 and c.status <> 'closed' order by s.due_on`,
      params: (u) => [u.providerId, u.userId],
    },
  },
  {
    name: 'supervisor dashboard',
    as: 'supervisor',
    request: () => ({ method: 'GET', path: '/api/v1/dashboard/supervisor' }),
    floor: {
      sql: `select assignee_id, status, count(*) from support_case where provider_id = $1 group by assignee_id, status`,
      params: (u) => [u.providerId],
    },
  },
  {
    name: 'ministry report',
    readsReport: true,
    as: 'ministry_coordinator',
    request: () => ({ method: 'GET', path: `/api/v1/reports/pilot?period=${quarterNow()}&hierarchy=org` }),
    floor: {
      // The same counts, read straight from the published run (no suppression lookup, no names).
      sql: `select f.provider_id, f.metric, f.dim, f.value from report_fact f
              join report_refresh r on r.id = f.refresh_id and r.status = 'published'
             where f.period = $1 and f.scope = 'provider'`,
      params: () => [quarterNow()],
    },
  },
  {
    name: 'provider report',
    readsReport: true,
    as: 'supervisor',
    request: () => ({ method: 'GET', path: `/api/v1/reports/pilot?period=${quarterNow()}&hierarchy=org` }),
    floor: {
      sql: `select f.scope, f.scope_key, f.metric, f.dim, f.value from report_fact f
              join report_refresh r on r.id = f.refresh_id and r.status = 'published'
             where f.period = $1 and f.provider_id = $2 and f.scope in ('provider', 'unit')`,
      params: (u) => [quarterNow(), u.providerId],
    },
  },
];

// ---- the unit's side and the ministry's ------------------------------------------------------

/** Today in Kyiv, in SQL (assignments and deadlines count Kyiv days). */
const KYIV_TODAY = `(now() at time zone 'Europe/Kyiv')::date`;

SCENARIOS.push(
  {
    name: 'referral submission',
    as: 'unit_contact',
    // Contacts of units that take referrals today: active, served by an accredited provider
    // whose intake is open (others are refused with 409 by design).
    who: `exists (select 1 from military_unit mu join unit_assignment a on a.unit_id = mu.id join provider p on p.id = a.provider_id
            where mu.id = m.unit_id and mu.status = 'active' and p.accreditation_status = 'accredited'
              and a.starts_on <= ${KYIV_TODAY} and (a.ends_on is null or a.ends_on >= ${KYIV_TODAY})
              and not exists (select 1 from intake_pause i where i.provider_id = p.id and i.ended_at is null))`,
    prepare: async (db, u) => {
      const { rows } = await db.query<{ unit_id: string }>(`select unit_id from membership where user_id = $1`, [u.userId]);
      return { unitId: rows[0]!.unit_id };
    },
    request: (_u, { n }) => ({
      method: 'POST', path: '/api/v1/my-unit/referrals',
      body: {
        subject: 'service_member', person: { lastName: 'Шевченко', firstName: `Андрій ${n}`, phone: '+380501234567' },
        serviceMember: { status: 'wounded' }, categories: ['wounded'], urgency: 'normal', consent: { given: true, method: 'verbal' },
        needs: 'Після поранення потрібен супровід на ВЛК і допомога з оформленням статусу.',
      },
    }),
    floor: {
      // The referral routed by today's assignment, its first event and its three clocks, in one statement.
      sql: `with a as (select id, provider_id, unit_id from unit_assignment
                        where unit_id = $2 and starts_on <= ${KYIV_TODAY} and (ends_on is null or ends_on >= ${KYIV_TODAY})),
                 u as (select full_name, phone from user_account where id = $1),
                 r as (insert into referral (id, provider_id, unit_id, assignment_id, referred_by, referrer_name, referrer_phone, subject,
                         person_last_name, person_first_name, person_name, person_phone, service_member_name, service_member_status,
                         categories, needs, urgency, consent_method, consent_recorded_at, submitted_at)
                       select gen_random_uuid(), a.provider_id, a.unit_id, a.id, $1, u.full_name, u.phone, 'service_member',
                         'Шевченко', $3, 'Шевченко ' || $3, '+380501234567', 'Шевченко ' || $3, 'wounded',
                         '{wounded}', 'Після поранення потрібен супровід', 'normal', 'verbal', now(), now() from a, u
                       returning id, provider_id, unit_id),
                 e as (insert into referral_event (id, provider_id, referral_id, at, kind, actor_id)
                       select gen_random_uuid(), provider_id, id, now(), 'submitted', $1 from r),
                 d as (insert into referral_deadline (id, provider_id, referral_id, unit_id, target, due_at, escalate_at)
                       select gen_random_uuid(), r.provider_id, r.id, r.unit_id, t.target, now() + t.due, now() + t.due + interval '1 day'
                         from r cross join (values ('acknowledgement', interval '1 day'), ('first_contact', interval '3 days'),
                                                   ('assessment', interval '14 days')) t(target, due))
            select id from r`,
      params: (u, { n }) => [u.userId, u.data.unitId, `Андрій ${n}`],
    },
  },
  {
    name: 'ministry dashboard',
    readsReport: true,
    as: 'ministry_coordinator',
    request: () => ({ method: 'GET', path: '/api/v1/reports/dashboard' }),
    floor: {
      // This quarter's totals over the providers, accreditations needing attention, instructions.
      sql: `select (select json_agg(t) from (select f.metric, f.dim, sum(f.value) as value from report_fact f
                      join report_refresh r on r.id = f.refresh_id and r.status = 'published'
                     where f.period = $1 and f.scope = 'provider' group by f.metric, f.dim) t) as totals,
                   (select json_agg(p) from (select id, name, accreditation_status, accredited_until from provider
                     where accreditation_status in ('pending', 'suspended')
                        or (accreditation_status = 'accredited' and accredited_until <= current_date + 60)) p) as accreditations,
                   (select count(*) filter (where status in ('open', 'in_progress', 'overdue')) from instruction) as open_instructions`,
      params: () => [quarterNow()],
    },
  },
  {
    name: 'ministry drill-down',
    readsReport: true,
    as: 'ministry_coordinator',
    // Each coordinator opens another provider of the pilot's report.
    prepare: async (db, u) => {
      const { rows } = await db.query<{ id: string }>(`select id from provider order by md5(id::text || $1) limit 1`, [u.email]);
      return { providerId: rows[0]!.id };
    },
    request: (u) => ({ method: 'GET', path: `/api/v1/reports/pilot?period=${quarterNow()}&hierarchy=org&node=p:${String(u.data.providerId)}` }),
    floor: {
      sql: `select f.scope, f.scope_key, f.metric, f.dim, f.value from report_fact f
              join report_refresh r on r.id = f.refresh_id and r.status = 'published'
             where f.period = $1 and f.provider_id = $2 and f.scope in ('provider', 'unit')`,
      params: (u) => [quarterNow(), u.data.providerId],
    },
  },
);

/** The current quarter, as the report names it (e.g. 2026-Q4). */
export function quarterNow() {
  const d = new Date();
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}
