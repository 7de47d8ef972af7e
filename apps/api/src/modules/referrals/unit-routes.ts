import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZIdParams, ZMyUnit, ZReferralCreate, ZReferralWithdraw, ZUnitReferral, ZUnitReferralDetail, ZUnitReferralPage, ZUnitReferralQuery,
  type TMyUnit,
} from '@pilot/contracts';
import { localDate, type AccreditationStatus, type ReferrerStage, type UnitPosition, receivesReferrals } from '@pilot/domain';
import { conflict, notFound, Problem } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { queueNotice } from '../notifications/service.ts';
import { Referral } from './entities.ts';
import {
  assertTransition, cancelOpenDeadlines, recordEvent, startReferral, submittedUnitReferral, toUnitReferral, toUnitReferralDetail, UNIT_REFERRAL_SELECT,
  unitReferral, type UnitReferralRow,
} from './service.ts';

interface RoutingRow {
  unit_id: string; code: string; name: string; kind: TMyUnit['unit']['kind']; oblast_code: string; status: TMyUnit['unit']['status'];
  position: UnitPosition | null; referrer_name: string; referrer_phone: string | null;
  assignment_id: string | null; provider_id: string | null; provider_name: string; contact_phone: string; contact_email: string;
  accreditation_status: AccreditationStatus; paused_since: Date | null; pause_reason: string | null;
}

/**
 * The actor's unit, the provider serving it on `day` (its accreditation and any open intake
 * pause) and the referrer: everything routing a referral depends on, in one statement, since
 * a unit contact's every visit and referral starts here. Read in the unit contact's context
 * (no tenant bound): RLS lets it see providers' pauses, not their people.
 */
async function unitRouting(req: FastifyRequest, day: string) {
  const [r] = req.actor!.unitId ? await req.em.execute<RoutingRow[]>(
    `select mu.id as unit_id, mu.code, mu.name, mu.kind, mu.oblast_code, mu.status,
            me.position, me.full_name as referrer_name, me.phone as referrer_phone,
            a.id as assignment_id, p.id as provider_id, p.name as provider_name, p.contact_phone, p.contact_email, p.accreditation_status,
            ip.started_at as paused_since, ip.reason as pause_reason
       from military_unit mu
       left join lateral (select u.full_name, u.phone, m.position from user_account u join membership m on m.user_id = u.id
                           where u.id = ?) me on true
       left join lateral (select id, provider_id from unit_assignment
                           where unit_id = mu.id and daterange(starts_on, ends_on, '[]') @> ?::date limit 1) a on true
       left join provider p on p.id = a.provider_id
       left join intake_pause ip on ip.provider_id = p.id and ip.ended_at is null
      where mu.id = ?`, [req.actor!.userId, day, req.actor!.unitId]) : [];
  if (!r) throw notFound();
  const myUnit: TMyUnit = {
    unit: { id: r.unit_id, code: r.code, name: r.name, kind: r.kind, oblastCode: r.oblast_code, status: r.status },
    position: r.position,
    provider: r.provider_id ? {
      id: r.provider_id, name: r.provider_name, contactPhone: r.contact_phone, contactEmail: r.contact_email,
      intake: { paused: Boolean(r.paused_since), since: iso(r.paused_since), reason: r.pause_reason },
    } : null,
  };
  return {
    ...myUnit,
    assignmentId: r.assignment_id,
    accreditationStatus: r.accreditation_status,
    referrer: { fullName: r.referrer_name, phone: r.referrer_phone, position: r.position },
  };
}

/** The provider serving the actor's unit today, with whether it takes referrals. */
async function myUnit(req: FastifyRequest): Promise<TMyUnit> {
  const { unit, position, provider } = await unitRouting(req, localDate(req.server.clock()));
  return { unit, position, provider };
}

const STAGE_FILTER: Record<ReferrerStage, string> = {
  submitted: `r.status = 'submitted'`,
  accepted: `r.status = 'accepted' and r.first_contact_at is null and r.closed_at is null`,
  first_contact: `r.status = 'accepted' and r.first_contact_at is not null and r.closed_at is null`,
  closed: `r.status = 'accepted' and r.closed_at is not null`,
  declined: `r.status = 'declined'`,
  withdrawn: `r.status = 'withdrawn'`,
};

/**
 * What a unit contact does: sees their unit and the provider serving it, refers people to it,
 * follows their unit's referrals and withdraws one before it is decided.
 */
