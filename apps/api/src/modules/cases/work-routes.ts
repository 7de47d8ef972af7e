import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZAssessment, ZAssessmentCreate, ZAssessmentList, ZDelivery, ZDeliveryCreate, ZDeliveryPage, ZIdParams, ZNote, ZNoteCreate,
  ZNotePage, ZPageQuery, ZPlan, ZPlanFromPlaybooks, ZPlanStep, ZPlanStepCreate, ZPlanStepUpdate, type TDelivery, type TPlan, type TPlanStep,
} from '@pilot/contracts';
import { addDays, isOverdue, localDate, type StepOwnerRole } from '@pilot/domain';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { Measure, MeasureVersion, Playbook, PlaybookVersion } from '../catalogue/entities.ts';
import { Assessment, CaseNote, PlanStep, ServiceDelivery, SupportPlan, type IPlanStep, type ISupportCase } from './entities.ts';
import { assertAssignee, checkVersion, isSupervisor, loadCase, recordContact, recordEvent, requireConsent } from './service.ts';
import { staffNames } from './views.ts';
import { openNote, sealNote } from './pii.ts';

const work = { access: 'cases.work' } as const;

/** The support plan of a case with its steps, overdue flags and owners' names. */
export async function planOf(req: FastifyRequest, c: ISupportCase): Promise<TPlan> {
  const plan = await req.em.findOne(SupportPlan, { caseId: c.id });
  const steps = plan ? await req.em.find(PlanStep, { planId: plan.id }, { orderBy: { position: 'asc' } }) : [];
  const names = await staffNames(req, steps.map((s) => s.ownerId));
  const codes = await measureCodes(req, steps.map((s) => s.measureId));
  const day = today(req.server.clock);
  return {
    id: plan?.id ?? null, caseId: c.id, version: plan?.version ?? null, playbookVersionIds: plan?.playbookVersionIds ?? [],
    steps: steps.map((s) => toStep(s, names, codes, day)),
  };
}

async function measureCodes(req: FastifyRequest, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((x): x is string => Boolean(x));
  if (!wanted.length) return new Map();
  return new Map((await req.em.find(Measure, { id: { $in: wanted } })).map((m) => [m.id, m.code]));
}

const toStep = (s: IPlanStep, names: Map<string, string>, codes: Map<string, string>, day: string): TPlanStep => ({
  id: s.id, position: s.position, title: s.title, measureId: s.measureId ?? null, measureCode: s.measureId ? codes.get(s.measureId) ?? null : null,
  ownerId: s.ownerId ?? null, ownerName: s.ownerId ? names.get(s.ownerId) ?? null : null, dueOn: s.dueOn ?? null, status: s.status,
  cancelReason: s.cancelReason ?? null, overdue: isOverdue(s, day), documents: s.documents, playbookVersionId: s.playbookVersionId ?? null, version: s.version,
});

/** The plan of a case, created on first use; an edit of an existing plan must name its version. */
async function planForEdit(req: FastifyRequest, c: ISupportCase, version: number | null) {
  const existing = await req.em.findOne(SupportPlan, { caseId: c.id });
  if (existing) {
    if (version === null) throw conflict('edit_conflict', 'The plan exists already; send its version');
    checkVersion(existing, version);
    existing.updatedAt = new Date();
    return existing;
  }
  return req.em.create(SupportPlan, { providerId: c.providerId, caseId: c.id, playbookVersionIds: [] });
}

/** The version of a measure in force on a day: what a delivery records. */
async function measureVersionOn(req: FastifyRequest, measureId: string, day: string) {
  const measure = await req.em.findOne(Measure, { id: measureId });
  if (!measure) throw unprocessable('unknown_measure', 'No such measure in the catalogue', [{ path: 'body.measureId', message: 'Unknown measure' }]);
  const version = await req.em.findOne(MeasureVersion, {
    measureId, validFrom: { $lte: day }, $or: [{ validTo: null }, { validTo: { $gte: day } }],
  });
  if (!version) throw unprocessable('measure_not_in_force', 'The measure was not in force on that date', [{ path: 'body.measureId', message: 'Not in force on that date' }]);
  return { measure, version };
}

