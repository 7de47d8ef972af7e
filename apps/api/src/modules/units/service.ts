import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate, type UnitKind, type UnitPosition, type UnitStatus } from '@pilot/domain';
import type { TAssignment, TUnit, TUnitContact } from '@pilot/contracts';
import { iso } from '../../lib/pagination.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/problems.ts';

/** Today in the pilot's time zone: the date assignments are in force on. */
export const today = (clock: Clock): string => localDate(clock());

export interface AssignmentRow {
  id: string; unit_id: string; provider_id: string; provider_name: string; starts_on: string; ends_on: string | null;
  note: string | null; created_at: Date; ended_at: Date | null;
}

export const ASSIGNMENT_SELECT = `select a.id, a.unit_id, a.provider_id, p.name as provider_name, a.starts_on::text, a.ends_on::text,
    a.note, a.created_at, a.ended_at
  from unit_assignment a join provider p on p.id = a.provider_id`;

export const toAssignment = (r: AssignmentRow): TAssignment => ({
  id: r.id, unitId: r.unit_id, provider: { id: r.provider_id, name: r.provider_name }, startsOn: r.starts_on, endsOn: r.ends_on,
  note: r.note, createdAt: iso(r.created_at)!, endedAt: iso(r.ended_at),
});

export interface UnitRow {
  id: string; code: string; name: string; kind: UnitKind; oblast_code: string; status: UnitStatus; created_at: Date;
  wave_id: string | null; wave_name: string | null; assignment: AssignmentRow | null;
}

/**
 * Units with the assignment in force on `day` and their wave. `where` filters on `u`, `a`
 * (current assignment) or `wu` (wave membership); parameters follow the date.
 */
export const UNIT_SELECT = `select u.id, u.code, u.name, u.kind, u.oblast_code, u.status, u.created_at,
    w.id as wave_id, w.name as wave_name,
    case when a.id is null then null else json_build_object(
      'id', a.id, 'unit_id', a.unit_id, 'provider_id', a.provider_id, 'provider_name', p.name,
      'starts_on', a.starts_on, 'ends_on', a.ends_on, 'note', a.note, 'created_at', a.created_at, 'ended_at', a.ended_at) end as assignment
  from military_unit u
  left join unit_assignment a on a.unit_id = u.id and daterange(a.starts_on, a.ends_on, '[]') @> ?::date
  left join provider p on p.id = a.provider_id
  left join pilot_wave_unit wu on wu.unit_id = u.id
  left join pilot_wave w on w.id = wu.wave_id`;

export const toUnit = (r: UnitRow): TUnit => ({
  id: r.id, code: r.code, name: r.name, kind: r.kind, oblastCode: r.oblast_code, status: r.status, createdAt: iso(r.created_at)!,
  wave: r.wave_id ? { id: r.wave_id, name: r.wave_name! } : null,
  currentAssignment: r.assignment ? toAssignment(r.assignment) : null,
});

/**
 * Which units a provider may see: those it serves today or is due to serve. The ministry sees
 * every unit. Returns a SQL condition on `u` and its parameters.
 */
export function servedBy(providerId: string, day: string): [string, unknown[]] {
  return [
    `exists (select 1 from unit_assignment s where s.unit_id = u.id and s.provider_id = ? and (s.ends_on is null or s.ends_on >= ?::date))`,
    [providerId, day],
  ];
}

/** One unit as the actor may see it, or 404. */
export async function loadUnit(req: FastifyRequest, id: string): Promise<UnitRow> {
  const day = today(req.server.clock);
  let sql = `${UNIT_SELECT} where u.id = ?`;
  const params: unknown[] = [day, id];
  if (req.actor!.providerId) {
    const [cond, p] = servedBy(req.actor!.providerId, day);
    sql += ` and ${cond}`;
    params.push(...p);
  }
  const [row] = await req.em.execute<UnitRow[]>(sql, params);
  if (!row) throw notFound();
  return row;
}

interface ContactRow { id: string; full_name: string; email: string; phone: string | null; position: UnitPosition | null; status: TUnitContact['status'] }

/** The unit's contacts (unit staff, not people served). Read in a context without a tenant. */
export async function unitContacts(em: EntityManager, unitId: string): Promise<TUnitContact[]> {
  const rows = await em.execute<ContactRow[]>(
    `select u.id, u.full_name, u.email, u.phone, m.position, u.status from membership m join user_account u on u.id = m.user_id
      where m.unit_id = ? and 'unit_contact' = any(m.roles) order by u.full_name, u.id`, [unitId]);
  return rows.map((r) => ({ id: r.id, fullName: r.full_name, email: r.email, phone: r.phone, position: r.position, status: r.status }));
}
