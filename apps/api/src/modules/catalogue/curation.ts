import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LockMode } from '@mikro-orm/core';
import {
  ZIdParams, ZMeasure, ZMeasureCreate, ZMeasureVersionCreate, ZPlaybook, ZPlaybookCreate, ZPlaybookVersionCreate, ZRetire,
  type TPlaybookVersionCreate,
} from '@pilot/contracts';
import { addDays } from '@pilot/domain';
import { badRequest, conflict, notFound } from '../../lib/problems.ts';
import { today } from '../../lib/clock.ts';
import { Measure, MeasureVersion, Playbook, PlaybookVersion } from './entities.ts';
import { measureViews, playbookViews } from './routes.ts';

/**
 * The ministry curates the catalogue: new measures and playbooks, new versions of them from a
 * date (the version in force until then ends the day before, so past deliveries and plans keep
 * the wording they were recorded under), and retirement from a date. Versions never change once
 * written, and never start in the past: what was in force on a past day stays what it was.
 */
export default async function curationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalogue'];
  const cfg = { access: 'catalogue.manage' } as const;

  app.post('/catalogue/measures', {
    config: { ...cfg, idempotent: true },
    schema: { tags, summary: 'Add a measure to the catalogue', body: ZMeasureCreate, response: { 201: ZMeasure } },
  }, async (req, reply) => {
    const { code, validFrom, ...wording } = req.body;
    notInPast(req, validFrom);
    if (await req.em.count(Measure, { code })) throw conflict('code_taken', `Measure ${code} already exists`);
    const [{ next }] = await req.em.execute<{ next: number }[]>(`select coalesce(max(position), 0) + 1 as next from measure`) as [{ next: number }];
    const measure = req.em.create(Measure, { code, position: next });
    req.em.create(MeasureVersion, { measureId: measure.id, version: 1, validFrom, validTo: null, ...wording });
    req.audit('catalogue.measure_create', 'measure', measure.id, { code });
    await req.em.flush();
    reply.code(201);
    return (await measureViews(req, [measure]))[0]!;
  });

  app.post('/catalogue/measures/:id/versions', {
    config: { ...cfg, idempotent: true },
    schema: { tags, summary: 'A new version of a measure from a date', params: ZIdParams, body: ZMeasureVersionCreate, response: { 201: ZMeasure } },
  }, async (req, reply) => {
    const measure = await req.em.findOne(Measure, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!measure) throw notFound();
    if (measure.retiredAt) throw conflict('retired', 'A retired measure gets no new versions');
    const { validFrom, ...wording } = req.body;
    notInPast(req, validFrom);
    const latest = await req.em.findOneOrFail(MeasureVersion, { measureId: measure.id }, { orderBy: { version: 'desc' } });
    startsAfter(latest.validFrom, validFrom);
    latest.validTo = addDays(validFrom, -1);
    // The old version ends before the new one exists: the no-overlap constraint is immediate.
    await req.em.flush();
    req.em.create(MeasureVersion, { measureId: measure.id, version: latest.version + 1, validFrom, validTo: null, ...wording });
    req.audit('catalogue.measure_version', 'measure', measure.id, { version: latest.version + 1, validFrom });
    await req.em.flush();
    reply.code(201);
    return (await measureViews(req, [measure]))[0]!;
  });

  app.post('/catalogue/measures/:id/retire', {
    config: cfg,
    schema: { tags, summary: 'Retire a measure from a date (deliveries before it keep it)', params: ZIdParams, body: ZRetire, response: { 200: ZMeasure } },
  }, async (req) => {
    const measure = await req.em.findOne(Measure, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!measure) throw notFound();
    if (measure.retiredAt) throw conflict('retired', 'The measure is already retired');
    notInPast(req, req.body.from);
    const versions = await req.em.find(MeasureVersion, { measureId: measure.id }, { orderBy: { version: 'desc' } });
    endVersions(versions, req.body.from);
    measure.retiredAt = req.server.clock();
    req.audit('catalogue.measure_retire', 'measure', measure.id, { from: req.body.from });
    await req.em.flush();
    return (await measureViews(req, [measure]))[0]!;
  });

  app.post('/catalogue/playbooks', {
    config: { ...cfg, idempotent: true },
    schema: { tags, summary: 'Add a playbook', body: ZPlaybookCreate, response: { 201: ZPlaybook } },
  }, async (req, reply) => {
    const { code, ...fields } = req.body;
    notInPast(req, fields.validFrom);
    if (await req.em.count(Playbook, { code })) throw conflict('code_taken', `Playbook ${code} already exists`);
    await assertStepMeasures(req, fields);
    const playbook = req.em.create(Playbook, { code });
    req.em.create(PlaybookVersion, { playbookId: playbook.id, version: 1, validTo: null, ...fields });
    req.audit('catalogue.playbook_create', 'playbook', playbook.id, { code });
    await req.em.flush();
    reply.code(201);
    return (await playbookViews(req, [playbook]))[0]!;
  });

  app.post('/catalogue/playbooks/:id/versions', {
    config: { ...cfg, idempotent: true },
    schema: { tags, summary: 'A new version of a playbook from a date', params: ZIdParams, body: ZPlaybookVersionCreate, response: { 201: ZPlaybook } },
  }, async (req, reply) => {
    const playbook = await req.em.findOne(Playbook, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!playbook) throw notFound();
    if (playbook.retiredAt) throw conflict('retired', 'A retired playbook gets no new versions');
    notInPast(req, req.body.validFrom);
    await assertStepMeasures(req, req.body);
    const latest = await req.em.findOneOrFail(PlaybookVersion, { playbookId: playbook.id }, { orderBy: { version: 'desc' } });
    startsAfter(latest.validFrom, req.body.validFrom);
    latest.validTo = addDays(req.body.validFrom, -1);
    await req.em.flush();
    req.em.create(PlaybookVersion, { playbookId: playbook.id, version: latest.version + 1, validTo: null, ...req.body });
    req.audit('catalogue.playbook_version', 'playbook', playbook.id, { version: latest.version + 1, validFrom: req.body.validFrom });
    await req.em.flush();
    reply.code(201);
    return (await playbookViews(req, [playbook]))[0]!;
  });

  app.post('/catalogue/playbooks/:id/retire', {
    config: cfg,
    schema: { tags, summary: 'Retire a playbook from a date (plans made from it keep their steps)', params: ZIdParams, body: ZRetire, response: { 200: ZPlaybook } },
  }, async (req) => {
    const playbook = await req.em.findOne(Playbook, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!playbook) throw notFound();
    if (playbook.retiredAt) throw conflict('retired', 'The playbook is already retired');
    notInPast(req, req.body.from);
    endVersions(await req.em.find(PlaybookVersion, { playbookId: playbook.id }, { orderBy: { version: 'desc' } }), req.body.from);
    playbook.retiredAt = req.server.clock();
    req.audit('catalogue.playbook_retire', 'playbook', playbook.id, { from: req.body.from });
    await req.em.flush();
    return (await playbookViews(req, [playbook]))[0]!;
  });
}

