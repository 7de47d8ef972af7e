import type { FastifyInstance } from 'fastify';
import type { Email } from '../lib/mailer.ts';
import { QUEUES } from './queues.ts';
import { sealAll } from '../modules/audit/chain.ts';
import { registerBillingJobs } from '../modules/billing/jobs.ts';
import { sendTaskDigests } from '../modules/cases/digest.ts';
import { applyRetention } from '../modules/cases/retention.ts';

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
}
