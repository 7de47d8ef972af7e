/**
 * Transfers hand a case, with the person's consent, to another provider. The receiver accepts
 * or declines; on acceptance the person, their family, consent, assessments, the history and
 * the open plan steps move (as far as the consent allows), the sender's case closes as
 * "transferred" and stays readable to the sender, and both sides count it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZIdParams, ZProviderOptionList, ZTransfer, ZTransferAccept, ZTransferCreate, ZTransferDecline, ZTransferPage, ZTransferQuery,
  type TTransfer,
} from '@pilot/contracts';
import { consentState, type CaseCategory, type ConsentDataCategory } from '@pilot/domain';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { Provider } from '../providers/entities.ts';
import {
  Assessment, Beneficiary, CaseEvent, CaseNote, CaseTransfer, Consent, FamilyLink, PlanStep, ServiceDelivery, SupportCase, SupportPlan,
  type IBeneficiary, type ICaseTransfer, type IConsent,
} from './entities.ts';
import { findDuplicates, isSupervisor, loadCase, openCase, recordEvent, requireConsent } from './service.ts';
import { openRnokpp } from './pii.ts';

const supervise = { access: 'cases.supervise' } as const;

function toTransfer(t: ICaseTransfer, providerId: string, names: Map<string, string>): TTransfer {
  const outgoing = t.fromProviderId === providerId;
  return {
    id: t.id, direction: outgoing ? 'outgoing' : 'incoming', status: t.status,
    fromProvider: names.get(t.fromProviderId) ?? '', toProvider: names.get(t.toProviderId) ?? '',
    beneficiaryName: t.summary.beneficiaryName, birthYear: t.summary.birthYear, categories: t.summary.categories as CaseCategory[],
    reason: t.reason, declineReason: t.declineReason ?? null, dataCategories: t.dataCategories as ConsentDataCategory[],
    requestedAt: iso(t.requestedAt)!, decidedAt: iso(t.decidedAt), caseId: outgoing ? t.fromCaseId : t.toCaseId ?? null,
  };
}

async function providerNames(req: FastifyRequest, ids: string[]) {
  const rows = await req.em.find(Provider, { id: { $in: [...new Set(ids)] } });
  return new Map(rows.map((p) => [p.id, p.name]));
}

/** The consent that names the receiving provider for transfers, in force today, or a 422 saying why not. */
function transferConsent(consents: IConsent[], toProviderId: string, day: string) {
  const covering = consents.find((c) => consentState(c, day) === 'active' && c.purposes.includes('transfer')
    && c.recipients.some((r) => r.providerId === toProviderId));
  if (!covering) {
    throw unprocessable('consent_does_not_cover_transfer', 'The person’s consent in force does not allow a transfer to this provider: record one that names it');
  }
  const recipient = covering.recipients.find((r) => r.providerId === toProviderId)!;
  return { consent: covering, dataCategories: [...new Set<ConsentDataCategory>(['identity', ...recipient.dataCategories])] };
}

async function openTransfer(req: FastifyRequest, id: string) {
  const t = await req.em.findOne(CaseTransfer, { id });
  // The receiver decides: for the sender (and anyone else) the decision routes do not exist.
  if (!t || t.toProviderId !== req.tenantId || !isSupervisor(req)) throw notFound();
  if (t.status !== 'requested') throw conflict('transfer_decided', 'This transfer was already decided');
  return t;
}

