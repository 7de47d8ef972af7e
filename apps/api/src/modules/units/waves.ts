import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ZIdParams, ZWave, ZWaveCreate, ZWaveList, ZWaveUnitAdd, ZWaveUnitParams, ZWaveUpdate, type TWave } from '@pilot/contracts';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { MilitaryUnit, PilotWave, PilotWaveUnit } from './entities.ts';

interface WaveRow { id: string; name: string; starts_on: string; max_units: number | null; created_at: Date; units: TWave['units'] }

const WAVE_SELECT = `select w.id, w.name, w.starts_on::text, w.max_units, w.created_at,
    coalesce((select json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name) order by u.code)
      from pilot_wave_unit wu join military_unit u on u.id = wu.unit_id where wu.wave_id = w.id), '[]') as units
  from pilot_wave w`;

const toWave = (r: WaveRow): TWave => ({
  id: r.id, name: r.name, startsOn: r.starts_on, maxUnits: r.max_units, createdAt: iso(r.created_at)!, units: r.units,
});

async function loadWave(req: FastifyRequest, id: string): Promise<TWave> {
  const [row] = await req.em.execute<WaveRow[]>(`${WAVE_SELECT} where w.id = ?`, [id]);
  if (!row) throw notFound();
  return toWave(row);
}

const nameTaken = (name: string) => conflict('wave_name_taken', `A wave named "${name}" already exists`);

/** Pilot waves: the named sets of units that joined the pilot together (ministry only). */
export default async function waveRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'pilot.manage' } as const;

  app.get('/waves', {
    config: cfg,
    schema: { tags: ['waves'], summary: 'Every pilot wave with its units, in order', response: { 200: ZWaveList } },
  }, async (req) => ({ items: (await req.em.execute<WaveRow[]>(`${WAVE_SELECT} order by w.starts_on, w.name`)).map(toWave) }));

  app.post('/waves', {
    config: { ...cfg, idempotent: true },
    schema: { tags: ['waves'], summary: 'Start a wave', body: ZWaveCreate, response: { 201: ZWave } },
  }, async (req, reply) => {
    const wave = req.em.create(PilotWave, { ...req.body, maxUnits: req.body.maxUnits ?? null });
    try {
      await req.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw nameTaken(req.body.name);
      throw err;
    }
    req.audit('wave.create', 'wave', wave.id);
    reply.code(201);
    return loadWave(req, wave.id);
  });

  app.patch('/waves/:id', {
    config: cfg,
    schema: { tags: ['waves'], summary: 'Rename a wave or change its start or size', params: ZIdParams, body: ZWaveUpdate, response: { 200: ZWave } },
  }, async (req) => {
    const wave = await req.em.findOne(PilotWave, { id: req.params.id });
    if (!wave) throw notFound();
    if (req.body.maxUnits) {
      const members = await req.em.count(PilotWaveUnit, { waveId: wave.id });
      if (members > req.body.maxUnits) {
        throw unprocessable('wave_too_small', `The wave already has ${members} units`, [{ path: 'body.maxUnits', message: `At least ${members}` }]);
      }
    }
    req.em.assign(wave, req.body);
    try {
      await req.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw nameTaken(req.body.name ?? '');
      throw err;
    }
    req.audit('wave.update', 'wave', wave.id, { fields: Object.keys(req.body) });
    return loadWave(req, wave.id);
  });

  app.post('/waves/:id/units', {
    config: cfg,
    schema: { tags: ['waves'], summary: 'Add a unit to a wave', params: ZIdParams, body: ZWaveUnitAdd, response: { 200: ZWave } },
  }, async (req) => {
    // Lock the wave so two additions cannot both take its last place.
    const [wave] = await req.em.execute<{ id: string; max_units: number | null }[]>(
      `select id, max_units from pilot_wave where id = ? for update`, [req.params.id]);
    if (!wave) throw notFound();
    const unit = await req.em.findOne(MilitaryUnit, { id: req.body.unitId });
    if (!unit) throw unprocessable('unit_not_found', 'No such unit', [{ path: 'body.unitId', message: 'No such unit' }]);
    const current = await req.em.findOne(PilotWaveUnit, { unitId: unit.id });
    if (current) {
      if (current.waveId === wave.id) return loadWave(req, wave.id);
      throw conflict('unit_in_another_wave', `Unit ${unit.code} already joined the pilot in another wave`);
    }
    if (wave.max_units !== null && (await req.em.count(PilotWaveUnit, { waveId: wave.id })) >= wave.max_units) {
      throw conflict('wave_full', `This wave is limited to ${wave.max_units} units`);
    }
    req.em.create(PilotWaveUnit, { waveId: wave.id, unitId: unit.id });
    req.audit('wave.add_unit', 'wave', wave.id, { unitId: unit.id });
    await req.em.flush();
    return loadWave(req, wave.id);
  });

  app.delete('/waves/:id/units/:unitId', {
    config: cfg,
    schema: { tags: ['waves'], summary: 'Take a unit out of a wave', params: ZWaveUnitParams },
  }, async (req, reply) => {
    const removed = await req.em.execute(`delete from pilot_wave_unit where wave_id = ? and unit_id = ? returning unit_id`, [req.params.id, req.params.unitId]);
    if (!removed.length) throw notFound();
    req.audit('wave.remove_unit', 'wave', req.params.id, { unitId: req.params.unitId });
    reply.code(204);
  });
}
