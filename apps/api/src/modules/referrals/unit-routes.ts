import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZIdParams, ZMyUnit, ZReferralCreate, ZReferralWithdraw, ZUnitReferral, ZUnitReferralDetail, ZUnitReferralPage, ZUnitReferralQuery,
  type TMyUnit,
} from '@pilot/contracts';
import { localDate, type ReferrerStage, type UnitPosition, receivesReferrals } from '@pilot/domain';
import { conflict, notFound, Problem } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { MilitaryUnit } from '../units/entities.ts';
import { assignmentOn } from '../units/service.ts';
import { Provider } from '../providers/entities.ts';
import { queueNotice } from '../notifications/service.ts';
import { openIntakePause } from './intake.ts';
import { Referral } from './entities.ts';
import {
  assertTransition, cancelOpenDeadlines, openDeadlines, recordEvent, toUnitReferral, toUnitReferralDetail, UNIT_REFERRAL_SELECT,
  unitReferral, type UnitReferralRow,
} from './service.ts';

/** The provider serving the actor's unit today, with whether it takes referrals. */
async function myUnit(req: FastifyRequest): Promise<TMyUnit> {
  const unit = await req.em.findOne(MilitaryUnit, { id: req.actor!.unitId ?? undefined });
  if (!unit || !req.actor!.unitId) throw notFound('Unit');
  const [membership] = await req.em.execute<{ position: UnitPosition | null }[]>(`select position from membership where user_id = ?`, [req.actor!.userId]);
  const assignment = await assignmentOn(req.em, unit.id, localDate(req.server.clock()));
  const provider = assignment ? await req.em.findOneOrFail(Provider, { id: assignment.provider.id }) : null;
  const pause = provider ? await openIntakePause(req.em, provider.id) : null;
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, oblastCode: unit.oblastCode, status: unit.status },
    position: membership?.position ?? null,
    provider: provider && {
      id: provider.id, name: provider.name, contactPhone: provider.contactPhone, contactEmail: provider.contactEmail,
      intake: { paused: Boolean(pause), since: iso(pause?.startedAt), reason: pause?.reason ?? null },
    },
  };
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
    const after = decodeCursor(cursor, 2);
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
    const { unit, provider } = await myUnit(req);
    if (unit.status !== 'active') throw conflict('unit_inactive', `Unit ${unit.code} no longer takes part in the pilot`);
    const now = app.clock();
    const day = localDate(now);
    if (!provider) {
      throw conflict('unit_unassigned', `No provider is assigned to unit ${unit.code} on ${day}, so the referral cannot be routed. The ministry sees unassigned units; please call the ministry coordinator.`);
    }
    // A suspended or revoked provider keeps its cases but takes no new referrals: the ministry
    // sees the unit as needing reassignment.
    const { accreditationStatus } = await req.em.findOneOrFail(Provider, { id: provider.id });
    if (!receivesReferrals(accreditationStatus)) {
      throw conflict('provider_not_accredited', `${provider.name} does not take new referrals at the moment (accreditation ${accreditationStatus}); the ministry is reassigning unit ${unit.code}. Please call the ministry coordinator.`);
    }
    if (provider.intake.paused) {
      throw new Problem(409, 'intake_paused',
        `${provider.name} has paused intake (at capacity) since ${provider.intake.since}; the ministry has been shown the pause. For an emergency call ${provider.contactPhone}.`,
        { extra: { provider: { name: provider.name, contactPhone: provider.contactPhone } } });
    }
    const [referrer] = await req.em.execute<{ full_name: string; phone: string | null; position: UnitPosition | null }[]>(
      `select u.full_name, u.phone, m.position from user_account u join membership m on m.user_id = u.id where u.id = ?`, [req.actor!.userId]);
    const assignment = (await assignmentOn(req.em, unit.id, day))!;
    // The referral belongs to the provider it is routed to: from here on the transaction is
    // bound to that provider, so RLS checks the rows and the audit lands in its log.
    await req.crossTenantBind(provider.id);
    const b = req.body;
    const fullName = [b.person.lastName, b.person.firstName, b.person.patronymic].filter(Boolean).join(' ');
    const referral = req.em.create(Referral, {
      providerId: provider.id, unitId: unit.id, assignmentId: assignment.id, referredBy: req.actor!.userId,
      referrerName: referrer!.full_name, referrerPhone: referrer!.phone, referrerPosition: referrer!.position,
      subject: b.subject, personLastName: b.person.lastName, personFirstName: b.person.firstName,
      personPatronymic: b.person.patronymic ?? null, personName: fullName, personBirthDate: b.person.dateOfBirth ?? null, personPhone: b.person.phone,
      personEmail: b.person.email ?? null, personRelation: b.subject === 'family_member' ? b.person.relation ?? null : null,
      personSettlement: b.person.settlement ?? null,
      serviceMemberName: b.subject === 'family_member' ? b.serviceMember.fullName ?? null : fullName,
      serviceMemberStatus: b.serviceMember.status, categories: b.categories, needs: b.needs, urgency: b.urgency,
      consentMethod: b.consent.method, consentRecordedAt: now, submittedAt: now,
    });
    recordEvent(req.em, referral, 'submitted', now, req.actor!.userId);
    await openDeadlines(req.em, referral);
    req.audit('referral.submit', 'referral', referral.id, { unitId: unit.id, consent: b.consent.method });
    await req.em.flush();
    await queueNotice(app, req.em, {
      kind: 'referral.new', params: { unitCode: unit.code, urgency: b.urgency }, link: `/referrals/${referral.id}`,
      to: [{ providerId: provider.id, roles: ['supervisor'] }],
    });
    reply.code(201);
    const [row] = await req.em.execute<UnitReferralRow[]>(`${UNIT_REFERRAL_SELECT} where r.id = ?`, [referral.id]);
    return toUnitReferral(row!);
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