async function stepOfCase(req: FastifyRequest, c: ISupportCase, stepId: string | null | undefined, path: string) {
  if (!stepId) return null;
  const step = await req.em.findOne(PlanStep, { id: stepId, caseId: c.id });
  if (!step) throw unprocessable('unknown_step', 'The plan step is not part of this case', [{ path, message: 'Not a step of this case' }]);
  return step;
}

export default async function caseWorkRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  // ---- needs assessment ----
  app.get('/cases/:id/assessments', {
    config: work,
    schema: { tags: ['cases'], summary: 'Needs assessments of a case, newest first (reassessments keep history)', params: ZIdParams, response: { 200: ZAssessmentList } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    const rows = await req.em.find(Assessment, { caseId: c.id }, { orderBy: { assessedOn: 'desc', createdAt: 'desc' } });
    const names = await staffNames(req, rows.map((a) => a.assessorId));
    req.audit('assessment.read', 'case', c.id);
    return {
      items: rows.map((a) => ({
        id: a.id, assessedOn: a.assessedOn, assessorName: names.get(a.assessorId) ?? '—',
        needs: a.needs.map((n) => ({ domain: n.domain, severity: n.severity, note: n.note ?? null })),
        summary: a.summary ?? null, reviewDueOn: a.reviewDueOn ?? null, createdAt: iso(a.createdAt)!,
      })),
    };
  });

  app.post('/cases/:id/assessments', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Record a needs assessment (or a reassessment)', params: ZIdParams, body: ZAssessmentCreate, response: { 201: ZAssessment } },
  }, async (req, reply) => {
    const c = await loadCase(req, req.params.id, { write: true });
    await requireConsent(req, c);
    const day = today(req.server.clock);
    if (req.body.assessedOn > day) throw unprocessable('date_in_future', 'An assessment cannot be in the future', [{ path: 'body.assessedOn', message: 'In the future' }]);
    if (req.body.reviewDueOn && req.body.reviewDueOn < req.body.assessedOn) throw unprocessable('review_before_assessment', 'The review is due before the assessment', [{ path: 'body.reviewDueOn', message: 'Before the assessment' }]);
    const a = req.em.create(Assessment, {
      providerId: c.providerId, caseId: c.id, assessedOn: req.body.assessedOn, assessorId: req.actor!.userId,
      needs: req.body.needs.map((n) => ({ domain: n.domain, severity: n.severity, note: n.note ?? null })),
      summary: req.body.summary ?? null, reviewDueOn: req.body.reviewDueOn ?? null,
    });
    // Assessing a case at intake moves it to assessment: the assessment itself is the evidence.
    if (c.status === 'intake') {
      recordEvent(req, c, 'status_changed', { from: 'intake', to: 'assessment' });
      c.status = 'assessment';
    }
    recordEvent(req, c, 'assessment_recorded', { assessmentId: a.id });
    req.audit('assessment.create', 'case', c.id, { assessmentId: a.id });
    await req.em.flush();
    reply.code(201);
    return {
      id: a.id, assessedOn: a.assessedOn, assessorName: (await staffNames(req, [a.assessorId])).get(a.assessorId) ?? '—',
      needs: a.needs.map((n) => ({ domain: n.domain, severity: n.severity, note: n.note })), summary: a.summary ?? null,
      reviewDueOn: a.reviewDueOn ?? null, createdAt: iso(a.createdAt)!,
    };
  });

  // ---- support plan ----
  app.get('/cases/:id/plan', {
    config: work,
    schema: { tags: ['cases'], summary: 'The support plan of a case', params: ZIdParams, response: { 200: ZPlan } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    req.audit('plan.read', 'case', c.id);
    return planOf(req, c);
  });

  app.post('/cases/:id/plan/playbooks', {
    config: work,
    schema: { tags: ['cases'], summary: 'Add the steps of one or more playbooks to the plan', params: ZIdParams, body: ZPlanFromPlaybooks, response: { 200: ZPlan } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id, { write: true });
    await requireConsent(req, c);
    const plan = await planForEdit(req, c, req.body.version);
    const start = req.body.startOn ?? today(req.server.clock);
    let position = await req.em.count(PlanStep, { planId: plan.id });
    for (const playbookId of [...new Set(req.body.playbookIds)]) {
      const playbook = await req.em.findOne(Playbook, { id: playbookId, retiredAt: null });
      const version = playbook && await req.em.findOne(PlaybookVersion, {
        playbookId, validFrom: { $lte: start }, $or: [{ validTo: null }, { validTo: { $gte: start } }],
      });
      if (!version) throw unprocessable('unknown_playbook', 'No such playbook in force', [{ path: 'body.playbookIds', message: 'Unknown or retired playbook' }]);
      if (plan.playbookVersionIds.includes(version.id)) throw conflict('playbook_already_applied', 'This playbook is already in the plan');
      const measures = await req.em.find(Measure, { code: { $in: version.steps.map((s) => s.measureCode) } });
      const byCode = new Map(measures.map((m) => [m.code, m.id]));
      for (const s of version.steps) {
        req.em.create(PlanStep, {
          providerId: c.providerId, planId: plan.id, caseId: c.id, position: position++,
          title: req.headers['accept-language']?.startsWith('en') ? s.titleEn : s.titleUk,
          measureId: byCode.get(s.measureCode) ?? null, ownerId: ownerFor(req, c, s.ownerRole), dueOn: addDays(start, s.offsetDays),
          documents: s.documents.map((d) => ({ name: req.headers['accept-language']?.startsWith('en') ? d.en : d.uk, received: false, receivedOn: null })),
          playbookVersionId: version.id,
        });
      }
      plan.playbookVersionIds = [...plan.playbookVersionIds, version.id];
    }
    recordEvent(req, c, 'plan_changed', { playbooks: req.body.playbookIds });
    req.audit('plan.apply_playbooks', 'case', c.id, { playbookIds: req.body.playbookIds });
    await req.em.flush();
    return planOf(req, c);
  });

  app.post('/cases/:id/plan/steps', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Add a step by hand', params: ZIdParams, body: ZPlanStepCreate, response: { 201: ZPlanStep } },
  }, async (req, reply) => {
    const c = await loadCase(req, req.params.id, { write: true });
    await requireConsent(req, c);
    const existing = await req.em.findOne(SupportPlan, { caseId: c.id });
    const plan = existing ?? req.em.create(SupportPlan, { providerId: c.providerId, caseId: c.id, playbookVersionIds: [] });
    if (req.body.measureId && !(await req.em.count(Measure, { id: req.body.measureId }))) {
      throw unprocessable('unknown_measure', 'No such measure in the catalogue', [{ path: 'body.measureId', message: 'Unknown measure' }]);
    }
    const ownerId = req.body.ownerId === undefined ? c.assigneeId : req.body.ownerId;
    if (ownerId && ownerId !== c.assigneeId) await assertAssignee(req, ownerId);
    const step = req.em.create(PlanStep, {
      providerId: c.providerId, planId: plan.id, caseId: c.id, position: await req.em.count(PlanStep, { planId: plan.id }),
      title: req.body.title, measureId: req.body.measureId ?? null, ownerId, dueOn: req.body.dueOn ?? null,
      documents: req.body.documents.map((name) => ({ name, received: false, receivedOn: null })), playbookVersionId: null,
    });
    recordEvent(req, c, 'plan_changed', { added: step.id });
    req.audit('plan.step_create', 'plan_step', step.id, { caseId: c.id });
    await req.em.flush();
    reply.code(201);
    return toStep(step, await staffNames(req, [ownerId]), await measureCodes(req, [step.measureId]), today(req.server.clock));
  });

  app.patch('/plan-steps/:id', {
    config: work,
    schema: { tags: ['cases'], summary: 'Update a plan step: status, owner, due date, documents received', params: ZIdParams, body: ZPlanStepUpdate, response: { 200: ZPlanStep } },
  }, async (req) => {
    const step = await req.em.findOne(PlanStep, { id: req.params.id });
    if (!step) throw notFound();
    const c = await loadCase(req, step.caseId, { write: true });
    checkVersion(step, req.body.version);
    const { status, cancelReason, ownerId, dueOn, title, documents } = req.body;
    if (status === 'cancelled' && !cancelReason) throw unprocessable('cancel_reason_required', 'Cancelling a step needs a reason', [{ path: 'body.cancelReason', message: 'Required when cancelling' }]);
    if (status && status !== step.status) {
      if (step.status === 'done' || step.status === 'cancelled') throw conflict('step_finished', 'A finished step does not change status');
      step.status = status;
      step.completedAt = status === 'done' ? req.server.clock() : null;
      step.cancelReason = status === 'cancelled' ? cancelReason! : null;
    }
    if (ownerId !== undefined) {
      if (ownerId) await assertAssignee(req, ownerId);
      step.ownerId = ownerId;
    }
    if (dueOn !== undefined) step.dueOn = dueOn;
    if (title) step.title = title;
    if (documents) {
      const day = today(req.server.clock);
      const before = new Map(step.documents.map((d) => [d.name, d]));
      step.documents = documents.map((d) => ({ name: d.name, received: d.received, receivedOn: d.received ? before.get(d.name)?.receivedOn ?? day : null }));
    }
    recordEvent(req, c, 'plan_changed', { step: step.id, status: status ?? null });
    req.audit('plan.step_update', 'plan_step', step.id, { caseId: c.id, fields: Object.keys(req.body).filter((k) => k !== 'version') });
    await req.em.flush();
    return toStep(step, await staffNames(req, [step.ownerId]), await measureCodes(req, [step.measureId]), today(req.server.clock));
  });

  // ---- service deliveries ----
  app.get('/cases/:id/deliveries', {
    config: work,
    schema: { tags: ['cases'], summary: 'Service deliveries of a case, newest first', params: ZIdParams, querystring: ZPageQuery, response: { 200: ZDeliveryPage } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    const after = decodeCursor(req.query.cursor, ['date', 'uuid']);
    const rows = await req.em.execute<DeliveryRow[]>(
      `${DELIVERY_SELECT} where d.provider_id = ? and d.case_id = ?
         ${after ? `and (d.delivered_on, d.id) < (?::date, ?::uuid)` : ''}
       order by d.delivered_on desc, d.id desc limit ?`,
      [c.providerId, c.id, ...(after ?? []), req.query.limit + 1],
    );
    req.audit('delivery.read', 'case', c.id);
    const page = toPage(rows, req.query.limit, (r) => [r.delivered_on, r.id]);
    return { items: page.items.map(toDelivery), nextCursor: page.nextCursor };
  });

  app.post('/cases/:id/deliveries', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Record a service delivery', params: ZIdParams, body: ZDeliveryCreate, response: { 201: ZDelivery } },
  }, async (req, reply) => {
    const c = await loadCase(req, req.params.id, { write: true });
    await requireConsent(req, c);
    const b = req.body;
    if (b.deliveredOn > today(req.server.clock)) throw unprocessable('date_in_future', 'A delivery cannot be in the future', [{ path: 'body.deliveredOn', message: 'In the future' }]);
    if (b.deliveredOn < localDate(c.openedAt)) throw unprocessable('before_case_opened', 'The delivery is dated before the case was opened', [{ path: 'body.deliveredOn', message: 'Before the case opened' }]);
    const { measure, version } = await measureVersionOn(req, b.measureId, b.deliveredOn);
    const step = await stepOfCase(req, c, b.planStepId, 'body.planStepId');
    const d = req.em.create(ServiceDelivery, {
      providerId: c.providerId, caseId: c.id, measureId: measure.id, measureVersionId: version.id, deliveredOn: b.deliveredOn,
      durationMinutes: b.durationMinutes, mode: b.mode, deliveredBy: req.actor!.userId, outcome: b.outcome, planStepId: step?.id ?? null,
      transferredFrom: null,
    });
    if (step?.status === 'planned') step.status = 'in_progress';
    recordContact(req, c, new Date(`${b.deliveredOn}T12:00:00Z`));
    recordEvent(req, c, 'delivery_recorded', { deliveryId: d.id, measure: measure.code });
    req.audit('delivery.create', 'service_delivery', d.id, { caseId: c.id, measure: measure.code });
    await req.em.flush();
    const [row] = await req.em.execute<DeliveryRow[]>(`${DELIVERY_SELECT} where d.provider_id = ? and d.id = ?`, [c.providerId, d.id]);
    reply.code(201);
    return toDelivery(row!);
  });

  // ---- notes ----
  app.get('/cases/:id/notes', {
    config: work,
    schema: { tags: ['cases'], summary: 'Notes of a case (sensitive ones: author and supervisors only)', params: ZIdParams, querystring: ZPageQuery, response: { 200: ZNotePage } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    const after = decodeCursor(req.query.cursor, ['time', 'uuid']);
    const where: Record<string, unknown> = { caseId: c.id };
    if (!isSupervisor(req)) where.$or = [{ sensitive: false }, { authorId: req.actor!.userId }];
    if (after) where.$and = [{ $or: [{ createdAt: { $lt: new Date(String(after[0])) } }, { createdAt: new Date(String(after[0])), id: { $lt: after[1] } }] }];
    const rows = await req.em.find(CaseNote, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: req.query.limit + 1 });
    const names = await staffNames(req, rows.map((n) => n.authorId));
    req.audit('note.read', 'case', c.id);
    const page = toPage(rows, req.query.limit, (n) => [iso(n.createdAt)!, n.id]);
    const keyring = req.server.config.keyring;
    return { items: page.items.map((n) => ({ id: n.id, authorName: names.get(n.authorId) ?? null, body: openNote(keyring, n), sensitive: n.sensitive, createdAt: iso(n.createdAt)! })), nextCursor: page.nextCursor };
  });

  app.post('/cases/:id/notes', {
    config: { ...work, idempotent: true },
    schema: { tags: ['cases'], summary: 'Add a note', params: ZIdParams, body: ZNoteCreate, response: { 201: ZNote } },
  }, async (req, reply) => {
    const c = await loadCase(req, req.params.id, { write: true });
    const n = req.em.create(CaseNote, {
      providerId: c.providerId, caseId: c.id, authorId: req.actor!.userId, sensitive: req.body.sensitive, createdAt: req.server.clock(),
      body: sealNote(req.server.config.keyring, req.body.body, req.body.sensitive),
    });
    req.audit('note.create', 'case_note', n.id, { caseId: c.id, sensitive: n.sensitive });
    await req.em.flush();
    reply.code(201);
    return { id: n.id, authorName: (await staffNames(req, [n.authorId])).get(n.authorId) ?? null, body: req.body.body, sensitive: n.sensitive, createdAt: iso(n.createdAt)! };
  });
}

