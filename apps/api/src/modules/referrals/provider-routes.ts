import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZAssignableManagers, ZDuplicateResult, ZIdParams, ZReferral, ZReferralAccept, ZReferralDecline, ZReferralPage, ZReferralQuery, type TReferralListItem,
} from '@pilot/contracts';
import type { ServiceTarget } from '@pilot/domain';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { unprocessable } from '../../lib/problems.ts';
import { Provider } from '../providers/entities.ts';
import { queueNotice } from '../notifications/service.ts';
import { duplicateMatches, openCase } from '../cases/service.ts';
import {
  assertTransition, beneficiaryFrom, cancelOpenDeadlines, linkCase, meetDeadline, providerReferral, recordEvent, toProviderReferral,
} from './service.ts';

interface InboxRow {
  id: string; status: TReferralListItem['status']; unit_id: string; unit_code: string; unit_name: string; subject: TReferralListItem['subject'];
  person_name: string; service_member_status: TReferralListItem['serviceMemberStatus']; urgency: TReferralListItem['urgency'];
  categories: TReferralListItem['categories']; submitted_at: Date; case_manager_name: string | null;
  next_target: ServiceTarget | null; next_due_at: string | null;
}

/**
 * The provider's side: the referral inbox with service-target countdowns, the full referral,
 * and the decision (accept with a case manager, or decline with a reason).
 */
