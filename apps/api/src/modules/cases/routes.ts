import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZBeneficiary, ZBeneficiaryUpdate, ZCase, ZCaseAssign, ZCaseCreate, ZCaseCreated, ZCaseEventList, ZCaseListQuery,
  ZCasePage, ZCaseReopen, ZCaseStatusChange, ZCaseUpdate, ZConsent, ZConsentCreate, ZConsentList, ZConsentWithdraw,
  ZContactBody, ZDuplicateCheck, ZDuplicateResult, ZFamily, ZFamilyAdd, ZIdParams, ZStaffOptionList,
} from '@pilot/contracts';
import { canTransition, type CaseCategory } from '@pilot/domain';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { Beneficiary, CaseEvent, Consent, FamilyLink, SupportCase } from './entities.ts';
import { queryCases, toCaseSummary } from './list.ts';
import {
  assertAssignee, assertHromada, checkVersion, createBeneficiary, displayName, duplicateMatches, isSupervisor, loadBeneficiary,
  loadCase, openCase, recordConsent, recordContact, recordEvent, requireConsent,
} from './service.ts';
import { caseView, staffNames, toBeneficiary, toConsent } from './views.ts';
import { rnokppIndex, sealRnokpp } from './pii.ts';

const work = { access: 'cases.work' } as const;
const supervise = { access: 'cases.supervise' } as const;

