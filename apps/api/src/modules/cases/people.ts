/**
 * What a supervisor does with a person's record as a whole: merge a duplicate into it, export
 * everything held about the person (their right of access), anonymise it on request. Each is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAnonymise, ZBeneficiary, ZExportQuery, ZIdParams, ZMergeBody } from '@pilot/contracts';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { createDocumentStorage } from '../../lib/storage.ts';
import { Provider } from '../providers/entities.ts';
import {
  Assessment, Beneficiary, CaseDocument, CaseEvent, CaseNote, Consent, FamilyLink, PlanStep, ServiceDelivery, SupportCase,
  type IBeneficiary,
} from './entities.ts';
import { checkVersion, displayName, loadBeneficiary, recordEvent } from './service.ts';
import { staffNames, toBeneficiary } from './views.ts';
import { openNote } from './pii.ts';
import { anonymisePerson } from './anonymise.ts';
import { renderSubjectReport, type SubjectReport } from './subject-report.ts';

const supervise = { access: 'cases.supervise' } as const;
export { ANONYMISED } from './anonymise.ts';

/** Fields the survivor takes from the duplicate when it has none of its own. */
const FILLABLE = ['patronymic', 'birthDate', 'sex', 'email', 'oblastCode', 'hromadaCode', 'address', 'militaryRank', 'unitCode', 'militaryStatus'] as const;

async function subjectReport(req: FastifyRequest, person: IBeneficiary): Promise<SubjectReport> {
  const provider = await req.em.findOneOrFail(Provider, { id: req.tenantId! });
  const ids = [person.id, ...(await req.em.find(Beneficiary, { mergedIntoId: person.id })).map((b) => b.id)];
  const links = await req.em.find(FamilyLink, { $or: [{ memberId: person.id }, { relativeId: person.id }] });
  const kin = await req.em.find(Beneficiary, { id: { $in: links.flatMap((l) => [l.memberId, l.relativeId]).filter((x) => x !== person.id) } });
  const consents = await req.em.find(Consent, { beneficiaryId: person.id }, { orderBy: { givenOn: 'asc' } });
  const cases = await req.em.find(SupportCase, { beneficiaryId: person.id }, { orderBy: { openedAt: 'asc' } });
  const caseIds = cases.map((c) => c.id);
  const [events, assessments, steps, deliveries, notes, documents] = await Promise.all([
    req.em.find(CaseEvent, { caseId: { $in: caseIds } }, { orderBy: { at: 'asc' } }),
    req.em.find(Assessment, { caseId: { $in: caseIds } }, { orderBy: { assessedOn: 'asc' } }),
    req.em.find(PlanStep, { caseId: { $in: caseIds } }, { orderBy: { position: 'asc' } }),
    req.em.find(ServiceDelivery, { caseId: { $in: caseIds } }, { orderBy: { deliveredOn: 'asc' } }),
    req.em.find(CaseNote, { caseId: { $in: caseIds } }, { orderBy: { createdAt: 'asc' } }),
    req.em.find(CaseDocument, { caseId: { $in: caseIds } }, { orderBy: { createdAt: 'asc' } }),
  ]);
  const names = await staffNames(req, [...events.map((e) => e.actorId), ...deliveries.map((d) => d.deliveredBy), ...notes.map((n) => n.authorId), ...cases.map((c) => c.assigneeId)]);
  const who = (id: string | null | undefined) => (id ? names.get(id) ?? null : null);
  return {
    generatedAt: req.server.clock().toISOString(),
    controller: provider.name,
    person: { ...toBeneficiary(person, req.server.config.keyring), formerIds: ids.slice(1) },
    family: links.map((l) => {
      const other = kin.find((k) => k.id === (l.memberId === person.id ? l.relativeId : l.memberId));
      return { fullName: other ? displayName(other) : '—', relation: l.relation, role: l.memberId === person.id ? 'relative' as const : 'service_member' as const };
    }),
    consents: consents.map((c) => ({
      method: c.method, givenOn: c.givenOn, purposes: c.purposes, recipients: c.recipients, expiresOn: c.expiresOn ?? null,
      withdrawnOn: c.withdrawnOn ?? null, withdrawalReason: c.withdrawalReason ?? null, note: c.note ?? null,
    })),
    cases: cases.map((c) => ({
      id: c.id, status: c.status, categories: c.categories, openedAt: iso(c.openedAt)!, closedAt: iso(c.closedAt), closureOutcome: c.closureOutcome ?? null,
      caseManager: who(c.assigneeId),
      timeline: events.filter((e) => e.caseId === c.id).map((e) => ({ at: iso(e.at)!, kind: e.kind, by: who(e.actorId) })),
      assessments: assessments.filter((a) => a.caseId === c.id).map((a) => ({ assessedOn: a.assessedOn, needs: a.needs, summary: a.summary ?? null })),
      plan: steps.filter((s) => s.caseId === c.id).map((s) => ({ title: s.title, dueOn: s.dueOn ?? null, status: s.status, documents: s.documents })),
      deliveries: deliveries.filter((d) => d.caseId === c.id).map((d) => ({ deliveredOn: d.deliveredOn, mode: d.mode, durationMinutes: d.durationMinutes, outcome: d.outcome, by: who(d.deliveredBy) })),
      notes: notes.filter((n) => n.caseId === c.id).map((n) => ({ at: iso(n.createdAt)!, body: openNote(req.server.config.keyring, n), sensitive: n.sensitive, by: who(n.authorId) })),
      documents: documents.filter((d) => d.caseId === c.id).map((d) => ({ fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes, uploadedAt: iso(d.createdAt)! })),
    })),
  };
}