export default async function providerReferralRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/referrals', {
    config: { access: 'referrals.read' },
    schema: { tags: ['referrals'], summary: 'Referrals routed to us (a case manager: those of their cases)', querystring: ZReferralQuery, response: { 200: ZReferralPage } },
  }, async (req) => {
    const { limit, cursor, status, urgency, unitId, overdue, q } = req.query;
    const now = app.clock();
    const after = decodeCursor(cursor, ['time', 'uuid']);
    const params: unknown[] = [req.actor!.providerId];
    let sql = `select r.id, r.status, r.unit_id, u.code as unit_code, u.name as unit_name, r.subject, r.person_name, r.service_member_status,
        r.urgency, r.categories, r.submitted_at, m.full_name as case_manager_name, d.target as next_target, d.due_at as next_due_at
      from referral r join military_unit u on u.id = r.unit_id
      left join user_account m on m.id = r.case_manager_id
      left join lateral (select target, due_at from referral_deadline x where x.referral_id = r.id and x.met_at is null and x.cancelled_at is null
        order by x.due_at limit 1) d on true
      where r.provider_id = ?`;
    if (!req.actor!.roles.includes('supervisor')) { sql += ` and r.case_manager_id = ?`; params.push(req.actor!.userId); }
    if (status) { sql += ` and r.status = ?`; params.push(status); }
    if (urgency) { sql += ` and r.urgency = ?`; params.push(urgency); }
    if (unitId) { sql += ` and r.unit_id = ?`; params.push(unitId); }
    if (overdue) { sql += ` and d.due_at < ?`; params.push(now); }
    if (q) { sql += ` and (r.person_name ilike ? or u.code ilike ?)`; params.push(`%${q}%`, `%${q}%`); }
    if (after) { sql += ` and (r.submitted_at, r.id) < (?::timestamptz, ?::uuid)`; params.push(after[0], after[1]); }
    sql += ` order by r.submitted_at desc, r.id desc limit ?`;
    params.push(limit + 1);
    const page = toPage(await req.em.execute<InboxRow[]>(sql, params), limit, (r) => [iso(r.submitted_at)!, r.id]);
    req.audit('referral.list', 'referral', null, { count: page.items.length });
    return {
      items: page.items.map((r): TReferralListItem => ({
        id: r.id, status: r.status, unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name }, subject: r.subject, personName: r.person_name,
        serviceMemberStatus: r.service_member_status, urgency: r.urgency, categories: r.categories, submittedAt: iso(r.submitted_at)!,
        caseManagerName: r.case_manager_name,
        nextDeadline: r.next_target && r.next_due_at ? { target: r.next_target, dueAt: iso(r.next_due_at)!, overdue: new Date(r.next_due_at) < now } : null,
      })),
      nextCursor: page.nextCursor,
    };
  });

  app.get('/referrals/case-managers', {
    config: { access: 'referrals.decide' },
    schema: { tags: ['referrals'], summary: 'Active case managers to assign, with how many accepted referrals each holds', response: { 200: ZAssignableManagers } },
  }, async (req) => ({
    items: await req.em.execute<{ id: string; fullName: string; acceptedReferrals: number }[]>(
      `select u.id, u.full_name as "fullName",
          (select count(*)::int from referral r where r.provider_id = m.provider_id and r.case_manager_id = u.id and r.status = 'accepted' and r.closed_at is null) as "acceptedReferrals"
        from membership m join user_account u on u.id = m.user_id
        where m.provider_id = ? and 'case_manager' = any(m.roles) and u.status = 'active' order by u.full_name`, [req.actor!.providerId]),
  }));

  app.get('/referrals/:id', {
    config: { access: 'referrals.read' },
    schema: { tags: ['referrals'], summary: 'The full referral, its service-target clocks and timeline', params: ZIdParams, response: { 200: ZReferral } },
  }, async (req) => {
    const referral = await providerReferral(req, req.params.id);
    req.audit('referral.read', 'referral', referral.id);
    return toProviderReferral(req.em, referral);
  });

  app.post('/referrals/:id/decline', {
    config: { access: 'referrals.decide' },
    schema: { tags: ['referrals'], summary: 'Decline with a reason (the unit sees the category only)', params: ZIdParams, body: ZReferralDecline, response: { 200: ZReferral } },
  }, async (req) => {
    const referral = await providerReferral(req, req.params.id, true);
    assertTransition(referral, 'declined');
    const now = app.clock();
    referral.status = 'declined';
    referral.decidedAt = now;
    referral.decidedBy = req.actor!.userId;
    referral.declineReason = req.body.reason;
    referral.declineNote = req.body.note ?? null;
    recordEvent(req.em, referral, 'declined', now, req.actor!.userId, { declineReason: req.body.reason });
    await meetDeadline(req.em, referral.id, 'acknowledgement', now);
    await cancelOpenDeadlines(req.em, referral.id, now);
    req.audit('referral.decline', 'referral', referral.id, { reason: req.body.reason });
    await req.em.flush();
    const provider = await req.em.findOneOrFail(Provider, { id: referral.providerId });
    await queueNotice(app, req.em, {
      kind: 'referral.declined', params: { providerName: provider.name, submittedAt: iso(referral.submittedAt)!, reason: req.body.reason },
      link: `/my-referrals/${referral.id}`, to: [{ userIds: [referral.referredBy] }],
    });
    return toProviderReferral(req.em, referral);
  });

  app.get('/referrals/:id/duplicates', {
    config: { access: 'referrals.decide' },
    schema: { tags: ['referrals'], summary: 'People on file who may be the one referred, with their open case', params: ZIdParams, response: { 200: ZDuplicateResult } },
  }, async (req) => {
    const r = await providerReferral(req, req.params.id);
    const { matches, withheld } = await duplicateMatches(req, {
      lastName: r.personLastName, firstName: r.personFirstName, patronymic: r.personPatronymic ?? null, birthDate: r.personBirthDate ?? null,
    });
    req.audit('referral.duplicate_check', 'referral', r.id, { matches: matches.length });
    return { matches, withheld };
  });

  app.post('/referrals/:id/accept', {
    config: { access: 'referrals.decide' },
    schema: { tags: ['referrals'], summary: 'Accept: open or join a case and assign a case manager', params: ZIdParams, body: ZReferralAccept, response: { 200: ZReferral } },
  }, async (req) => {
    const referral = await providerReferral(req, req.params.id, true);
    assertTransition(referral, 'accepted');
    const [manager] = await req.em.execute<{ id: string; full_name: string; phone: string | null }[]>(
      `select u.id, u.full_name, u.phone from user_account u join membership m on m.user_id = u.id
        where u.id = ? and m.provider_id = ? and 'case_manager' = any(m.roles) and u.status = 'active'`,
      [req.body.caseManagerId, referral.providerId]);
    if (!manager) {
      throw unprocessable('not_a_case_manager', 'Assign an active case manager of your organisation', [{ path: 'body.caseManagerId', message: 'Not an active case manager here' }]);
    }
    const now = app.clock();
    const { beneficiaryId, confirmNew } = req.body;
    // The person may already have an open case here (found by the duplicate check): join it.
    const [open] = beneficiaryId ? await req.em.execute<{ id: string; assignee_id: string | null }[]>(
      `select id, assignee_id from support_case where provider_id = ? and beneficiary_id = ? and status <> 'closed' order by opened_at desc limit 1`,
      [referral.providerId, beneficiaryId]) : [];
    let caseId: string;
    if (open) {
      caseId = open.id;
      if (!open.assignee_id) {
        await req.em.execute(`update support_case set assignee_id = ?, version = version + 1 where provider_id = ? and id = ?`, [manager.id, referral.providerId, open.id]);
      }
      req.audit('case.referral_joined', 'case', open.id, { referralId: referral.id });
    } else {
      const [unit] = await req.em.execute<{ code: string }[]>(`select code from military_unit where id = ?`, [referral.unitId]);
      ({ caseId } = await openCase(req, {
        ...(beneficiaryId ? { beneficiaryId } : { beneficiary: beneficiaryFrom(referral, unit!.code), confirmNew }),
        categories: referral.categories, assigneeId: manager.id, source: { kind: 'referral', referralId: referral.id },
      }));
    }
    const [assignee] = await req.em.execute<{ assignee_id: string | null }[]>(`select assignee_id from support_case where provider_id = ? and id = ?`, [referral.providerId, caseId]);
    referral.status = 'accepted';
    referral.decidedAt = now;
    referral.decidedBy = req.actor!.userId;
    referral.caseManagerId = assignee?.assignee_id ?? manager.id;
    recordEvent(req.em, referral, 'accepted', now, req.actor!.userId);
    await meetDeadline(req.em, referral.id, 'acknowledgement', now);
    await linkCase(req.em, referral, caseId);
    req.audit('referral.accept', 'referral', referral.id, { caseId, caseManagerId: referral.caseManagerId, joined: Boolean(open) });
    await req.em.flush();
    const provider = await req.em.findOneOrFail(Provider, { id: referral.providerId });
    const [responsible] = await req.em.execute<{ full_name: string; phone: string | null }[]>(
      `select full_name, phone from user_account where id = ?`, [referral.caseManagerId]);
    await queueNotice(app, req.em, {
      kind: 'referral.accepted',
      params: { providerName: provider.name, submittedAt: iso(referral.submittedAt)!, managerName: responsible!.full_name, managerPhone: responsible!.phone },
      link: `/my-referrals/${referral.id}`, to: [{ userIds: [referral.referredBy] }],
    });
    return toProviderReferral(req.em, referral);
  });
}
