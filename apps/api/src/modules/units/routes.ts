import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  ZAssignment, ZAssignmentCreate, ZAssignmentEnd, ZIdParams, ZUnit, ZUnitContact, ZUnitContactInvite, ZUnitCreate, ZUnitDetail,
  ZUnitPage, ZUnitQuery, ZUnitUpdate,
} from '@pilot/contracts';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { inviteUser } from '../identity/invitations.ts';
import { Provider } from '../providers/entities.ts';
import { MilitaryUnit, UnitAssignment } from './entities.ts';
import {
  ASSIGNMENT_SELECT, loadUnit, type AssignmentRow, servedBy, today, toAssignment, toUnit, UNIT_SELECT, unitContacts, type UnitRow,
} from './service.ts';

/** Who invites unit contacts on the ministry's behalf, as the invitation email names it. */
const MINISTRY = 'Міністерство соціальної політики України';

/** PostgreSQL's exclusion violation: the unit is already served on one of those days. */
const isOverlap = (err: unknown) => err instanceof DriverException && (err as { code?: string }).code === '23P01';

/**
 * Units and their assignments. The ministry registers units and assigns them to providers;
 * a provider's admin and supervisors see the units it serves (and their contacts).
 */
export default async function unitRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/units', {
    config: { access: 'units.read' },
    schema: { tags: ['units'], summary: 'Units (all for the ministry; those it serves for a provider)', querystring: ZUnitQuery, response: { 200: ZUnitPage } },
  }, async (req) => {
    const { limit, cursor, q, status, assigned, providerId, waveId } = req.query;
    const day = today(app.clock);
    const after = decodeCursor(cursor, ['text', 'uuid']);
    const where: string[] = [];
    const params: unknown[] = [day];
    if (req.actor!.providerId) {
      const [cond, p] = servedBy(req.actor!.providerId, day);
      where.push(cond);
      params.push(...p);
    }
    if (q) { where.push(`(u.code ilike ? or u.name ilike ?)`); params.push(`%${q}%`, `%${q}%`); }
    if (status) { where.push(`u.status = ?`); params.push(status); }
    if (assigned === 'yes') where.push(`a.id is not null`);
    if (assigned === 'no') where.push(`a.id is null`);
    if (providerId) { where.push(`a.provider_id = ?`); params.push(providerId); }
    if (waveId) { where.push(`wu.wave_id = ?`); params.push(waveId); }
    if (after) { where.push(`(u.code, u.id) > (?, ?::uuid)`); params.push(after[0], after[1]); }
    const sql = `${UNIT_SELECT}${where.length ? ` where ${where.join(' and ')}` : ''} order by u.code, u.id limit ?`;
    params.push(limit + 1);
    const page = toPage(await req.em.execute<UnitRow[]>(sql, params), limit, (u) => [u.code, u.id]);
    return { items: page.items.map(toUnit), nextCursor: page.nextCursor };
  });

  app.post('/units', {
    config: { access: 'pilot.manage', idempotent: true },
    schema: { tags: ['units'], summary: 'Register a unit', body: ZUnitCreate, response: { 201: ZUnit } },
  }, async (req, reply) => {
    const unit = req.em.create(MilitaryUnit, req.body);
    try {
      await req.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw conflict('unit_code_taken', `Unit ${req.body.code} is already registered`);
      throw err;
    }
    req.audit('unit.create', 'unit', unit.id, { code: unit.code });
    reply.code(201);
    return toUnit(await loadUnit(req, unit.id));
  });

  app.get('/units/:id', {
    config: { access: 'units.read' },
    schema: { tags: ['units'], summary: 'A unit with its assignment history and contacts', params: ZIdParams, response: { 200: ZUnitDetail } },
  }, async (req) => {
    const unit = await loadUnit(req, req.params.id);
    const history = await req.em.execute<AssignmentRow[]>(`${ASSIGNMENT_SELECT} where a.unit_id = ? order by a.starts_on desc, a.created_at desc`, [unit.id]);
    // Unit contacts have no provider: a provider reads the contacts of a unit it serves (just
    // checked) outside its tenant.
    await req.crossTenantBind(null);
    return { ...toUnit(unit), assignments: history.map(toAssignment), contacts: await unitContacts(req.em, unit.id) };
  });

  app.patch('/units/:id', {
    config: { access: 'pilot.manage' },
    schema: { tags: ['units'], summary: 'Edit a unit (its code is fixed)', params: ZIdParams, body: ZUnitUpdate, response: { 200: ZUnit } },
  }, async (req) => {
    const unit = await req.em.findOne(MilitaryUnit, { id: req.params.id });
    if (!unit) throw notFound();
    req.em.assign(unit, req.body);
    req.audit('unit.update', 'unit', unit.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return toUnit(await loadUnit(req, unit.id));
  });

  app.post('/units/:id/assignments', {
    config: { access: 'pilot.manage', idempotent: true },
    schema: { tags: ['units'], summary: 'Assign the unit to a provider for a period', params: ZIdParams, body: ZAssignmentCreate, response: { 201: ZAssignment } },
  }, async (req, reply) => {
    const unit = await loadUnit(req, req.params.id);
    const provider = await req.em.findOne(Provider, { id: req.body.providerId });
    if (!provider) throw unprocessable('provider_not_found', 'No such provider', [{ path: 'body.providerId', message: 'No such provider' }]);
    if (provider.accreditationStatus !== 'accredited') {
      throw unprocessable('provider_not_accredited', `${provider.name} is not accredited; only accredited providers serve units`,
        [{ path: 'body.providerId', message: 'Provider is not accredited' }]);
    }
    const assignment = req.em.create(UnitAssignment, {
      unitId: unit.id, providerId: provider.id, startsOn: req.body.startsOn, endsOn: req.body.endsOn ?? null,
      note: req.body.note ?? null, createdBy: req.actor!.userId,
    });
    try {
      await req.em.flush();
    } catch (err) {
      if (isOverlap(err)) throw conflict('assignment_overlaps', `Unit ${unit.code} is already served by a provider on some of these days: end that assignment first`);
      throw err;
    }
    req.audit('unit.assign', 'unit', unit.id, { assignmentId: assignment.id, providerId: provider.id, startsOn: assignment.startsOn, endsOn: assignment.endsOn });
    reply.code(201);
    const [row] = await req.em.execute<AssignmentRow[]>(`${ASSIGNMENT_SELECT} where a.id = ?`, [assignment.id]);
    return toAssignment(row!);
  });

  app.post('/assignments/:id/end', {
    config: { access: 'pilot.manage' },
    schema: { tags: ['units'], summary: 'End an assignment on a day (history is kept)', params: ZIdParams, body: ZAssignmentEnd, response: { 200: ZAssignment } },
  }, async (req) => {
    const assignment = await req.em.findOne(UnitAssignment, { id: req.params.id });
    if (!assignment) throw notFound();
    const { endsOn } = req.body;
    if (endsOn < assignment.startsOn) {
      throw unprocessable('ends_before_start', 'An assignment cannot end before it starts', [{ path: 'body.endsOn', message: 'Before the first day' }]);
    }
    if (assignment.endsOn && endsOn > assignment.endsOn) {
      throw conflict('assignment_already_ends', `This assignment already ends on ${assignment.endsOn}; assign the unit again to extend`);
    }
    assignment.endsOn = endsOn;
    assignment.endedBy = req.actor!.userId;
    assignment.endedAt = new Date();
    req.audit('unit.assignment_end', 'unit', assignment.unitId, { assignmentId: assignment.id, endsOn });
    await req.em.flush();
    const [row] = await req.em.execute<AssignmentRow[]>(`${ASSIGNMENT_SELECT} where a.id = ?`, [assignment.id]);
    return toAssignment(row!);
  });

  app.post('/units/:id/contacts', {
    config: { access: 'unitContacts.invite', idempotent: true },
    schema: { tags: ['units'], summary: "Invite a member of the unit's support group", params: ZIdParams, body: ZUnitContactInvite, response: { 201: ZUnitContact } },
  }, async (req, reply) => {
    const unit = await loadUnit(req, req.params.id);
    let organisation = MINISTRY;
    if (req.actor!.providerId) {
      organisation = (await req.em.findOneOrFail(Provider, { id: req.actor!.providerId })).name;
      req.audit('unit_contact.invite', 'unit', unit.id, { email: req.body.email });
    }
    // The contact belongs to the unit, not to a provider: their account is written untenanted.
    await req.crossTenantBind(null);
    const { user } = await inviteUser(req, {
      ...req.body, roles: ['unit_contact'], providerId: null, unitId: unit.id, organisation,
    });
    reply.code(201);
    return (await unitContacts(req.em, unit.id)).find((c) => c.id === user.id)!;
  });
}