export default async function transferRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/transfers/targets', {
    config: { access: 'cases.work' },
    schema: { tags: ['transfers'], summary: 'Accredited providers a case or consent can name', response: { 200: ZProviderOptionList } },
  }, async (req) => {
    const rows = await req.em.find(Provider, { accreditationStatus: 'accredited', id: { $ne: req.tenantId! } }, { orderBy: { name: 'asc' } });
    return { items: rows.map((p) => ({ id: p.id, name: p.name })) };
  });

  app.get('/transfers', {
    config: supervise,
    schema: { tags: ['transfers'], summary: 'Transfers sent and received', querystring: ZTransferQuery, response: { 200: ZTransferPage } },
  }, async (req) => {
    const { limit, cursor, direction, status } = req.query;
    const after = decodeCursor(cursor, ['time', 'uuid']);
    const where: Record<string, unknown> = {};
    if (direction === 'incoming') where.toProviderId = req.tenantId;
    if (direction === 'outgoing') where.fromProviderId = req.tenantId;
    if (status) where.status = status;
    if (after) where.$and = [{ $or: [{ requestedAt: { $lt: new Date(String(after[0])) } }, { requestedAt: new Date(String(after[0])), id: { $lt: after[1] } }] }];
    const rows = await req.em.find(CaseTransfer, where, { orderBy: { requestedAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const names = await providerNames(req, rows.flatMap((t) => [t.fromProviderId, t.toProviderId]));
    const page = toPage(rows, limit, (t) => [iso(t.requestedAt)!, t.id]);
    req.audit('transfer.list', 'case_transfer', null, { count: page.items.length });
    return { items: page.items.map((t) => toTransfer(t, req.tenantId!, names)), nextCursor: page.nextCursor };
  });

  app.post('/cases/:id/transfers', {
    config: { ...supervise, idempotent: true },
    schema: { tags: ['transfers'], summary: 'Offer the case to another provider (consent must name it)', params: ZIdParams, body: ZTransferCreate, response: { 201: ZTransfer } },
  }, async (req, reply) => {
    const c = await loadCase(req, req.params.id, { write: true });
    await requireConsent(req, c);
    const target = await req.em.findOne(Provider, { id: req.body.toProviderId, accreditationStatus: 'accredited' });
    if (!target || target.id === req.tenantId) throw unprocessable('invalid_target', 'Choose another accredited provider', [{ path: 'body.toProviderId', message: 'Not an accredited provider' }]);
    if (await req.em.count(CaseTransfer, { fromCaseId: c.id, status: 'requested' })) throw conflict('transfer_pending', 'This case is already being transferred');
    const consents = await req.em.find(Consent, { beneficiaryId: c.beneficiaryId }, { orderBy: { givenOn: 'desc' } });
    const { consent, dataCategories } = transferConsent(consents, target.id, today(req.server.clock));
    const person = await req.em.findOneOrFail(Beneficiary, { id: c.beneficiaryId });
    const from = await req.em.findOneOrFail(Provider, { id: req.tenantId! });
    const t = req.em.create(CaseTransfer, {
      fromProviderId: req.tenantId!, toProviderId: target.id, fromCaseId: c.id, consentId: consent.id, reason: req.body.reason,
      summary: { beneficiaryName: c.beneficiaryName, birthYear: person.birthDate ? Number(person.birthDate.slice(0, 4)) : null, categories: c.categories, fromProvider: from.name },
      dataCategories, requestedBy: req.actor!.userId, requestedAt: req.server.clock(),
    });
    recordEvent(req, c, 'transfer_requested', { transferId: t.id, to: target.name });
    req.audit('transfer.request', 'case_transfer', t.id, { caseId: c.id, to: target.id });
    await req.em.flush();
    reply.code(201);
    return toTransfer(t, req.tenantId!, new Map([[from.id, from.name], [target.id, target.name]]));
  });

  app.post('/transfers/:id/decline', {
    config: supervise,
    schema: { tags: ['transfers'], summary: 'Decline a transfer offered to this provider', params: ZIdParams, body: ZTransferDecline, response: { 200: ZTransfer } },
  }, async (req) => {
    const t = await openTransfer(req, req.params.id);
    const receiver = req.tenantId!;
    t.status = 'declined';
    t.declineReason = req.body.reason;
    t.decidedBy = req.actor!.userId;
    t.decidedAt = req.server.clock();
    req.audit('transfer.decline', 'case_transfer', t.id);
    // The sender's timeline says so, written in the sender's tenant.
    await req.crossTenantBind(t.fromProviderId);
    recordEvent(req, { id: t.fromCaseId, providerId: t.fromProviderId }, 'transfer_declined', { transferId: t.id, reason: req.body.reason });
    req.audit('transfer.declined_by_receiver', 'case_transfer', t.id);
    await req.crossTenantBind(receiver);
    return toTransfer(t, receiver, await providerNames(req, [t.fromProviderId, t.toProviderId]));
  });

  app.post('/transfers/:id/accept', {
    config: supervise,
    schema: { tags: ['transfers'], summary: 'Accept a transfer: the case and its history move here', params: ZIdParams, body: ZTransferAccept, response: { 200: ZTransfer } },
  }, async (req) => {
    const t = await openTransfer(req, req.params.id);
    const receiver = req.tenantId!;
    const now = req.server.clock();

    // 1. Read what moves, in the sender's tenant, and close the sender's case there.
    await req.crossTenantBind(t.fromProviderId);
    const source = await req.em.findOne(SupportCase, { id: t.fromCaseId });
    if (!source || source.status === 'closed') throw conflict('transfer_case_closed', 'The sending provider closed this case meanwhile');
    const consents = await req.em.find(Consent, { beneficiaryId: source.beneficiaryId }, { orderBy: { givenOn: 'desc' } });
    const { dataCategories } = transferConsent(consents, receiver, today(req.server.clock));
    const may = (c: ConsentDataCategory) => dataCategories.includes(c);
    const person = await req.em.findOneOrFail(Beneficiary, { id: source.beneficiaryId });
    const links = await req.em.find(FamilyLink, { $or: [{ memberId: person.id }, { relativeId: person.id }] });
    const memberIds = [...new Set(links.flatMap((l) => [l.memberId, l.relativeId]))];
    const relatives = memberIds.length ? await req.em.find(Beneficiary, { id: { $in: memberIds } }) : [];
    const familyLinks = memberIds.length ? await req.em.find(FamilyLink, { memberId: { $in: memberIds } }) : [];
    const assessments = may('assessment') ? await req.em.find(Assessment, { caseId: source.id }) : [];
    const steps = may('plan') ? await req.em.find(PlanStep, { caseId: source.id, status: { $in: ['planned', 'in_progress'] } }, { orderBy: { position: 'asc' } }) : [];
    const deliveries = may('deliveries') ? await req.em.find(ServiceDelivery, { caseId: source.id }) : [];
    const notes = may('notes') ? await req.em.find(CaseNote, { caseId: source.id, sensitive: false }) : [];
    const events = await req.em.find(CaseEvent, { caseId: source.id }, { orderBy: { at: 'asc' } });
    const sourceStatus = source.status;
    recordEvent(req, source, 'transfer_accepted', { transferId: t.id });
    recordEvent(req, source, 'closed', { from: sourceStatus, to: 'closed', outcome: 'transferred' });
    source.status = 'closed';
    source.closureOutcome = 'transferred';
    source.closedAt = now;
    req.audit('case.transfer_out', 'case', source.id, { transferId: t.id, to: receiver });
    await req.em.flush();

    // 2. Write it in the receiver's tenant, under new ids, through the one way cases open.
    await req.crossTenantBind(receiver);
    const copyPerson = async (p: IBeneficiary) => {
      // The receiver may know the person already (same RNOKPP): join that record.
      const rnokpp = openRnokpp(req.server.config.keyring, p.rnokpp);
      const [known] = rnokpp ? (await findDuplicates(req.em, receiver, { lastName: p.lastName, firstName: p.firstName, rnokpp }, req.server.config.keyring)).filter((m) => m.reason === 'rnokpp') : [];
      if (known) return known.id;
      const copy = req.em.create(Beneficiary, {
        providerId: receiver, lastName: p.lastName, firstName: p.firstName, patronymic: p.patronymic ?? null, birthDate: p.birthDate ?? null,
        sex: p.sex ?? null, rnokpp: p.rnokpp ?? null, rnokppIndex: p.rnokppIndex ?? null, phones: may('contacts') ? p.phones : [], email: may('contacts') ? p.email ?? null : null,
        oblastCode: p.oblastCode ?? null, hromadaCode: p.hromadaCode ?? null, address: may('contacts') ? p.address ?? null : null,
        categories: p.categories, isServiceMember: p.isServiceMember, militaryRank: may('military') ? p.militaryRank ?? null : null,
        unitCode: may('military') ? p.unitCode ?? null : null, militaryStatus: may('military') ? p.militaryStatus ?? null : null,
        createdBy: req.actor!.userId,
      });
      return copy.id;
    };
    const idMap = new Map<string, string>();
    idMap.set(person.id, await copyPerson(person));
    for (const r of relatives) if (!idMap.has(r.id)) idMap.set(r.id, await copyPerson(r));
    await req.em.flush();
    for (const l of familyLinks) {
      const memberId = idMap.get(l.memberId)!;
      const relativeId = idMap.get(l.relativeId)!;
      if (!(await req.em.count(FamilyLink, { memberId, relativeId }))) req.em.create(FamilyLink, { providerId: receiver, memberId, relativeId, relation: l.relation });
    }
    for (const c of consents) {
      req.em.create(Consent, {
        providerId: receiver, beneficiaryId: idMap.get(person.id)!, method: c.method, givenOn: c.givenOn, recordedBy: req.actor!.userId,
        purposes: c.purposes, recipients: c.recipients, expiresOn: c.expiresOn ?? null, withdrawnOn: c.withdrawnOn ?? null,
        withdrawalReason: c.withdrawalReason ?? null, note: `${t.summary.fromProvider}: ${c.note ?? ''}`.trim(),
      });
    }
    const { caseId } = await openCase(req, {
      beneficiaryId: idMap.get(person.id)!, categories: source.categories as CaseCategory[], assigneeId: req.body.assigneeId ?? null,
      source: { kind: 'transfer', transferId: t.id },
    });
    const target = await req.em.findOneOrFail(SupportCase, { id: caseId });
    target.firstContactAt = source.firstContactAt ?? null;
    target.lastContactAt = source.lastContactAt ?? null;
    // The case goes on where it was; without the assessment (not covered by consent) it is assessed again.
    target.status = sourceStatus === 'active' && !assessments.length ? 'assessment' : sourceStatus;
    for (const e of events) {
      req.em.create(CaseEvent, { providerId: receiver, caseId, kind: e.kind, at: e.at, actorId: null, data: { ...(e.data ?? {}), transferredFrom: t.summary.fromProvider } });
    }
    recordEvent(req, target, 'transferred_in', { transferId: t.id, from: t.summary.fromProvider });
    for (const a of assessments) {
      req.em.create(Assessment, { providerId: receiver, caseId, assessedOn: a.assessedOn, assessorId: req.actor!.userId, needs: a.needs, summary: a.summary ?? null, reviewDueOn: a.reviewDueOn ?? null });
    }
    if (steps.length) {
      const plan = req.em.create(SupportPlan, { providerId: receiver, caseId, playbookVersionIds: [] });
      steps.forEach((s, i) => req.em.create(PlanStep, {
        providerId: receiver, planId: plan.id, caseId, position: i, title: s.title, measureId: s.measureId ?? null, ownerId: target.assigneeId ?? null,
        dueOn: s.dueOn ?? null, status: s.status, documents: s.documents, playbookVersionId: s.playbookVersionId ?? null,
      }));
    }
    for (const d of deliveries) {
      req.em.create(ServiceDelivery, {
        providerId: receiver, caseId, measureId: d.measureId, measureVersionId: d.measureVersionId, deliveredOn: d.deliveredOn,
        durationMinutes: d.durationMinutes, mode: d.mode, deliveredBy: req.actor!.userId, outcome: d.outcome, planStepId: null, transferredFrom: t.id,
      });
    }
    for (const n of notes) {
      req.em.create(CaseNote, { providerId: receiver, caseId, authorId: req.actor!.userId, body: `${t.summary.fromProvider}: ${n.body}`, sensitive: false, createdAt: n.createdAt });
    }
    t.status = 'accepted';
    t.toCaseId = caseId;
    t.decidedBy = req.actor!.userId;
    t.decidedAt = now;
    req.audit('case.transfer_in', 'case', caseId, { transferId: t.id, from: t.fromProviderId, moved: dataCategories });
    await req.em.flush();
    return toTransfer(t, receiver, await providerNames(req, [t.fromProviderId, t.toProviderId]));
  });
}
