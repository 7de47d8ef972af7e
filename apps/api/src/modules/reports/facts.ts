import type { EntityManager } from '@mikro-orm/postgresql';
import { SLA_HISTOGRAM_MAX_HOURS, type ReportGroupKey, type ReportPeriod } from '@pilot/domain';

/**
 * The counts of one provider for a refresh, computed in SQL inside that provider's tenant
 * (row-level security scopes every table read here to it) and inserted straight into
 * `report_fact`: numbers per period, scope and column, never a row about a person.
 *
 * Each group is a query of "items" (a case, a person, a delivery...) with the period it counts
 * in, its unit, the oblast and hromada of the person, and its column; one aggregation turns
 * them into distinct counts for the provider, each unit, oblast and hromada (months: the
 * provider and oblasts only, for the trend lines).
 */

/**
 * Where a case's family lives, as keys of the geography roll-up: an unknown oblast is `_`, an
 * unknown hromada `_` and its oblast. (No question marks: they are parameters to the driver.)
 */
const GEO = `coalesce(b.oblast_code, '_') as oblast, coalesce(b.hromada_code, '_' || coalesce(b.oblast_code, '')) as hromada`;
const DAY = (column: string) => `(${column} at time zone 'Europe/Kyiv')::date`;

/** A case's unit, when it is one of the pilot's registered units (others count as "no unit"). */
const UNIT = `coalesce((select mu.code from military_unit mu where mu.code = c.unit_code), '')`;
const REFERRAL_DAY = `(r.submitted_at at time zone 'Europe/Kyiv')::date`;

/** Cases open at some time during the period. */
const OPEN_CASES = `
  select p.period, c.id as case_id, c.opened_at, c.beneficiary_id, c.categories, ${UNIT} as unit, ${GEO}
    from periods p
    join support_case c on ${DAY('c.opened_at')} <= p.ends and (c.closed_at is null or ${DAY('c.closed_at')} >= p.starts)
    join beneficiary b on b.id = c.beneficiary_id`;

