import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZDashboard, ZRefreshAnswer, ZRefreshRequest, ZReport, ZReportExportQuery, ZReportQuery, ZTrend, ZTrendQuery } from '@pilot/contracts';
import { readReplica } from '../../db/replica.ts';
import { today } from '../../lib/clock.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { buildReport } from './view.ts';
import { buildTrend } from './trend.ts';
import { reportWorkbook } from './export.ts';
import { writeSpreadsheet } from '../../lib/spreadsheet.ts';
import { buildDashboard } from './dashboard.ts';
import { ViewCache } from './view-cache.ts';

/** The pilot report: the ministry's across providers, suppressed; a provider's own, in full. */
export default async function reportRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  // Built views of published runs (ADR 15): a few hundred, two built at a time (the cores).
  const views = new ViewCache(app.metrics.registry, { entries: 300, building: 2 });

  app.get('/reports/pilot', {
    config: { access: 'reports.read' },
    schema: { tags, summary: 'The pilot report at a node of a roll-up and the level below it, for a period', querystring: ZReportQuery, response: { 200: ZReport } },
  }, async (req) => readReplica(req, (em) => buildReport(req, em, views, req.query)));

  app.get('/reports/pilot/trend', {
    config: { access: 'reports.read' },
    schema: { tags, summary: 'Monthly totals of a node over a year (quarterly below providers and oblasts)', querystring: ZTrendQuery, response: { 200: ZTrend } },
  }, async (req) => readReplica(req, (em) => buildTrend(req, em, views, req.query)));

  app.get('/reports/pilot/export', {
    config: { access: 'reports.read' },
    schema: { tags, summary: 'The same report as CSV or XLSX, with the same suppression', querystring: ZReportExportQuery, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  }, async (req, reply) => {
    const { format, ...query } = req.query;
    const lang = req.headers['accept-language']?.startsWith('en') ? 'en' : 'uk';
    const { report, measures } = await readReplica(req, async (em) => ({
      report: await buildReport(req, em, views, query),
      measures: await em.execute<{ code: string; version: number; name: string; latest: boolean }[]>(
        `select m.code, v.version, ${lang === 'en' ? 'v.name_en' : 'v.name_uk'} as name,
                v.version = max(v.version) over (partition by m.id) as latest
           from measure m join measure_version v on v.measure_id = m.id`),
    }));
    // Columns of measures read "M08 Psychosocial…"; of versions "M08 v2 Psychosocial…".
    const names = new Map(measures.flatMap((m) => [
      [`${m.code} v${m.version}`, `${m.code} v${m.version} ${m.name}`] as const,
      ...(m.latest ? [[m.code, `${m.code} ${m.name}`] as const] : []),
    ]));
    const book = reportWorkbook(report, lang, names);
    req.audit('report.export', 'report', null, { format, period: report.period, hierarchy: report.hierarchy, node: report.node.key });
    const name = `pilot-report-${report.period}-${report.hierarchy}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return writeSpreadsheet(book, format);
  });

  app.get('/reports/dashboard', {
    config: { access: 'reports.read_all' },
    schema: { tags, summary: 'The ministry’s home: this quarter’s totals, accreditations needing attention, instructions', response: { 200: ZDashboard } },
  }, async (req) => readReplica(req, (em) => buildDashboard(req, em, views)));

  app.post('/reports/refresh', {
    config: { access: 'reports.refresh' },
    schema: { tags, summary: 'Recompute the report of a year now (queued; the report shows when it is done)', body: ZRefreshRequest, response: { 202: ZRefreshAnswer } },
  }, async (req, reply) => {
    const year = req.body.year ?? Number(today(req.server.clock).slice(0, 4));
    await req.server.jobs.send(req.em, QUEUES.reportsRefresh, { year }, { singletonKey: `reports-${year}` });
    req.audit('report.refresh', 'report', String(year));
    reply.code(202);
    return { queued: true, year };
  });
}
