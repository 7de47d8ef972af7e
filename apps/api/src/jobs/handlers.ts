import type { FastifyInstance } from 'fastify';
import type { Email } from '../lib/mailer.ts';
import { QUEUES } from './queues.ts';
import { sealAll } from '../modules/audit/chain.ts';
import { registerBillingJobs } from '../modules/billing/jobs.ts';
import { sendTaskDigests } from '../modules/cases/digest.ts';
import { applyRetention } from '../modules/cases/retention.ts';
import { deliverNotice, type NoticeJob } from '../modules/notifications/service.ts';
import { sweepDeadlines } from '../modules/referrals/sla.ts';
import { sweepInstructionDeadlines } from '../modules/coordination/deadlines.ts';
import { refreshReports, yearsToRefresh } from '../modules/reports/refresh.ts';
import { pruneRateLimits } from '../plugins/rate-limit.ts';

/** What each queue does. Registered in the API (when it runs workers) and in the worker entry. */
export function registerJobHandlers(app: FastifyInstance) {
  app.jobs.handle(QUEUES.email, async (mail: Email) => {
    await app.mailer.send(mail);
  });
  app.jobs.handle(QUEUES.auditSeal, async () => {
    await sealAll(app.orm, (msg, data) => app.log.info(data, msg));
  });
  registerBillingJobs(app);
  app.jobs.handle(QUEUES.casesDigest, async () => {
    await sendTaskDigests(app);
  });
  app.jobs.handle(QUEUES.casesRetention, async () => {
    await applyRetention(app);
  });
  app.jobs.handle(QUEUES.notify, async (notice: NoticeJob) => {
    await deliverNotice(app, notice);
  });
  app.jobs.handle(QUEUES.slaSweep, async () => {
    await sweepDeadlines(app);
  });
  // Catch up at start: deadlines that passed while nothing ran are handled now, not at the next tick.
  app.addHook('onReady', async () => {
    await app.jobs.boss.send(QUEUES.slaSweep, {}, { singletonKey: 'startup' });
  });
  app.jobs.handle(QUEUES.rateLimitsPrune, async () => {
    await pruneRateLimits(app.orm);
  });
  app.jobs.handle(QUEUES.instructionDeadlines, async () => {
    await sweepInstructionDeadlines(app);
  });
  app.jobs.handle(QUEUES.reportsRefresh, async (data: { year?: number }) => {
    for (const year of data?.year ? [data.year] : yearsToRefresh(app.clock)) await refreshReports(app, year, { concurrency: app.config.REPORT_REFRESH_CONCURRENCY });
  });
  // The report is there minutes after a start, not at the next hourly run.
  app.jobs.atStart(QUEUES.reportsRefresh, {});
}
