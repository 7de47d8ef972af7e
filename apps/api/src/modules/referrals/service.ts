import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import {
  canReferralTransition, localDate, referrerStage, serviceDeadlines, type ReferralStatus, type ServiceTarget,
} from '@pilot/domain';
import type { TBeneficiaryInput, TDeadline, TReferral, TReferralEvent, TUnitReferral, TUnitReferralDetail } from '@pilot/contracts';
import { conflict, notFound } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { executeWithNext } from '../../db/pipelining.ts';
import { newId } from '../../lib/ids.ts';
import { deadlineRules } from '../units/calendar.ts';
import { Referral, ReferralEvent, type IReferral } from './entities.ts';

/** Why a transition is refused, in words the caller can act on. */
const REFUSALS: Record<ReferralStatus, string> = {
  submitted: 'The referral is still waiting for a decision',
  accepted: 'The referral was already accepted',
  declined: 'The referral was already declined',
  withdrawn: 'The referral was withdrawn by the unit',
};

export function assertTransition(referral: IReferral, to: ReferralStatus) {
  const from = referral.status as ReferralStatus;
  if (!canReferralTransition(from, to)) throw conflict('referral_transition', `${REFUSALS[from]}; it cannot be ${to} now`);
}

export function recordEvent(em: EntityManager, r: IReferral, kind: TReferralEvent['kind'], at: Date, actorId: string | null,
  extra: { target?: ServiceTarget; declineReason?: IReferral['declineReason'] } = {}) {
  em.create(ReferralEvent, {
    providerId: r.providerId, referralId: r.id, at, kind, actorId, target: extra.target ?? null, declineReason: extra.declineReason ?? null,
  });
}

/**
 * A referral just inserted gets its first event and its service-target clocks on the ministry's
 * calendar. Nothing waits for these rows, so they go with the transaction's next statements
 * (ADR 14): the event with the calendar's read, the clocks with whatever follows (at the latest
 * the commit). Call it after the referral's insert has been flushed: held statements run first.
 */