/** Intake, the case itself, its people, consent and lifecycle. */
export default async function caseRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/cases', {
    config: work,
    schema: { tags: ['cases'], summary: 'Cases the caller may see, filtered', querystring: ZCaseListQuery, response: { 200: ZCasePage } },
  }, async (req) => {
    const { limit, cursor, ...filters } = req.query;
    const rows = await queryCases(req, filters, { after: decodeCursor(cursor, ['time', 'uuid']), limit: limit + 1 });
    const page = toPage(rows, limit, (r) => [iso(r.opened_at)!, r.id]);
    // The list shows people's names: the read is recorded like any other.
    req.audit('case.list', 'case', null, { count: page.items.length, filters });
    return { items: page.items.map(toCaseSummary), nextCursor: page.nextCursor };
  });

  app.get('/cases/assignees', {
    config: work,
    schema: { tags: ['cases'], summary: 'Staff who can be assigned cases', response: { 200: ZStaffOptionList } },
  }, async (req) => {
    const rows = await req.em.execute<{ id: string; full_name: string; roles: string[] }[]>(
      `select u.id, u.full_name, m.roles from membership m join user_account u on u.id = m.user_id
        where m.provider_id = ? and u.status = 'active' and m.roles && '{case_manager,supervisor}'::text[] order by u.full_name`,
      [req.tenantId],
    );
    return { items: rows.map((r) => ({ id: r.id, fullName: r.full_name, roles: r.roles })) };
  });

  app.post('/beneficiaries/duplicates', {
    config: work,
    schema: { tags: ['cases'], summary: 'Possible duplicates of a person, before saving', body: ZDuplicateCheck, response: { 200: ZDuplicateResult } },
  }, async (req) => {
    const { matches, withheld, all } = await duplicateMatches(req, req.body);
    req.audit('beneficiary.duplicate_check', 'beneficiary', null, { matches: all.map((m) => m.id), withheld });
    return { matches, withheld };
  });

  app.post('/cases', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Open a case (intake): a new or known person, categories, consent', body: ZCaseCreate, response: { 201: ZCaseCreated } },
  }, async (req, reply) => {
    const result = await openCase(req, { ...req.body, source: { kind: 'intake' } });
    reply.code(201);
    return result;
  });

  app.get('/cases/:id', {
    config: work,
    schema: { tags: ['cases'], summary: 'One case', params: ZIdParams, response: { 200: ZCase } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    req.audit('case.read', 'case', c.id, { beneficiaryId: c.beneficiaryId });
    return caseView(req, c);
  });

  app.patch('/cases/:id', {
    config: work,
    schema: { tags: ['cases'], summary: 'Edit a case’s categories', params: ZIdParams, body: ZCaseUpdate, response: { 200: ZCase } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id, { write: true });
    checkVersion(c, req.body.version);
    if (req.body.categories) c.categories = req.body.categories;
    req.audit('case.update', 'case', c.id, { categories: req.body.categories });
    await req.em.flush();
    return caseView(req, c);
  });

  app.post('/cases/:id/status', {
    config: work,
    schema: { tags: ['cases'], summary: 'Move a case along its lifecycle; closing needs an outcome', params: ZIdParams, body: ZCaseStatusChange, response: { 200: ZCase } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    checkVersion(c, req.body.version);
    const { status, outcome, note } = req.body;
    if (!canTransition(c.status, status)) throw conflict('invalid_transition', `A case cannot go from ${c.status} to ${status}`);
    if (status === 'closed') {
      if (!outcome) throw unprocessable('outcome_required', 'Closing a case needs an outcome', [{ path: 'body.outcome', message: 'Required when closing' }]);
      if (outcome === 'transferred') throw unprocessable('outcome_reserved', 'A case is closed as transferred only by an accepted transfer', [{ path: 'body.outcome', message: 'Set by transfers only' }]);
      c.closureOutcome = outcome;
      c.closureNote = note ?? null;
      c.closedAt = req.server.clock();
    } else {
      if (outcome) throw unprocessable('outcome_not_allowed', 'An outcome is given only when closing', [{ path: 'body.outcome', message: 'Only when closing' }]);
      await requireConsent(req, c);
    }
    recordEvent(req, c, status === 'closed' ? 'closed' : 'status_changed', { from: c.status, to: status, outcome: outcome ?? null, note: note ?? null });
    req.audit('case.status', 'case', c.id, { from: c.status, to: status, outcome });
    c.status = status;
    await req.em.flush();
    return caseView(req, c);
  });

  app.post('/cases/:id/assign', {
    config: supervise,
    schema: { tags: ['cases'], summary: 'Assign or reassign a case to a case manager', params: ZIdParams, body: ZCaseAssign, response: { 200: ZCase } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id, { write: true });
    checkVersion(c, req.body.version);
    await assertAssignee(req, req.body.assigneeId);
    recordEvent(req, c, 'assigned', { from: c.assigneeId, to: req.body.assigneeId });
    req.audit('case.assign', 'case', c.id, { from: c.assigneeId, to: req.body.assigneeId });
    c.assigneeId = req.body.assigneeId;
    // Open steps the previous manager owned follow the case.
    await req.em.execute(
      `update plan_step set owner_id = ?, version = version + 1, updated_at = now()
        where provider_id = ? and case_id = ? and status in ('planned', 'in_progress') and owner_id is distinct from ? and owner_id in (
          select user_id from membership where provider_id = ? and not ('supervisor' = any(roles)))`,
      [req.body.assigneeId, c.providerId, c.id, req.body.assigneeId, c.providerId],
    );
    await req.em.flush();
    return caseView(req, c);
  });

  app.post('/cases/:id/reopen', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Reopen a closed case as a new episode linked to it', params: ZIdParams, body: ZCaseReopen, response: { 201: ZCaseCreated } },
  }, async (req, reply) => {
    const old = await loadCase(req, req.params.id);
    if (old.status !== 'closed') throw conflict('case_open', 'Only a closed case can be reopened');
    if (old.closureOutcome === 'transferred') throw conflict('case_transferred', 'This case moved to another provider');
    if (await req.em.count(SupportCase, { previousCaseId: old.id })) throw conflict('already_reopened', 'This case was already reopened');
    const result = await openCase(req, {
      beneficiaryId: old.beneficiaryId, categories: old.categories as CaseCategory[],
      assigneeId: isSupervisor(req) ? old.assigneeId : req.actor!.userId, source: { kind: 'reopen', previousCaseId: old.id },
    });
    recordEvent(req, old, 'reopened', { newCaseId: result.caseId, reason: req.body.reason });
    await req.em.flush();
    reply.code(201);
    return result;
  });

  app.post('/cases/:id/contacts', {
    config: work,
    schema: { tags: ['cases'], summary: 'Record contact made with the family', params: ZIdParams, body: ZContactBody, response: { 200: ZCase } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id, { write: true });
    const at = req.body.at ? new Date(req.body.at) : req.server.clock();
    if (at > req.server.clock()) throw unprocessable('contact_in_future', 'A contact cannot be in the future', [{ path: 'body.at', message: 'In the future' }]);
    recordContact(req, c, at);
    recordEvent(req, c, 'contact', { at: at.toISOString(), note: req.body.note ?? null });
    req.audit('case.contact', 'case', c.id);
    await req.em.flush();
    return caseView(req, c);
  });

  app.get('/cases/:id/history', {
    config: work,
    schema: { tags: ['cases'], summary: 'The case’s timeline', params: ZIdParams, response: { 200: ZCaseEventList } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    const events = await req.em.find(CaseEvent, { caseId: c.id }, { orderBy: { at: 'desc', id: 'desc' }, limit: 500 });
    const names = await staffNames(req, events.map((e) => e.actorId));
    req.audit('case.history.read', 'case', c.id);
    return { items: events.map((e) => ({ id: e.id, kind: e.kind, at: iso(e.at)!, actorName: e.actorId ? names.get(e.actorId) ?? null : null, data: e.data ?? null })) };
  });

  // ---- the person ----
  app.get('/beneficiaries/:id', {
    config: work,
    schema: { tags: ['cases'], summary: 'One person (a merged-away id resolves to the surviving record)', params: ZIdParams, response: { 200: ZBeneficiary } },
  }, async (req) => {
    const { person, resolvedFrom } = await loadBeneficiary(req, req.params.id);
    req.audit('beneficiary.read', 'beneficiary', person.id, resolvedFrom ? { resolvedFrom } : undefined);
    return toBeneficiary(person, req.server.config.keyring, resolvedFrom);
  });

  app.patch('/beneficiaries/:id', {
    config: work,
    schema: { tags: ['cases'], summary: 'Edit a person', params: ZIdParams, body: ZBeneficiaryUpdate, response: { 200: ZBeneficiary } },
  }, async (req) => {
    const { person } = await loadBeneficiary(req, req.params.id);
    checkVersion(person, req.body.version);
    if (person.anonymisedAt) throw conflict('beneficiary_anonymised', 'This person’s record was anonymised');
    const { version: _v, rnokpp, ...changes } = req.body;
    const keyring = req.server.config.keyring;
    if (rnokpp) {
      const taken = await req.em.count(Beneficiary, { rnokppIndex: rnokppIndex(keyring, rnokpp), id: { $ne: person.id }, mergedIntoId: null });
      if (taken) throw conflict('duplicate_rnokpp', 'A person with this RNOKPP is already on file: merge the two records instead');
    }
    if (rnokpp !== undefined) Object.assign(person, sealRnokpp(keyring, rnokpp));
    await assertHromada(req, {
      oblastCode: changes.oblastCode === undefined ? person.oblastCode : changes.oblastCode,
      hromadaCode: changes.hromadaCode === undefined ? person.hromadaCode : changes.hromadaCode,
    });
    req.em.assign(person, changes);
    req.audit('beneficiary.update', 'beneficiary', person.id, { fields: Object.keys(changes) });
    await req.em.flush();
    // The case list shows the name without a join: keep it in step.
    await req.em.execute(`update support_case set beneficiary_name = ?, unit_code = ? where provider_id = ? and beneficiary_id = ?`,
      [displayName(person), person.unitCode, req.tenantId, person.id]);
    return toBeneficiary(person, keyring);
  });

  // ---- consent ----
  app.get('/beneficiaries/:id/consents', {
    config: work,
    schema: { tags: ['cases'], summary: 'A person’s consents, newest first', params: ZIdParams, response: { 200: ZConsentList } },
  }, async (req) => {
    const { person } = await loadBeneficiary(req, req.params.id);
    const consents = await req.em.find(Consent, { beneficiaryId: person.id }, { orderBy: { givenOn: 'desc', createdAt: 'desc' } });
    const names = await staffNames(req, consents.map((c) => c.recordedBy));
    req.audit('consent.read', 'beneficiary', person.id);
    const day = today(req.server.clock);
    return { items: consents.map((c) => toConsent(c, names, day)) };
  });

  app.post('/beneficiaries/:id/consents', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Record a consent', params: ZIdParams, body: ZConsentCreate, response: { 201: ZConsent } },
  }, async (req, reply) => {
    const { person } = await loadBeneficiary(req, req.params.id);
    const day = today(req.server.clock);
    if (req.body.givenOn > day) throw unprocessable('consent_in_future', 'Consent cannot be given in the future', [{ path: 'body.givenOn', message: 'In the future' }]);
    if (req.body.expiresOn && req.body.expiresOn < req.body.givenOn) throw unprocessable('consent_expiry_before_given', 'Expiry is before the consent was given', [{ path: 'body.expiresOn', message: 'Before the date given' }]);
    const consent = await recordConsent(req, person.id, req.body);
    const open = await req.em.find(SupportCase, { beneficiaryId: person.id, status: { $ne: 'closed' } });
    for (const c of open) recordEvent(req, c, 'consent_recorded', { method: consent.method });
    await req.em.flush();
    reply.code(201);
    return toConsent(consent, await staffNames(req, [consent.recordedBy]), day);
  });

  app.post('/consents/:id/withdraw', {
    config: work,
    schema: { tags: ['cases'], summary: 'Record the withdrawal of a consent', params: ZIdParams, body: ZConsentWithdraw, response: { 200: ZConsent } },
  }, async (req) => {
    const consent = await req.em.findOne(Consent, { id: req.params.id });
    if (!consent) throw notFound();
    await loadBeneficiary(req, consent.beneficiaryId);
    checkVersion(consent, req.body.version);
    if (consent.withdrawnOn) throw conflict('already_withdrawn', 'This consent was already withdrawn');
    if (req.body.withdrawnOn < consent.givenOn) throw unprocessable('withdrawal_before_given', 'Withdrawal is before the consent was given', [{ path: 'body.withdrawnOn', message: 'Before the date given' }]);
    consent.withdrawnOn = req.body.withdrawnOn;
    consent.withdrawalReason = req.body.reason;
    consent.withdrawnBy = req.actor!.userId;
    req.audit('consent.withdraw', 'consent', consent.id, { beneficiaryId: consent.beneficiaryId });
    await req.em.flush();
    return toConsent(consent, await staffNames(req, [consent.recordedBy]), today(req.server.clock));
  });

  // ---- family ----
  app.get('/cases/:id/family', {
    config: work,
    schema: { tags: ['cases'], summary: 'The family around the case’s person', params: ZIdParams, response: { 200: ZFamily } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    req.audit('family.read', 'case', c.id);
    return familyOf(req, c.beneficiaryId);
  });

  app.post('/cases/:id/family', {
    config: work,
    schema: { tags: ['cases'], summary: 'Link a relative (new or known) to the family', params: ZIdParams, body: ZFamilyAdd, response: { 200: ZFamily } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id, { write: true });
    const person = await req.em.findOneOrFail(Beneficiary, { id: c.beneficiaryId });
    const relative = req.body.relativeId
      ? (await loadBeneficiary(req, req.body.relativeId)).person
      : await createBeneficiary(req, req.body.relative!, req.body.confirmNew);
    if (relative.id === person.id) throw unprocessable('self_link', 'A person cannot be their own relative');
    // The family hangs off the service member: link the relative to them when the case is about a relative.
    const [memberLink] = person.isServiceMember ? [] : await req.em.find(FamilyLink, { relativeId: person.id }, { limit: 1 });
    const memberId = person.isServiceMember ? person.id : memberLink?.memberId ?? person.id;
    if (await req.em.count(FamilyLink, { memberId, relativeId: relative.id })) throw conflict('already_linked', 'This relative is already in the family');
    req.em.create(FamilyLink, { providerId: req.tenantId!, memberId, relativeId: relative.id, relation: req.body.relation });
    req.audit('family.link', 'beneficiary', relative.id, { memberId, relation: req.body.relation, caseId: c.id });
    await req.em.flush();
    return familyOf(req, c.beneficiaryId);
  });
}

/** The service member and the relatives linked to them, seen from any member of the family. */
async function familyOf(req: Parameters<typeof loadCase>[0], beneficiaryId: string) {
  const person = await req.em.findOneOrFail(Beneficiary, { id: beneficiaryId });
  const [up] = person.isServiceMember ? [] : await req.em.find(FamilyLink, { relativeId: person.id }, { limit: 1 });
  const memberId = up?.memberId ?? person.id;
  const links = await req.em.find(FamilyLink, { memberId }, { orderBy: { createdAt: 'asc' } });
  const people = await req.em.find(Beneficiary, { id: { $in: [memberId, ...links.map((l) => l.relativeId)] } });
  const byId = new Map(people.map((p) => [p.id, p]));
  const member = byId.get(memberId)!;
  const view = (p: typeof member, linkId: string, relation: (typeof links)[number]['relation'], role: 'service_member' | 'relative') => ({
    linkId, beneficiaryId: p.id, fullName: displayName(p), birthDate: p.birthDate ?? null, relation, role, militaryStatus: p.militaryStatus ?? null,
  });
  return {
    serviceMember: member.isServiceMember ? view(member, member.id, 'other', 'service_member') : null,
    members: links.filter((l) => byId.has(l.relativeId)).map((l) => view(byId.get(l.relativeId)!, l.id, l.relation, 'relative')),
  };
}

