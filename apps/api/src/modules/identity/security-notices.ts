import type { FastifyRequest } from 'fastify';
import { kyivDateTime } from '../../lib/clock.ts';
import { emails, render, type SecurityChange } from '../../lib/emails.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { IUser } from './entities.ts';

/**
 * Emails the person that how they sign in has changed, so a change they did not make (a
 * stolen password, a phone in the wrong hands) reaches them on another channel (ASVS 2.5.5).
 * Sent in the request's transaction: no notice for a change that did not happen.
 */
export async function notifySecurityChange(req: FastifyRequest, user: Pick<IUser, 'email' | 'fullName' | 'locale'>, change: SecurityChange) {
  const link = `${req.server.config.publicUrl}/forgot-password`;
  const at = kyivDateTime(req.server.clock(), user.locale);
  await req.server.jobs.send(req.em, QUEUES.email, render(emails.securityNotice, user.locale, user.email, { fullName: user.fullName, change, at, link }));
}
