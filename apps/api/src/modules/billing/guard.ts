import type { FastifyRequest } from 'fastify';
import { billingAllows, type BillingGate } from '@pilot/domain';
import { Problem } from '../../lib/problems.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { findAccount, standingOf, usedSeats } from './account.ts';

const DETAIL = {
  billing_restricted: 'Billing is restricted for your organisation: pay or choose a plan to add staff or open new cases. Existing work is not affected.',
  seat_limit_reached: 'All seats of your plan are taken: subscribe for extra seats or ask the platform to raise the pilot limit.',
} as const;

/**
 * The one billing check features call before starting something new (a staff seat, a case).
 * Throws 402 `billing_restricted` or `seat_limit_reached`; never used for reading, exporting,
 * editing existing cases or finishing referrals. With billing off it allows everything.
 */
export async function assertBillingAllows(req: FastifyRequest, gate: BillingGate): Promise<void> {
  const billing = req.server.billing;
  const providerId = req.tenantId;
  if (!billing.enabled || !providerId) return;
  // A new seat locks the account row, so two invitations at once cannot both take the last seat.
  const account = await findAccount(req.em, providerId, { lock: gate === 'new_seat' });
  const { facts, standing } = standingOf(billing, account);
  const seats = gate === 'new_seat' ? await usedSeats(req.em, providerId) : 0;
  const verdict = billingAllows(gate, facts, standing, seats);
  if (!verdict.allowed) {
    throw new Problem(402, verdict.reason, DETAIL[verdict.reason], { extra: { standing: standing.standing, gate } });
  }
}

/**
 * Staff changed: queue the seat-quantity sync in the same transaction. Stripe is called by the
 * job, with retries, so an outage at Stripe never blocks staff management.
 */
export async function queueSeatSync(req: FastifyRequest): Promise<void> {
  if (!req.server.billing.enabled || !req.tenantId) return;
  await req.server.jobs.send(req.em, QUEUES.billingSeatSync, { providerId: req.tenantId });
}