export default async function unitReferralRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'unitReferrals.use' } as const;

  app.get('/my-unit', {
    config: cfg,
    schema: { tags: ['unit referrals'], summary: 'My unit, and the provider serving it today', response: { 200: ZMyUnit } },
  }, async (req) => myUnit(req));

  app.get('/my-unit/referrals', {
    config: cfg,
    schema: { tags: ['unit referrals'], summary: "My unit's referrals: where each stands and whom to call", querystring: ZUnitReferralQuery, response: { 200: ZUnitReferralPage } },
  }, async (req) => {
    const { limit, cursor, stage } = req.query;
    const after = decodeCursor(cursor, ['time', 'uuid']);
    const params: unknown[] = [req.actor!.unitId];
    let sql = `${UNIT_REFERRAL_SELECT} where r.unit_id = ?`;
    if (stage) sql += ` and ${STAGE_FILTER[stage]}`;
    if (after) { sql += ` and (r.submitted_at, r.id) < (?::timestamptz, ?::uuid)`; params.push(after[0], after[1]); }
    sql += ` order by r.submitted_at desc, r.id desc limit ?`;
    params.push(limit + 1);
    const page = toPage(await req.em.execute<UnitReferralRow[]>(sql, params), limit, (r) => [iso(r.submitted_at)!, r.id]);
    return { items: page.items.map(toUnitReferral), nextCursor: page.nextCursor };
  });

  app.post('/my-unit/referrals', {
    config: { ...cfg, idempotent: true },
    schema: { tags: ['unit referrals'], summary: 'Refer a person to the provider serving my unit', body: ZReferralCreate, response: { 201: ZUnitReferral } },
  }, async (req, reply) => {
    const now = app.clock();
    const day = localDate(now);
    const { unit, provider, assignmentId, accreditationStatus, referrer } = await unitRouting(req, day);
    if (unit.status !== 'active') throw conflict('unit_inactive', `Unit ${unit.code} no longer takes part in the pilot`);
    if (!provider || !assignmentId) {
      throw conflict('unit_unassigned', `No provider is assigned to unit ${unit.code} on ${day}, so the referral cannot be routed. The ministry sees unassigned units; please call the ministry coordinator.`);
    }
    // A suspended or revoked provider keeps its cases but takes no new referrals: the ministry
    // sees the unit as needing reassignment.
    if (!receivesReferrals(accreditationStatus)) {
      throw conflict('provider_not_accredited', `${provider.name} does not take new referrals at the moment (accreditation ${accreditationStatus}); the ministry is reassigning unit ${unit.code}. Please call the ministry coordinator.`);
    }
    if (provider.intake.paused) {
      throw new Problem(409, 'intake_paused',
        `${provider.name} has paused intake (at capacity) since ${provider.intake.since}; the ministry has been shown the pause. For an emergency call ${provider.contactPhone}.`,
        { extra: { provider: { name: provider.name, contactPhone: provider.contactPhone } } });
    }
    // The referral belongs to the provider it is routed to: from here on the transaction is
    // bound to that provider, so RLS checks the rows and the audit lands in its log.
    await req.crossTenantBind(provider.id);
    const b = req.body;
    const fullName = [b.person.lastName, b.person.firstName, b.person.patronymic].filter(Boolean).join(' ');
    const referral = req.em.create(Referral, {
      providerId: provider.id, unitId: unit.id, assignmentId, referredBy: req.actor!.userId,
      referrerName: referrer.fullName, referrerPhone: referrer.phone, referrerPosition: referrer.position,
      subject: b.subject, personLastName: b.person.lastName, personFirstName: b.person.firstName,
      personPatronymic: b.person.patronymic ?? null, personName: fullName, personBirthDate: b.person.dateOfBirth ?? null, personPhone: b.person.phone,
      personEmail: b.person.email ?? null, personRelation: b.subject === 'family_member' ? b.person.relation ?? null : null,
      personSettlement: b.person.settlement ?? null,
      serviceMemberName: b.subject === 'family_member' ? b.serviceMember.fullName ?? null : fullName,
      serviceMemberStatus: b.serviceMember.status, categories: b.categories, needs: b.needs, urgency: b.urgency,
      consentMethod: b.consent.method, consentRecordedAt: now, submittedAt: now,
    });
    await req.em.flush();
    await startReferral(req.em, referral);
    req.audit('referral.submit', 'referral', referral.id, { unitId: unit.id, consent: b.consent.method });
    await queueNotice(app, req.em, {
      kind: 'referral.new', params: { unitCode: unit.code, urgency: b.urgency }, link: `/referrals/${referral.id}`,
      to: [{ providerId: provider.id, roles: ['supervisor'] }],
    });
    reply.code(201);
    return submittedUnitReferral(referral, provider);
  });

  app.get('/my-unit/referrals/:id', {
    config: cfg,
    schema: { tags: ['unit referrals'], summary: 'Where one of my unit’s referrals stands, step by step', params: ZIdParams, response: { 200: ZUnitReferralDetail } },
  }, async (req) => {
    const referral = await unitReferral(req, req.params.id);
    const detail = await toUnitReferralDetail(req.em, referral.id, referral.unitId);
    await req.crossTenantBind(referral.providerId);
    req.audit('referral.read_by_unit', 'referral', referral.id);
    return detail;
  });

  app.post('/my-unit/referrals/:id/withdraw', {
    config: cfg,
    schema: { tags: ['unit referrals'], summary: 'Withdraw a referral not yet decided', params: ZIdParams, body: ZReferralWithdraw, response: { 200: ZUnitReferralDetail } },
  }, async (req) => {
    const referral = await unitReferral(req, req.params.id, true);
    assertTransition(referral, 'withdrawn');
    await req.crossTenantBind(referral.providerId);
    const now = app.clock();
    referral.status = 'withdrawn';
    referral.withdrawnAt = now;
    referral.withdrawReason = req.body.reason ?? null;
    recordEvent(req.em, referral, 'withdrawn', now, req.actor!.userId);
    await cancelOpenDeadlines(req.em, referral.id, now);
    req.audit('referral.withdraw', 'referral', referral.id);
    await req.em.flush();
    return toUnitReferralDetail(req.em, referral.id, referral.unitId);
  });
}
