import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZHromadaList, ZHromadaQuery, ZIdParams, ZMeasure, ZMeasureList, ZPlaybook, ZPlaybookList, type TMeasure, type TPlaybook } from '@pilot/contracts';
import type { CaseCategory } from '@pilot/domain';
import { notFound } from '../../lib/problems.ts';
import { today } from '../../lib/clock.ts';
import { Measure, MeasureVersion, Playbook, PlaybookVersion, type IMeasure, type IPlaybook } from './entities.ts';

const inForce = (v: { validFrom: string; validTo?: string | null }, day: string) => v.validFrom <= day && (v.validTo == null || v.validTo >= day);

export async function measureViews(req: FastifyRequest, measures: IMeasure[]): Promise<TMeasure[]> {
  const day = today(req.server.clock);
  const versions = await req.em.find(MeasureVersion, { measureId: { $in: measures.map((m) => m.id) } }, { orderBy: { version: 'desc' } });
  return measures.map((m) => {
    const mine = versions.filter((v) => v.measureId === m.id).map((v) => ({
      id: v.id, version: v.version, nameUk: v.nameUk, nameEn: v.nameEn, descriptionUk: v.descriptionUk, descriptionEn: v.descriptionEn,
      validFrom: v.validFrom, validTo: v.validTo ?? null,
    }));
    return { id: m.id, code: m.code, retired: m.retiredAt != null, current: mine.find((v) => inForce(v, day)) ?? null, versions: mine };
  });
}

export async function playbookViews(req: FastifyRequest, playbooks: IPlaybook[]): Promise<TPlaybook[]> {
  const day = today(req.server.clock);
  const versions = await req.em.find(PlaybookVersion, { playbookId: { $in: playbooks.map((p) => p.id) } }, { orderBy: { version: 'desc' } });
  return playbooks.flatMap((p) => {
    const v = versions.find((x) => x.playbookId === p.id && inForce(x, day)) ?? versions.find((x) => x.playbookId === p.id);
    if (!v) return [];
    return [{
      id: p.id, code: p.code, retired: p.retiredAt != null, versionId: v.id, version: v.version, titleUk: v.titleUk, titleEn: v.titleEn,
      descriptionUk: v.descriptionUk, descriptionEn: v.descriptionEn, categories: v.categories as CaseCategory[], steps: v.steps,
      checklist: v.checklist, validFrom: v.validFrom, validTo: v.validTo ?? null,
    }];
  });
}

const UK_ORDER = new Intl.Collator('uk');

/** The ministry's service catalogue, playbooks and hromadas, read by every signed-in person. */
export default async function catalogueRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'catalogue.read' } as const;

  app.get('/catalogue/measures', {
    config: cfg,
    schema: { tags: ['catalogue'], summary: 'The pilot’s measures with their versions', response: { 200: ZMeasureList } },
  }, async (req) => ({ items: await measureViews(req, await req.em.find(Measure, {}, { orderBy: { position: 'asc' } })) }));

  app.get('/catalogue/measures/:id', {
    config: cfg,
    schema: { tags: ['catalogue'], summary: 'One measure with its versions', params: ZIdParams, response: { 200: ZMeasure } },
  }, async (req) => {
    const m = await req.em.findOne(Measure, { id: req.params.id });
    if (!m) throw notFound();
    return (await measureViews(req, [m]))[0]!;
  });

  app.get('/catalogue/playbooks', {
    config: cfg,
    schema: { tags: ['catalogue'], summary: 'Playbooks (алгоритми) in their current version', response: { 200: ZPlaybookList } },
  }, async (req) => ({ items: await playbookViews(req, await req.em.find(Playbook, {}, { orderBy: { code: 'asc' } })) }));

  app.get('/catalogue/playbooks/:id', {
    config: cfg,
    schema: { tags: ['catalogue'], summary: 'One playbook', params: ZIdParams, response: { 200: ZPlaybook } },
  }, async (req) => {
    const p = await req.em.findOne(Playbook, { id: req.params.id });
    const [view] = p ? await playbookViews(req, [p]) : [];
    if (!view) throw notFound();
    return view;
  });

  app.get('/catalogue/hromadas', {
    config: cfg,
    schema: { tags: ['catalogue'], summary: 'Hromadas of the KATOTTG codifier (1,471: ask for one oblast\'s), by raion', querystring: ZHromadaQuery, response: { 200: ZHromadaList } },
  }, async (req) => {
    const rows = await req.em.execute<{ code: string; oblast_code: string; raion_uk: string | null; raion_en: string | null; name_uk: string; name_en: string }[]>(
      `select code, oblast_code, raion_uk, raion_en, name_uk, name_en from hromada ${req.query.oblast ? 'where oblast_code = ?' : ''}
        order by oblast_code, code`,
      req.query.oblast ? [req.query.oblast] : [],
    );
    // In Ukrainian alphabetical order (І after И), which the database's collation may not know.
    const key = (r: (typeof rows)[number]) => [r.oblast_code, r.raion_uk ?? '', r.name_uk] as const;
    rows.sort((a, b) => key(a).reduce((d, v, i) => d || UK_ORDER.compare(v, key(b)[i]!), 0));
    return { items: rows.map((r) => ({ code: r.code, oblastCode: r.oblast_code, raionUk: r.raion_uk, raionEn: r.raion_en, nameUk: r.name_uk, nameEn: r.name_en })) };
  });
}
