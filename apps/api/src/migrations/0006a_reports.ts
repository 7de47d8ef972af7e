import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE, DEFERRED } from './sql.ts';

/**
 * Precomputed pilot reports (ADR 10). A refresh computes, provider by provider inside that
 * provider's own tenant, counts per reporting period (a year, its quarters and months) and
 * scope (the provider, each unit, oblast and hromada of the people it serves): numbers only, no
 * person. Distinct people are counted per period here, because they do not add up across
 * months. Then, without a tenant, it suppresses small counts across all providers and
 * publishes the refresh at once: readers always see facts and suppression of the same run.
 */
export class Reports extends Migration {
  override name = '0006a_reports';

  override up(): void {
    const sql = [
      `create table report_refresh (
         id uuid primary key,
         year integer not null,
         status text not null check (status in ('running', 'published', 'superseded', 'failed')),
         started_at timestamptz not null default now(),
         finished_at timestamptz,
         providers integer,
         duration_ms integer,
         error text
       )`,
      `create index report_refresh_year on report_refresh (year, started_at desc)`,
      `create unique index report_refresh_published on report_refresh (year) where status = 'published'`,

      `create table report_fact (
         refresh_id uuid not null references report_refresh (id) on delete cascade ${DEFERRED},
         provider_id uuid not null references provider (id) ${DEFERRED},
         period text not null,
         scope text not null check (scope in ('provider', 'unit', 'oblast', 'hromada')),
         scope_key text not null,
         metric text not null,
         dim text not null,
         value bigint not null check (value >= 0),
         primary key (refresh_id, provider_id, period, scope, scope_key, metric, dim)
       )`,
      // The ministry's reads: one period, one scope, all providers.
      `create index report_fact_read on report_fact (refresh_id, period, scope, metric)`,
      `alter table report_fact enable row level security`,
      `alter table report_fact force row level security`,
      // A provider writes and reads its own counts; the ministry (no tenant, no unit) reads all
      // and removes superseded runs.
      `create policy read_own_or_ministry on report_fact for select to ${APP_ROLE}
         using (app_ministry_scope() or provider_id = app_tenant())`,
      `create policy provider_writes on report_fact for insert to ${APP_ROLE} with check (provider_id = app_tenant())`,
      `create policy ministry_cleans on report_fact for delete to ${APP_ROLE} using (app_ministry_scope())`,

      // The suppressed cells of a refresh (those not listed are published as they are).
      `create table report_suppression (
         refresh_id uuid not null references report_refresh (id) on delete cascade ${DEFERRED},
         period text not null,
         metric text not null,
         row_key text not null,
         dim text not null,
         state text not null check (state in ('small', 'hidden')),
         primary key (refresh_id, period, metric, row_key, dim)
       )`,
      `alter table report_suppression enable row level security`,
      `alter table report_suppression force row level security`,
      `create policy ministry_only on report_suppression for all to ${APP_ROLE}
         using (app_ministry_scope()) with check (app_ministry_scope())`,
      `alter table report_refresh enable row level security`,
      `alter table report_refresh force row level security`,
      `create policy read_all on report_refresh for select to ${APP_ROLE} using (true)`,
      `create policy ministry_writes on report_refresh for all to ${APP_ROLE}
         using (app_ministry_scope()) with check (app_ministry_scope())`,
    ];
    for (const s of sql) this.addSql(s);
  }
}
