import pLimit from 'p-limit';
import { periodsOfYear, REPORT_GROUPS, type ReportPeriod } from '@pilot/domain';
import type { Orm } from '../../db/orm.ts';
import type { Clock } from '../../lib/clock.ts';
import { withTenant } from '../../db/tenancy.ts';
import { today } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { computeFacts, computeSlaFacts } from './facts.ts';
import { FactIndex, suppressGroup, type FactRow, type SuppressedCell } from './cube.ts';

export interface RefreshContext { orm: Orm; clock: Clock; log: { info(data: object, msg: string): void } }

export interface RefreshOptions {
  /** Providers counted at once, each in its own transaction: a connection and a database core each. */
  concurrency?: number;
}

export interface RefreshResult {
  refreshId: string; providers: number; suppressed: number; ms: number;
  /** Milliseconds spent counting (in the providers' tenants), suppressing and publishing. */
  phases: { counting: number; suppressing: number; publishing: number };
}

/**
 * Refreshes the pilot report of a year (ADR 10): each provider's counts are computed inside
 * that provider's own tenant, a few providers at a time (`concurrency`); then, with no tenant
 * bound and no transaction open, the small counts are suppressed across all of them; the run is
 * published in one short transaction, which also drops the run it replaces. Readers see either
 * the old run or the new, never a mix.
 */
export async function refreshReports(app: RefreshContext, year: number, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const started = Date.now();
  const refreshId = newId();
  const orm = app.orm;
  await orm.em.fork().execute(`insert into report_refresh (id, year, status) values (?, ?, 'running')`, [refreshId, year]);
  try {
    const now = app.clock();
    const day = today(() => now);
    const providers = await countProviders(orm, refreshId, periodsOfYear(year), { now, day }, opts.concurrency ?? 2);
    const counted = Date.now();
    const cells = await suppressRun(orm, refreshId, year, day);
    const suppressedAt = Date.now();
    await publish(orm, refreshId, year, cells, { providers, started });
    const ms = Date.now() - started;
    const phases = { counting: counted - started, suppressing: suppressedAt - counted, publishing: Date.now() - suppressedAt };
    app.log.info({ year, refreshId, providers, suppressed: cells.length, ms, phases }, 'reports refreshed');
    return { refreshId, providers, suppressed: cells.length, ms, phases };
  } catch (err) {
    // The run's counts go with it; the published one stays.
    await orm.em.fork().execute(`delete from report_refresh where id = ?`, [refreshId]);
    throw err;
  }
}

/** Each provider's counts, in its own tenant, `concurrency` providers at a time; how many there are. */
async function countProviders(orm: Orm, refreshId: string, periods: readonly ReportPeriod[], { now, day }: { now: Date; day: string }, concurrency: number): Promise<number> {
  const providers = await orm.em.fork().execute<{ id: string }[]>(`select id from provider order by id`);
  const limit = pLimit(concurrency);
  const results = await Promise.allSettled(providers.map(({ id }) => limit(() => withTenant(orm, { providerId: id }, async ({ em }) => {
    await computeFacts(em, refreshId, periods, day);
    await computeSlaFacts(em, refreshId, periods, day, now);
  }))));
  // Every provider's transaction has ended before the run is dropped on a failure.
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return providers.length;
}

/**
 * The cells to hide, across all providers. Pure computation that takes a while at national
 * scale, so no transaction is open meanwhile (it would pin the vacuum horizon and a connection);
 * one group's counts at a time, since each group is suppressed on its own and all of them
 * together are millions of rows at national scale (docs/performance.md).
 */
async function suppressRun(orm: Orm, refreshId: string, year: number, day: string): Promise<SuppressedCell[]> {
  const reader = orm.em.fork();
  const hromadas = await reader.execute<{ code: string; oblast_code: string }[]>(`select code, oblast_code from hromada`);
  const hromadaOblast = new Map(hromadas.map((h) => [h.code, h.oblast_code]));
  const cells: SuppressedCell[] = [];
  for (const group of REPORT_GROUPS.filter((g) => g.people)) {
    // In a fixed order: the suppression's choices follow the order of rows, and two runs over the
    // same counts must hide the same cells (two patterns side by side would give values away).
    const facts = await reader.execute<FactRow[]>(
      `select provider_id, period, scope, scope_key, metric, dim, value from report_fact where refresh_id = ? and metric = ?
        order by provider_id, scope, scope_key, period, dim`, [refreshId, group.key]);
    for (const cell of suppressGroup(group, year, new FactIndex(facts), hromadaOblast, day)) cells.push(cell);
  }
  return cells;
}

/** Writes the hidden cells and publishes the run in one short transaction; the run it replaces goes. */
async function publish(orm: Orm, refreshId: string, year: number, cells: readonly SuppressedCell[], run: { providers: number; started: number }) {
  await orm.em.fork().transactional(async (em) => {
    for (let i = 0; i < cells.length; i += 1000) {
      const chunk = cells.slice(i, i + 1000);
      await em.execute(
        `insert into report_suppression (refresh_id, period, metric, row_key, dim, state)
         select ?, period, metric, row_key, dim, state from jsonb_to_recordset(?::jsonb)
           as x(period text, metric text, row_key text, dim text, state text)`,
        [refreshId, JSON.stringify(chunk.map((c) => ({ period: c.period, metric: c.metric, row_key: c.rowKey, dim: c.dim, state: c.state })))]);
    }
    await em.execute(`select pg_advisory_xact_lock(hashtext('report_refresh'), ?)`, [year]);
    await em.execute(`delete from report_refresh where year = ? and status in ('published', 'failed') and id <> ?`, [year, refreshId]);
    await em.execute(
      `update report_refresh set status = 'published', finished_at = now(), providers = ?, duration_ms = ? where id = ?`,
      [run.providers, Date.now() - run.started, refreshId]);
  });
}

/** The years an unprompted refresh covers: this one, and last year's in January (late entries). */
export function yearsToRefresh(clock: () => Date): number[] {
  const day = today(clock);
  const year = Number(day.slice(0, 4));
  return day.slice(5, 7) === '01' ? [year - 1, year] : [year];
}
