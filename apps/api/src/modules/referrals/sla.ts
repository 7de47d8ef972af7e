import type { FastifyInstance } from 'fastify';
import type { ServiceTarget } from '@pilot/domain';
import { tenantFork, withTenant } from '../../db/tenancy.ts';
import { AuditLog } from '../audit/entities.ts';
import { queueNotice } from '../notifications/service.ts';
import { ReferralEvent } from './entities.ts';

interface DueRow { id: string; provider_id: string }
interface DeadlineRow {
  id: string; referral_id: string; provider_id: string; provider_name: string; unit_code: string; target: ServiceTarget;
  due_at: string; escalate_at: string; reminded_at: string | null; escalated_at: string | null; case_manager_id: string | null;
}

/** How many passed deadlines one sweep handles; the next sweep takes the rest. */
const BATCH = 500;

/**
 * The escalation sweep, a pg-boss job run every few minutes: every service target whose
 * deadline passed (by the app's clock) gets a reminder to the case manager and the
 * supervisors; one working day later, an escalation to the provider's admins and the
 * ministry's escalation list. Each step is recorded once, on the deadline and on the
 * referral's timeline, in the provider's own transaction and audit log. It also empties the
 * outbox of notices to referrers (first contact made).
 */
export async function sweepDeadlines(app: FastifyInstance): Promise<number> {
  const now = app.clock();
  // Deadlines hold ids and times only; a context without tenant or unit reads them across providers.
  const untenanted = tenantFork(app.orm, { providerId: null });
  const due = await untenanted.transactional((tx) => tx.execute<DueRow[]>(
    `select id, provider_id from referral_deadline
      where met_at is null and cancelled_at is null
        and ((reminded_at is null and due_at <= ?) or (escalated_at is null and escalate_at <= ?))
      order by due_at limit ?`, [now, now, BATCH]));
  for (const d of due) await handleDeadline(app, d, now);
  const unsent = await untenanted.transactional((tx) => tx.execute<DueRow[]>(
    `select id, provider_id from referral_outbox where sent_at is null order by created_at limit ?`, [BATCH]));
  for (const o of unsent) await sendFromOutbox(app, o, now);
  return due.length + unsent.length;
}

/** Tells the referrer what the case reached (first contact), once: the outbox the case-timeline trigger fills. */
async function sendFromOutbox(app: FastifyInstance, o: DueRow, now: Date) {
  await withTenant(app.orm, { providerId: o.provider_id }, async ({ em: tx }) => {
    const [row] = await tx.execute<{ referral_id: string; referred_by: string; submitted_at: string; provider_name: string }[]>(
      `select r.id as referral_id, r.referred_by, r.submitted_at, p.name as provider_name
         from referral_outbox o join referral r on r.id = o.referral_id join provider p on p.id = r.provider_id
        where o.id = ? and o.sent_at is null for update of o skip locked`, [o.id]);
    if (!row) return;
    await queueNotice(app, tx, {
      kind: 'referral.first_contact', params: { providerName: row.provider_name, submittedAt: new Date(row.submitted_at).toISOString() },
      link: `/my-referrals/${row.referral_id}`, to: [{ userIds: [row.referred_by] }],
    });
    await tx.execute(`update referral_outbox set sent_at = ? where id = ?`, [now, o.id]);
  });
}

async function handleDeadline(app: FastifyInstance, due: DueRow, now: Date) {
  await withTenant(app.orm, { providerId: due.provider_id }, async ({ em: tx }) => {
    const [d] = await tx.execute<DeadlineRow[]>(
      `select d.id, d.referral_id, d.provider_id, p.name as provider_name, u.code as unit_code, d.target, d.due_at, d.escalate_at,
          d.reminded_at, d.escalated_at, r.case_manager_id
        from referral_deadline d join referral r on r.id = d.referral_id join military_unit u on u.id = d.unit_id
        join provider p on p.id = d.provider_id
        where d.id = ? and d.met_at is null and d.cancelled_at is null
        for update of d skip locked`, [due.id]);
    if (!d) return;
    const params = { unitCode: d.unit_code, providerName: d.provider_name, target: d.target, dueAt: new Date(d.due_at).toISOString() };
    const record = (kind: 'reminder' | 'escalation') => {
      tx.create(ReferralEvent, { providerId: d.provider_id, referralId: d.referral_id, at: now, kind, actorId: null, target: d.target, declineReason: null });
      tx.create(AuditLog, {
        providerId: d.provider_id, actorId: null, action: `referral.${kind}`, entity: 'referral', entityId: d.referral_id,
        requestId: null, ip: null, meta: { target: d.target, dueAt: params.dueAt },
      });
    };
    if (!d.reminded_at && new Date(d.due_at) <= now) {
      record('reminder');
      await tx.execute(`update referral_deadline set reminded_at = ? where id = ?`, [now, d.id]);
      await queueNotice(app, tx, {
        kind: 'referral.reminder', params, link: `/referrals/${d.referral_id}`,
        to: [{ providerId: d.provider_id, roles: ['supervisor'] }, { userIds: d.case_manager_id ? [d.case_manager_id] : [] }],
      });
    }
    if (!d.escalated_at && new Date(d.escalate_at) <= now) {
      record('escalation');
      await tx.execute(`update referral_deadline set escalated_at = ? where id = ?`, [now, d.id]);
      await queueNotice(app, tx, {
        kind: 'referral.escalation', params, link: '/escalations',
        to: [{ providerId: d.provider_id, roles: ['ngo_admin'] }, { ministryEscalation: true }],
      });
    }
  });
}