export async function startReferral(em: EntityManager, r: IReferral) {
  await executeWithNext(em, `insert into referral_event (id, provider_id, referral_id, at, kind, actor_id) values (?, ?, ?, ?, 'submitted', ?)`,
    [newId(), r.providerId, r.id, r.submittedAt, r.referredBy]);
  const { targetDays, calendar } = await deadlineRules(em, localDate(r.submittedAt));
  const clocks = serviceDeadlines(r.submittedAt, targetDays, calendar);
  await executeWithNext(em,
    `insert into referral_deadline (id, provider_id, referral_id, unit_id, target, due_at, escalate_at) values ${clocks.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    clocks.flatMap((d) => [newId(), r.providerId, r.id, r.unitId, d.target, d.dueAt, d.escalateAt]));
}

/** A target is met (idempotent: the first time counts). */
export async function meetDeadline(em: EntityManager, referralId: string, target: ServiceTarget, at: Date) {
  await em.execute(`update referral_deadline set met_at = ? where referral_id = ? and target = ? and met_at is null and cancelled_at is null`,
    [at, referralId, target]);
}

/**
 * Links an accepted referral to its case and takes over what the case already reached (a
 * joined case may have had first contact long ago). Later milestones arrive through the
 * database trigger on the case timeline (migration 0003a).
 */
export async function linkCase(em: EntityManager, r: IReferral, caseId: string) {
  const [c] = await em.execute<{ first_contact_at: string | null; closed_at: string | null; assessed_at: string | null }[]>(
    `select c.first_contact_at, c.closed_at,
        (select min(e.at) from case_event e where e.provider_id = c.provider_id and e.case_id = c.id and e.kind = 'assessment_recorded') as assessed_at
      from support_case c where c.provider_id = ? and c.id = ?`, [r.providerId, caseId]);
  r.caseId = caseId;
  if (!c) return;
  if (c.first_contact_at) {
    r.firstContactAt = new Date(c.first_contact_at);
    recordEvent(em, r, 'first_contact', r.firstContactAt, null);
    await meetDeadline(em, r.id, 'first_contact', r.firstContactAt);
  }
  if (c.assessed_at) await meetDeadline(em, r.id, 'assessment', new Date(c.assessed_at));
  if (c.closed_at) {
    r.closedAt = new Date(c.closed_at);
    recordEvent(em, r, 'closed', r.closedAt, null);
    await cancelOpenDeadlines(em, r.id, r.closedAt);
  }
}

/** The person a referral names, as the case model records a beneficiary. */
export function beneficiaryFrom(r: IReferral, unitCode: string): TBeneficiaryInput {
  const isServiceMember = r.subject === 'service_member';
  return {
    lastName: r.personLastName, firstName: r.personFirstName, patronymic: r.personPatronymic ?? null,
    birthDate: r.personBirthDate ?? null, phones: [r.personPhone], email: r.personEmail ?? null,
    categories: r.categories, isServiceMember,
    unitCode: isServiceMember ? unitCode : null, militaryStatus: isServiceMember ? r.serviceMemberStatus : null,
  };
}

/** A declined or withdrawn referral has no targets left to meet. */
export async function cancelOpenDeadlines(em: EntityManager, referralId: string, at: Date) {
  await em.execute(`update referral_deadline set cancelled_at = ? where referral_id = ? and met_at is null and cancelled_at is null`, [at, referralId]);
}

/**
 * A referral of the actor's provider, locked for a change, or 404. Case managers reach only
 * the referrals of cases assigned to them.
 */
export async function providerReferral(req: FastifyRequest, id: string, lock = false): Promise<IReferral> {
  const referral = await req.em.findOne(Referral, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!referral || !mayReadAsProvider(req, referral)) throw notFound();
  return referral;
}

function mayReadAsProvider(req: FastifyRequest, r: IReferral): boolean {
  const a = req.actor!;
  if (r.providerId !== a.providerId) return false;
  return a.roles.includes('supervisor') || (a.roles.includes('case_manager') && r.caseManagerId === a.userId);
}

/** A referral of the unit contact's own unit, or 404 (RLS admits it by `app.unit_id` too). */
export async function unitReferral(req: FastifyRequest, id: string, lock = false): Promise<IReferral> {
  const referral = await req.em.findOne(Referral, { id, unitId: req.actor!.unitId ?? undefined }, {
    filters: { tenant: false }, ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}),
  });
  if (!referral || !req.actor!.unitId) throw notFound();
  return referral;
}

interface DeadlineRow {
  target: ServiceTarget; due_at: Date; escalate_at: Date; met_at: Date | null; cancelled_at: Date | null; reminded_at: Date | null; escalated_at: Date | null;
}
interface EventRow { at: Date; kind: TReferralEvent['kind']; actor_name: string | null; target: ServiceTarget | null; decline_reason: IReferral['declineReason'] }
interface PersonRef { id: string; full_name: string; phone: string | null }

/** The provider's full view of a referral, with its clocks and timeline. */
export async function toProviderReferral(em: EntityManager, r: IReferral): Promise<TReferral> {
  const [unit] = await em.execute<{ code: string; name: string }[]>(`select code, name from military_unit where id = ?`, [r.unitId]);
  const [manager] = r.caseManagerId
    ? await em.execute<PersonRef[]>(`select id, full_name, phone from user_account where id = ?`, [r.caseManagerId]) : [];
  const deadlines = await em.execute<DeadlineRow[]>(
    `select target, due_at, escalate_at, met_at, cancelled_at, reminded_at, escalated_at from referral_deadline where referral_id = ? order by due_at`, [r.id]);
  const events = await em.execute<EventRow[]>(
    `select e.at, e.kind, coalesce(u.full_name, case when e.actor_id = ? then ? end) as actor_name, e.target, e.decline_reason
       from referral_event e left join user_account u on u.id = e.actor_id where e.referral_id = ? order by e.at, e.id`,
    [r.referredBy, r.referrerName, r.id]);
  return {
    id: r.id, status: r.status,
    unit: { id: r.unitId, code: unit!.code, name: unit!.name },
    referredBy: { id: r.referredBy, fullName: r.referrerName, phone: r.referrerPhone ?? null, position: r.referrerPosition ?? null },
    subject: r.subject,
    person: {
      lastName: r.personLastName, firstName: r.personFirstName, patronymic: r.personPatronymic ?? null, fullName: r.personName, dateOfBirth: r.personBirthDate ?? null, phone: r.personPhone, email: r.personEmail ?? null,
      relation: r.personRelation ?? null, settlement: r.personSettlement ?? null,
    },
    serviceMember: { fullName: r.serviceMemberName ?? null, status: r.serviceMemberStatus },
    categories: r.categories, needs: r.needs, urgency: r.urgency,
    consent: { method: r.consentMethod, recordedAt: iso(r.consentRecordedAt)! },
    submittedAt: iso(r.submittedAt)!, decidedAt: iso(r.decidedAt), declineReason: r.declineReason ?? null, declineNote: r.declineNote ?? null,
    withdrawnAt: iso(r.withdrawnAt), caseId: r.caseId ?? null,
    caseManager: manager ? { id: manager.id, fullName: manager.full_name, phone: manager.phone } : null,
    firstContactAt: iso(r.firstContactAt), closedAt: iso(r.closedAt),
    deadlines: deadlines.map((d): TDeadline => ({
      target: d.target, dueAt: iso(d.due_at)!, escalateAt: iso(d.escalate_at)!, metAt: iso(d.met_at), cancelledAt: iso(d.cancelled_at),
      remindedAt: iso(d.reminded_at), escalatedAt: iso(d.escalated_at),
    })),
    timeline: events.map((e) => ({ at: iso(e.at)!, kind: e.kind, actorName: e.actor_name, target: e.target, declineReason: e.decline_reason ?? null })),
  };
}

export interface UnitReferralRow {
  id: string; status: ReferralStatus; first_contact_at: Date | null; closed_at: Date | null; subject: TUnitReferral['subject'];
  person_name: string; person_relation: TUnitReferral['relation']; urgency: TUnitReferral['urgency']; submitted_at: Date;
  referrer_name: string; decline_reason: TUnitReferral['declineReason']; provider_name: string; provider_phone: string;
  manager_name: string | null; manager_phone: string | null;
}

/**
 * The referring unit's projection. Deliberately narrow: where the referral stands and whom to
 * call; not the needs (once sent they are the provider's record), the person's contacts, the
 * provider's notes, nor anything of the case.
 */
export const UNIT_REFERRAL_SELECT = `select r.id, r.status, r.first_contact_at, r.closed_at, r.subject, r.person_name, r.person_relation,
    r.urgency, r.submitted_at, r.referrer_name, r.decline_reason, p.name as provider_name, p.contact_phone as provider_phone,
    m.full_name as manager_name, m.phone as manager_phone
  from referral r join provider p on p.id = r.provider_id
  left join user_account m on m.id = r.case_manager_id and r.status = 'accepted'`;

export const toUnitReferral = (r: UnitReferralRow): TUnitReferral => ({
  id: r.id,
  stage: referrerStage({ status: r.status, firstContactAt: r.first_contact_at, closedAt: r.closed_at }),
  subject: r.subject, personName: r.person_name, relation: r.person_relation, urgency: r.urgency, submittedAt: iso(r.submitted_at)!,
  referredByName: r.referrer_name, declineReason: r.status === 'declined' ? r.decline_reason : null,
  provider: { name: r.provider_name, contactPhone: r.provider_phone },
  caseManager: r.manager_name ? { fullName: r.manager_name, phone: r.manager_phone } : null,
});

/**
 * A referral just submitted, as its unit sees it: built from what was written instead of read
 * back (no case manager or decision yet; the provider is the one it was routed to).
 */
export const submittedUnitReferral = (r: IReferral, provider: { name: string; contactPhone: string }): TUnitReferral => toUnitReferral({
  id: r.id, status: r.status, first_contact_at: null, closed_at: null, subject: r.subject, person_name: r.personName,
  person_relation: r.personRelation ?? null, urgency: r.urgency, submitted_at: r.submittedAt, referrer_name: r.referrerName,
  decline_reason: null, provider_name: provider.name, provider_phone: provider.contactPhone, manager_name: null, manager_phone: null,
});

const STAGE_OF_EVENT = { submitted: 'submitted', accepted: 'accepted', declined: 'declined', withdrawn: 'withdrawn', first_contact: 'first_contact', closed: 'closed' } as const;

export async function toUnitReferralDetail(em: EntityManager, id: string, unitId: string): Promise<TUnitReferralDetail> {
  const [row] = await em.execute<UnitReferralRow[]>(`${UNIT_REFERRAL_SELECT} where r.id = ? and r.unit_id = ?`, [id, unitId]);
  if (!row) throw notFound();
  const events = await em.execute<{ at: Date; kind: keyof typeof STAGE_OF_EVENT; decline_reason: TUnitReferral['declineReason'] }[]>(
    `select at, kind, decline_reason from referral_event where referral_id = ? and kind in (${Object.keys(STAGE_OF_EVENT).map(() => '?').join(', ')})
      order by at, array_position(array['submitted', 'accepted', 'declined', 'withdrawn', 'first_contact', 'closed'], kind), id`,
    [id, ...Object.keys(STAGE_OF_EVENT)]);
  return {
    ...toUnitReferral(row),
    timeline: events.map((e) => ({ at: iso(e.at)!, stage: STAGE_OF_EVENT[e.kind], declineReason: e.kind === 'declined' ? e.decline_reason : null })),
  };
}