export default async function peopleRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const storage = createDocumentStorage(root.config);

  app.post('/beneficiaries/:id/merge', {
    config: supervise,
    schema: { tags: ['cases'], summary: 'Merge a duplicate record into this one (its id keeps resolving here)', params: ZIdParams, body: ZMergeBody, response: { 200: ZBeneficiary } },
  }, async (req) => {
    const { person: survivor, resolvedFrom } = await loadBeneficiary(req, req.params.id);
    if (resolvedFrom) throw conflict('already_merged', 'This record was itself merged into another');
    checkVersion(survivor, req.body.version);
    const duplicate = await req.em.findOne(Beneficiary, { id: req.body.duplicateId, mergedIntoId: null });
    if (!duplicate) throw unprocessable('unknown_duplicate', 'No such record to merge', [{ path: 'body.duplicateId', message: 'Unknown or already merged' }]);
    if (duplicate.id === survivor.id) throw unprocessable('self_merge', 'A record cannot be merged into itself', [{ path: 'body.duplicateId', message: 'Same record' }]);
    if (survivor.anonymisedAt || duplicate.anonymisedAt) throw conflict('beneficiary_anonymised', 'An anonymised record cannot be merged');

    for (const field of FILLABLE) {
      if (survivor[field] == null && duplicate[field] != null) (survivor as Record<string, unknown>)[field] = duplicate[field];
    }
    if (!survivor.rnokpp && duplicate.rnokpp) Object.assign(survivor, { rnokpp: duplicate.rnokpp, rnokppIndex: duplicate.rnokppIndex });
    survivor.phones = [...new Set([...survivor.phones, ...duplicate.phones])].slice(0, 5);
    survivor.categories = [...new Set([...survivor.categories, ...duplicate.categories])];
    survivor.isServiceMember ||= duplicate.isServiceMember;
    duplicate.mergedIntoId = survivor.id;
    // The duplicate's RNOKPP now lives on the survivor (or was the same).
    Object.assign(duplicate, { rnokpp: null, rnokppIndex: null });
    await req.em.flush();

    const pid = req.tenantId;
    const moved = await req.em.execute<{ id: string }[]>(
      `update support_case set beneficiary_id = ?, beneficiary_name = ?, version = version + 1 where provider_id = ? and beneficiary_id = ? returning id`,
      [survivor.id, displayName(survivor), pid, duplicate.id]);
    await req.em.execute(`update consent set beneficiary_id = ? where provider_id = ? and beneficiary_id = ?`, [survivor.id, pid, duplicate.id]);
    // Family links follow, except those that would link the person to themselves or twice.
    for (const [col, other] of [['member_id', 'relative_id'], ['relative_id', 'member_id']] as const) {
      await req.em.execute(
        `delete from family_link l where l.provider_id = ? and l.${col} = ? and (l.${other} = ? or exists (
           select 1 from family_link x where x.provider_id = l.provider_id and x.${col} = ? and x.${other} = l.${other}))`,
        [pid, duplicate.id, survivor.id, survivor.id]);
      await req.em.execute(`update family_link set ${col} = ? where provider_id = ? and ${col} = ?`, [survivor.id, pid, duplicate.id]);
    }
    const cases = await req.em.find(SupportCase, { beneficiaryId: survivor.id });
    for (const c of cases) recordEvent(req, c, 'merged', { from: duplicate.id, into: survivor.id, moved: moved.some((m) => m.id === c.id) });
    req.audit('beneficiary.merge', 'beneficiary', survivor.id, { from: duplicate.id, cases: moved.map((m) => m.id) });
    await req.em.flush();
    return toBeneficiary(survivor, req.server.config.keyring);
  });

  app.get('/beneficiaries/:id/export', {
    config: supervise,
    schema: { tags: ['cases'], summary: 'Everything held about a person, as JSON or a readable HTML page (right of access)', params: ZIdParams, querystring: ZExportQuery },
  }, async (req, reply) => {
    const { person } = await loadBeneficiary(req, req.params.id);
    const report = await subjectReport(req, person);
    req.audit('beneficiary.export', 'beneficiary', person.id, { format: req.query.format });
    const day = report.generatedAt.slice(0, 10);
    reply.header('content-disposition', `attachment; filename="subject-${day}.${req.query.format}"`);
    if (req.query.format === 'html') {
      reply.type('text/html; charset=utf-8');
      return renderSubjectReport(report, req.headers['accept-language']?.startsWith('en') ? 'en' : 'uk');
    }
    reply.type('application/json; charset=utf-8');
    return JSON.stringify(report, null, 2);
  });

  app.post('/beneficiaries/:id/anonymise', {
    config: supervise,
    schema: { tags: ['cases'], summary: 'Anonymise a person on request: identity, contacts and free text go; counts stay', params: ZIdParams, body: ZAnonymise, response: { 200: ZBeneficiary } },
  }, async (req) => {
    const { person, resolvedFrom } = await loadBeneficiary(req, req.params.id);
    if (resolvedFrom) throw notFound();
    checkVersion(person, req.body.version);
    if (person.anonymisedAt) throw conflict('already_anonymised', 'This record is already anonymised');
    const caseIds = await anonymisePerson({
      em: req.em, providerId: req.tenantId!, keyring: req.server.config.keyring, now: req.server.clock(), storage,
    }, person);
    req.audit('beneficiary.anonymise', 'beneficiary', person.id, { reason: req.body.reason, cases: caseIds });
    return toBeneficiary(person, req.server.config.keyring);
  });
}