/** Who owns a step made from a playbook: the case's manager, or the supervisor doing the planning for supervisor steps. */
function ownerFor(req: FastifyRequest, c: ISupportCase, role: StepOwnerRole): string | null {
  if (role === 'supervisor' && isSupervisor(req)) return req.actor!.userId;
  return c.assigneeId ?? null;
}

interface DeliveryRow {
  id: string; measure_id: string; code: string; measure_version_id: string; version: number; name_uk: string; name_en: string;
  delivered_on: string; duration_minutes: number; mode: TDelivery['mode']; delivered_by_name: string | null; outcome: string;
  plan_step_id: string | null; transferred_from: string | null; created_at: Date;
}
const DELIVERY_SELECT = `select d.id, d.measure_id, m.code, d.measure_version_id, v.version, v.name_uk, v.name_en, d.delivered_on::text as delivered_on,
    d.duration_minutes, d.mode, u.full_name as delivered_by_name, d.outcome, d.plan_step_id, d.transferred_from, d.created_at
  from service_delivery d join measure m on m.id = d.measure_id join measure_version v on v.id = d.measure_version_id
  left join user_account u on u.id = d.delivered_by`;
const toDelivery = (r: DeliveryRow): TDelivery => ({
  id: r.id, measureId: r.measure_id, measureCode: r.code, measureVersionId: r.measure_version_id, measureVersion: r.version,
  measureNameUk: r.name_uk, measureNameEn: r.name_en, deliveredOn: r.delivered_on, durationMinutes: r.duration_minutes, mode: r.mode,
  deliveredByName: r.delivered_by_name, outcome: r.outcome, planStepId: r.plan_step_id, transferred: r.transferred_from !== null, createdAt: iso(r.created_at)!,
});