/** Each group's items: (period, unit, oblast, hromada, dim, item). */
const ITEMS: Record<ReportGroupKey, string> = {
  // Each family once per period, under its latest case's unit and place.
  families_served: `
    select distinct on (period, beneficiary_id) period, unit, oblast, hromada, '' as dim, beneficiary_id::text as item
      from (${OPEN_CASES}) o order by period, beneficiary_id, opened_at desc, case_id desc`,
  // The people of the family: the person the case is about and the relatives linked to them,
  // each once per period, under the latest of their families' cases.
  people_served: `
    select distinct on (o.period, x.person) o.period, o.unit, o.oblast, o.hromada, '' as dim, x.person::text as item
      from (${OPEN_CASES}) o
      cross join lateral (
        select o.beneficiary_id as person
        union select case when f.member_id = o.beneficiary_id then f.relative_id else f.member_id end
          from family_link f where f.member_id = o.beneficiary_id or f.relative_id = o.beneficiary_id) x
     order by o.period, x.person, o.opened_at desc, o.case_id desc`,
  cases_new: `
    select p.period, ${UNIT} as unit, ${GEO}, '' as dim, c.id::text as item
      from periods p join support_case c on ${DAY('c.opened_at')} between p.starts and p.ends
      join beneficiary b on b.id = c.beneficiary_id`,
  cases_closed: `
    select p.period, ${UNIT} as unit, ${GEO}, c.closure_outcome as dim, c.id::text as item
      from periods p join support_case c on c.closed_at is not null and ${DAY('c.closed_at')} between p.starts and p.ends
      join beneficiary b on b.id = c.beneficiary_id`,
  cases_by_category: `select o.period, o.unit, o.oblast, o.hromada, cat as dim, o.case_id::text as item from (${OPEN_CASES}) o cross join unnest(o.categories) cat`,
  // Deliveries the provider made itself (copies that came with a transferred case are the sender's).
  deliveries: `
    select p.period, ${UNIT} as unit, ${GEO}, m.code as dim, d.id::text as item
      from periods p join service_delivery d on d.delivered_on between p.starts and p.ends and d.transferred_from is null
      join support_case c on c.id = d.case_id join beneficiary b on b.id = c.beneficiary_id join measure m on m.id = d.measure_id`,
  deliveries_by_version: `
    select p.period, ${UNIT} as unit, ${GEO}, m.code || ' v' || v.version as dim, d.id::text as item
      from periods p join service_delivery d on d.delivered_on between p.starts and p.ends and d.transferred_from is null
      join support_case c on c.id = d.case_id join beneficiary b on b.id = c.beneficiary_id
      join measure m on m.id = d.measure_id join measure_version v on v.id = d.measure_version_id`,
  // Accepted transfers, on both sides: the sender counts one out, the receiver one in.
  transfers: `
    select p.period, ${UNIT} as unit, ${GEO}, side.dim, t.id::text || side.dim as item
      from periods p join case_transfer t on t.status = 'accepted' and ${DAY('t.decided_at')} between p.starts and p.ends
      cross join lateral (
        select 'out' as dim, t.from_case_id as case_id where t.from_provider_id = app_tenant()
        union all select 'in', t.to_case_id where t.to_provider_id = app_tenant()) side
      join support_case c on c.id = side.case_id join beneficiary b on b.id = c.beneficiary_id`,
  // Plan steps open and past due at the end of the period (or today, for the current one).
  overdue_steps: `
    select p.period, ${UNIT} as unit, ${GEO}, '' as dim, s.id::text as item
      from periods p
      join plan_step s on s.due_on < p.ends and ${DAY('s.created_at')} <= p.ends
        and (s.completed_at is null or ${DAY('s.completed_at')} > p.ends)
        and (s.status <> 'cancelled' or ${DAY('s.updated_at')} > p.ends)
      join support_case c on c.id = s.case_id join beneficiary b on b.id = c.beneficiary_id`,
  referrals: `
    select p.period, u.code as unit, '_' as oblast, '_' as hromada, r.status as dim, r.id::text as item
      from periods p join referral r on ${REFERRAL_DAY} between p.starts and p.ends join military_unit u on u.id = r.unit_id`,
  escalations: `
    select p.period, u.code as unit, '_' as oblast, '_' as hromada, d.target as dim, d.id::text as item
      from periods p join referral_deadline d on ${DAY('d.escalated_at')} between p.starts and p.ends join military_unit u on u.id = d.unit_id`,
  capacity_pauses: `
    select p.period, '' as unit, '_' as oblast, '_' as hromada, '' as dim, i.id::text as item
      from periods p join intake_pause i on i.provider_id = app_tenant() and ${DAY('i.started_at')} between p.starts and p.ends`,
  // Case managers by how many open cases they hold at the period's end (their current cases).
  caseload: `
    select p.period, '' as unit, '_' as oblast, '_' as hromada, bucket as dim, u.user_id::text as item
      from periods p
      join membership u on 'case_manager' = any (u.roles) and u.provider_id = app_tenant()
      cross join lateral (
        select case when n < 10 then '0-9' when n < 20 then '10-19' when n < 30 then '20-29' else '30+' end as bucket
          from (select count(*) as n from support_case c
                 where c.assignee_id = u.user_id and ${DAY('c.opened_at')} <= p.ends
                   and (c.closed_at is null or ${DAY('c.closed_at')} > p.ends)) k) b`,
};

/** Groups that do not go below the provider. */
const PROVIDER_ONLY: ReadonlySet<ReportGroupKey> = new Set(['caseload', 'capacity_pauses']);

/**
 * The periods that have begun by `today`, each cut at today: a report counts what has happened,
 * so a period's count is always the sum of its months' even where a record is dated ahead (a
 * clock set back, a typo), and a count at a period's end is taken today for the current one.
 */
function begunPeriods(periods: readonly ReportPeriod[], today: string) {
  return periods.filter((p) => p.starts <= today).map((p) => ({ period: p.key, kind: p.kind, starts: p.starts, ends: p.ends < today ? p.ends : today }));
}

