import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../db/tenancy.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { desiredQuantity, findAccount, isLive, standingOf, usedSeats } from './account.ts';
import { applySubscription, auditBilling, fetchSubscription, notifyAdmins } from './sync.ts';

/** Billing's background work: seat quantities follow staff; grace periods run out by time. */
export function registerBillingJobs(app: FastifyInstance) {
  app.jobs.handle(QUEUES.billingSeatSync, async ({ providerId }: { providerId: string }) => {
    await syncSeats(app, providerId);
  });
  app.jobs.handle(QUEUES.billingDaily, async () => {
    await dailyReview(app);
  });
}

/**
 * Sets the subscription's quantity to the staff holding seats now (prorated). Reads in one short
 * transaction, calls Stripe outside any, records the result in another; a Stripe failure throws
 * and pg-boss retries with backoff. Duplicate jobs are harmless: each sets the current count.
 */
export async function syncSeats(app: FastifyInstance, providerId: string) {
  const stripe = app.billing.stripe;
  if (!stripe) return;
  const change = await withTenant(app.orm, { providerId: providerId }, async ({ em }) => {
    const account = await findAccount(em, providerId);
    if (!account?.stripe_item_id || !isLive(account.subscription_status) || account.subscription_status === 'incomplete') return null;
    const quantity = desiredQuantity(account, await usedSeats(em, providerId));
    return quantity === account.seat_quantity ? null : { itemId: account.stripe_item_id, from: account.seat_quantity, quantity };
  });
  if (!change) return;
  await stripe.subscriptionItems.update(change.itemId, { quantity: change.quantity, proration_behavior: 'create_prorations' });
  await withTenant(app.orm, { providerId: providerId }, async ({ em }) => {
    await em.execute(
      `update billing_account set seat_quantity = ?, updated_at = now(), version = version + 1 where provider_id = ? and stripe_item_id = ?`,
      [change.quantity, providerId, change.itemId]);
    auditBilling(em, providerId, 'billing.seats_synced', { from: change.from, to: change.quantity });
  });
}

/**
 * Once a day: re-reads each paid subscription from Stripe (settling any missed webhook), and
 * tells the admins of providers whose grace period has just run out. Standing itself is always
 * evaluated from stored dates when read, so nothing waits for this job to be correct.
 */
export async function dailyReview(app: FastifyInstance) {
  const stripe = app.billing.stripe;
  if (!stripe) return;
  // Platform-wide list of accounts with a subscription (no tenant: the policy shows every row).
  const accounts = await app.orm.em.fork().execute<{ provider_id: string; stripe_subscription_id: string }[]>(
    `select provider_id, stripe_subscription_id from billing_account
      where stripe_subscription_id is not null and subscription_status is distinct from 'canceled'
        and subscription_status is distinct from 'incomplete_expired'`);
  for (const { provider_id: providerId, stripe_subscription_id: subscriptionId } of accounts) {
    try {
      const fetchedAt = new Date();
      const sub = await fetchSubscription(stripe, subscriptionId);
      await withTenant(app.orm, { providerId: providerId }, ({ em }) => applySubscription(app, em, providerId, sub, fetchedAt));
    } catch (err) {
      app.log.warn({ err, providerId }, 'billing: could not re-read the subscription from Stripe');
    }
    await withTenant(app.orm, { providerId: providerId }, async ({ em }) => {
      const account = await findAccount(em, providerId, { lock: true });
      if (!account || account.restricted_notified_at) return;
      if (standingOf(app.billing, account).standing.standing !== 'restricted') return;
      await notifyAdmins(app, em, providerId, 'restricted', account);
      await em.execute(`update billing_account set restricted_notified_at = ? where provider_id = ?`, [app.billing.now(), providerId]);
      auditBilling(em, providerId, 'billing.restricted', {});
    });
  }
}