/** A version or a retirement takes effect today or later: the past stays as it was recorded. */
function notInPast(req: FastifyRequest, date: string) {
  if (date < today(req.server.clock)) {
    const path = 'from' in (req.body as object) ? 'body.from' : 'body.validFrom';
    throw badRequest('Changes to the catalogue take effect today or later', [{ path, message: 'In the past' }]);
  }
}

function startsAfter(previousFrom: string, validFrom: string) {
  if (validFrom <= previousFrom) {
    throw conflict('version_overlap', `A new version must start after the latest one (from ${previousFrom})`);
  }
}

/** Ends every version still in force on or after `from` the day before it. */
function endVersions(versions: { validFrom: string; validTo?: string | null }[], from: string) {
  const lastDay = addDays(from, -1);
  for (const v of versions) {
    if (v.validFrom > lastDay) throw conflict('version_pending', 'A version starts on or after that date; retire from a later date');
    if (v.validTo == null || v.validTo > lastDay) v.validTo = lastDay;
  }
}

/** Each step names a measure of the catalogue that is not retired. */
async function assertStepMeasures(req: FastifyRequest, body: Pick<TPlaybookVersionCreate, 'steps'>) {
  const codes = [...new Set(body.steps.map((s) => s.measureCode))];
  const known = await req.em.find(Measure, { code: { $in: codes }, retiredAt: null });
  body.steps.forEach((s, i) => {
    if (!known.some((m) => m.code === s.measureCode)) {
      throw badRequest('A step names a measure that is not in the catalogue', [{ path: `body.steps.${i}.measureCode`, message: 'Unknown or retired measure' }]);
    }
  });
}