/** Computes and stores one provider's counts for the given periods (run in its tenant). */
export async function computeFacts(em: EntityManager, refreshId: string, periods: readonly ReportPeriod[], today: string) {
  const begun = begunPeriods(periods, today);
  if (begun.length === 0) return;
  for (const [group, items] of Object.entries(ITEMS) as [ReportGroupKey, string][]) {
    await em.execute(`
      with periods as (
        select period, kind, starts::date, ends::date
          from jsonb_to_recordset(?::jsonb) as x(period text, kind text, starts text, ends text)
      ),
      items as (${items}),
      counted as (
        select i.period,
               case when grouping(i.unit) = 0 then 'unit' when grouping(i.oblast) = 0 then 'oblast'
                    when grouping(i.hromada) = 0 then 'hromada' else 'provider' end as scope,
               coalesce(case when grouping(i.unit) = 0 then i.unit when grouping(i.oblast) = 0 then i.oblast
                             when grouping(i.hromada) = 0 then i.hromada end, '') as scope_key,
               case when grouping(i.dim) = 0 then i.dim else '' end as dim,
               count(distinct i.item) as value,
               grouping(i.dim) as is_total
          from items i
         group by grouping sets ((i.period, i.dim), (i.period), (i.period, i.unit, i.dim), (i.period, i.unit),
                                 (i.period, i.oblast, i.dim), (i.period, i.oblast), (i.period, i.hromada, i.dim), (i.period, i.hromada))
      )
      insert into report_fact (refresh_id, provider_id, period, scope, scope_key, metric, dim, value)
      select ?, app_tenant(), c.period, c.scope, c.scope_key, ?, c.dim, c.value
        from counted c join periods p on p.period = c.period
       where (c.is_total = 1 or c.dim <> '')
         and (p.kind <> 'month' or c.scope in ('provider', 'oblast'))
         ${PROVIDER_ONLY.has(group) ? `and c.scope = 'provider'` : ''}`,
    [JSON.stringify(begun), refreshId, group]);
  }
}

/**
 * Service targets of the referrals submitted in each period (metric `sla`), by the provider and
 * each unit: a histogram of whole hours from referral to the target met (`<target>:h:<hours>`),
 * and how many were met on time, late, or not at all though due (`:on_time`, `:late`,
 * `:missed`). Medians and percentiles come from the histogram, and add up across providers.
 */
export async function computeSlaFacts(em: EntityManager, refreshId: string, periods: readonly ReportPeriod[], today: string, now: Date) {
  const begun = begunPeriods(periods, today).filter((p) => p.kind !== 'month');
  if (begun.length === 0) return;
  await em.execute(`
    with periods as (
      select period, starts::date, ends::date from jsonb_to_recordset(?::jsonb) as x(period text, starts text, ends text)
    ),
    judged as (
      select p.period, u.code as unit, d.target, r.submitted_at, d.due_at, d.met_at
        from periods p
        join referral r on ${REFERRAL_DAY} between p.starts and p.ends
        join referral_deadline d on d.referral_id = r.id and d.cancelled_at is null
        join military_unit u on u.id = r.unit_id
    ),
    items as (
      select period, unit, target || ':h:' || least(floor(extract(epoch from met_at - submitted_at) / 3600)::int, ${SLA_HISTOGRAM_MAX_HOURS}) as dim
        from judged where met_at is not null
      union all
      select period, unit, target || case when met_at <= due_at then ':on_time' else ':late' end from judged where met_at is not null
      union all
      select period, unit, target || ':missed' from judged where met_at is null and due_at < ?::timestamptz
    )
    insert into report_fact (refresh_id, provider_id, period, scope, scope_key, metric, dim, value)
    select ?, app_tenant(), period, case when grouping(unit) = 0 then 'unit' else 'provider' end, coalesce(unit, ''), 'sla', dim, count(*)
      from items group by grouping sets ((period, dim), (period, unit, dim))`,
  [JSON.stringify(begun), now.toISOString(), refreshId]);
}
