import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ZAccreditation, ZAccreditationDecisionCreate, ZIdParams, type TAccreditation } from '@pilot/contracts';
import { accreditationFlag, accreditationTransition, AGGREGATE_ONLY_ROLES, receivesReferrals } from '@pilot/domain';
import { badRequest, conflict, notFound } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { render } from '../../lib/emails.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { Provider, type IProvider } from '../providers/entities.ts';
import { AccreditationDecision } from './entities.ts';
import { accreditationEmails, STATUS_TEXT } from './emails.ts';

/** The ministry's decisions on a provider's accreditation, and the provider's view of its own. */
export default async function accreditationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/providers/:id/accreditation', {
    config: { access: 'accreditation.read' },
    schema: { tags: ['accreditation'], summary: 'A provider’s accreditation and its history', params: ZIdParams, response: { 200: ZAccreditation } },
  }, async (req) => {
    const provider = await findProvider(req, req.params.id);
    return accreditationOf(req, req.em, provider);
  });

  app.post('/providers/:id/accreditation', {
    config: { access: 'accreditation.manage', idempotent: true },
    schema: {
      tags: ['accreditation'],
      summary: 'Record a decision: accredit (with validity), suspend or revoke (with the reason)',
      params: ZIdParams, body: ZAccreditationDecisionCreate, response: { 201: ZAccreditation },
    },
  }, async (req, reply) => {
    const provider = await req.em.findOne(Provider, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!provider) throw notFound();
    const body = req.body;
    if (body.decisionDate > today(req.server.clock)) {
      throw badRequest('A decision cannot be dated in the future', [{ path: 'body.decisionDate', message: 'In the future' }]);
    }
    const history = await req.em.find(AccreditationDecision, { providerId: provider.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const outcome = accreditationTransition(provider.accreditationStatus, body, history.map((d) => ({ status: d.toStatus, decisionNumber: d.decisionNumber, decisionDate: d.decisionDate })));
    if (!outcome.ok) throw conflict(outcome.refusal.code, outcome.refusal.message);

    const from = provider.accreditationStatus;
    req.em.create(AccreditationDecision, {
      providerId: provider.id, action: body.action, fromStatus: from, toStatus: outcome.status,
      decisionNumber: body.decisionNumber, decisionDate: body.decisionDate,
      validFrom: body.action === 'accredit' ? body.validFrom : null,
      validUntil: body.action === 'accredit' ? body.validUntil : null,
      reason: body.reason ?? null, decidedBy: req.actor!.userId,
    });
    provider.accreditationStatus = outcome.status;
    provider.accreditationDecisionNumber = body.decisionNumber;
    provider.accreditationDecisionDate = body.decisionDate;
    provider.accreditationChangedAt = req.server.clock();
    if (body.action === 'accredit') {
      provider.accreditedFrom = body.validFrom;
      provider.accreditedUntil = body.validUntil;
    }
    req.audit('provider.accreditation', 'provider', provider.id, { action: body.action, from, to: outcome.status, decisionNumber: body.decisionNumber });
    const detail = body.action === 'accredit' ? `${body.validFrom} — ${body.validUntil}` : body.reason;
    await req.server.jobs.send(req.em, QUEUES.email, render(accreditationEmails.decision, 'uk', provider.contactEmail, {
      organisation: provider.name, status: STATUS_TEXT.uk[outcome.status], decisionNumber: body.decisionNumber,
      decisionDate: body.decisionDate, detail: detail ?? '',
    }));
    await req.em.flush();
    reply.code(201);
    return accreditationOf(req, req.em, provider);
  });
}

/** A provider the actor may see: any, for the ministry and the platform; its own, for its staff. */
async function findProvider(req: FastifyRequest, id: string) {
  const crossProvider = req.actor!.roles.some((r) => (AGGREGATE_ONLY_ROLES as readonly string[]).includes(r));
  if (!crossProvider && req.actor!.providerId !== id) throw notFound();
  const provider = await req.em.findOne(Provider, { id });
  if (!provider) throw notFound();
  return provider;
}

export async function accreditationOf(req: FastifyRequest, em: EntityManager, provider: IProvider): Promise<TAccreditation> {
  const history = await em.find(AccreditationDecision, { providerId: provider.id }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  return {
    providerId: provider.id,
    providerName: provider.name,
    status: provider.accreditationStatus,
    validFrom: provider.accreditedFrom ?? null,
    validUntil: provider.accreditedUntil ?? null,
    decisionNumber: provider.accreditationDecisionNumber ?? null,
    decisionDate: provider.accreditationDecisionDate ?? null,
    flag: accreditationFlag(provider.accreditationStatus, provider.accreditedUntil ?? null, today(req.server.clock)),
    receivesReferrals: receivesReferrals(provider.accreditationStatus),
    history: history.map((d) => ({
      id: d.id, action: d.action, fromStatus: d.fromStatus, toStatus: d.toStatus, decisionNumber: d.decisionNumber,
      decisionDate: d.decisionDate, validFrom: d.validFrom ?? null, validUntil: d.validUntil ?? null, reason: d.reason ?? null,
      createdAt: iso(d.createdAt)!,
    })),
  };
}
