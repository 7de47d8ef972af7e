import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZEscalationPage, ZEscalationQuery, ZPilotOverview, type TEscalation } from '@pilot/contracts';
import type { AccreditationStatus, ServiceTarget } from '@pilot/domain';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { today } from '../units/service.ts';

interface EscalationRow {
  id: string; referral_id: string; unit_id: string; unit_code: string; unit_name: string; provider_id: string; provider_name: string;
  target: ServiceTarget; due_at: Date; escalated_at: Date; met_at: Date | null;
}

/**
 * How the pilot is doing, without a single person in it: units no provider serves, providers
 * that paused intake, and overdue service targets that escalated.
 */
export default async function pilotRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/pilot/overview', {
    config: { access: 'pilot.monitor' },
    schema: { tags: ['pilot'], summary: 'Unassigned units, paused providers, open escalations', response: { 200: ZPilotOverview } },
  }, async (req) => {
    const unassigned = await req.em.execute<{ id: string; code: string; name: string; oblastCode: string }[]>(
      `select u.id, u.code, u.name, u.oblast_code as "oblastCode" from military_unit u
        where u.status = 'active' and not exists (
          select 1 from unit_assignment a where a.unit_id = u.id and daterange(a.starts_on, a.ends_on, '[]') @> ?::date)
        order by u.code`, [today(app.clock)]);
    const paused = await req.em.execute<{ id: string; name: string; contact_phone: string; started_at: Date; reason: string }[]>(
      `select p.id, p.name, p.contact_phone, i.started_at, i.reason from intake_pause i join provider p on p.id = i.provider_id
        where i.ended_at is null order by i.started_at`);
    // Units whose provider may not take new referrals (suspended, revoked, pending).
    const reassign = await req.em.execute<{ id: string; code: string; name: string; oblast_code: string; provider_id: string; provider_name: string; status: AccreditationStatus }[]>(
      `select u.id, u.code, u.name, u.oblast_code, p.id as provider_id, p.name as provider_name, p.accreditation_status as status
         from military_unit u
         join unit_assignment a on a.unit_id = u.id and daterange(a.starts_on, a.ends_on, '[]') @> ?::date
         join provider p on p.id = a.provider_id
        where u.status = 'active' and p.accreditation_status <> 'accredited'
        order by u.code`, [today(app.clock)]);
    const [open] = await req.em.execute<{ n: number }[]>(
      `select count(*)::int as n from referral_deadline where escalated_at is not null and met_at is null and cancelled_at is null`);
    return {
      unassignedUnits: unassigned,
      pausedProviders: paused.map((p) => ({ id: p.id, name: p.name, contactPhone: p.contact_phone, since: iso(p.started_at)!, reason: p.reason })),
      openEscalations: open!.n,
      unitsNeedingReassignment: reassign.map((u) => ({
        id: u.id, code: u.code, name: u.name, oblastCode: u.oblast_code, provider: { id: u.provider_id, name: u.provider_name, accreditationStatus: u.status },
      })),
    };
  });

  app.get('/escalations', {
    config: { access: 'escalations.read' },
    schema: { tags: ['pilot'], summary: 'Service targets that escalated (all providers for the ministry, our own otherwise)', querystring: ZEscalationQuery, response: { 200: ZEscalationPage } },
  }, async (req) => {
    const { limit, cursor, open, providerId } = req.query;
    const after = decodeCursor(cursor, ['time', 'uuid']);
    const params: unknown[] = [];
    let sql = `select d.id, d.referral_id, d.unit_id, u.code as unit_code, u.name as unit_name, d.provider_id, p.name as provider_name,
        d.target, d.due_at, d.escalated_at, d.met_at
      from referral_deadline d join military_unit u on u.id = d.unit_id join provider p on p.id = d.provider_id
      where d.escalated_at is not null`;
    // RLS already limits a provider to its own rows; the condition says so for the reader too.
    if (req.actor!.providerId) { sql += ` and d.provider_id = ?`; params.push(req.actor!.providerId); }
    if (providerId) { sql += ` and d.provider_id = ?`; params.push(providerId); }
    if (open === 'true') sql += ` and d.met_at is null and d.cancelled_at is null`;
    if (open === 'false') sql += ` and (d.met_at is not null or d.cancelled_at is not null)`;
    if (after) { sql += ` and (d.escalated_at, d.id) < (?::timestamptz, ?::uuid)`; params.push(after[0], after[1]); }
    sql += ` order by d.escalated_at desc, d.id desc limit ?`;
    params.push(limit + 1);
    const page = toPage(await req.em.execute<EscalationRow[]>(sql, params), limit, (r) => [iso(r.escalated_at)!, r.id]);
    return {
      items: page.items.map((r): TEscalation => ({
        id: r.id, referralId: req.actor!.providerId ? r.referral_id : null, unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name },
        provider: { id: r.provider_id, name: r.provider_name }, target: r.target, dueAt: iso(r.due_at)!, escalatedAt: iso(r.escalated_at)!, metAt: iso(r.met_at),
      })),
      nextCursor: page.nextCursor,
    };
  });
}
