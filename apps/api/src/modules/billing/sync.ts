import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { render } from '../../lib/emails.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { AuditLog } from '../audit/entities.ts';
import { inForce, lockAccount, standingOf, type AccountRow } from './account.ts';
import { billingEmails } from './emails.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

/** Reads the subscription as Stripe has it now, with its latest invoice (when the unpaid period began). */
export const fetchSubscription = (stripe: Stripe, id: string) =>
  stripe.subscriptions.retrieve(id, { expand: ['latest_invoice'] });

/**
 * The provider a subscription belongs to: the `provider_id` our checkout wrote into its metadata,
 * on a provider that exists. Never anything a client sent.
 */
export async function providerOfSubscription(em: EntityManager, sub: Stripe.Subscription): Promise<string | null> {
  const id = sub.metadata?.provider_id;
  if (!id || !UUID.test(id)) return null;
  const [row] = await em.execute<{ id: string }[]>(`select id from provider where id = ?`, [id]);
  return row?.id ?? null;
}

export type SyncResult = 'applied' | 'stale' | 'customer_mismatch';

/**
 * Applies Stripe's current subscription to the provider's account, under the account's row lock.
 * `fetchedAt` orders concurrent syncs: a fetch older than the stored one is not applied, so events
 * handled in any order settle to Stripe's latest state.
 */
export async function applySubscription(
  app: FastifyInstance, em: EntityManager, providerId: string, sub: Stripe.Subscription, fetchedAt: Date,
): Promise<SyncResult> {
  const account = await lockAccount(em, providerId);
  const customer = idOf(sub.customer);
  if (account.stripe_customer_id && account.stripe_customer_id !== customer) return 'customer_mismatch';
  const sameSubscription = account.stripe_subscription_id === sub.id;
  if (sameSubscription && account.synced_at && new Date(account.synced_at) > fetchedAt) return 'stale';
  // An old, ended subscription must not replace the one now in force.
  if (account.stripe_subscription_id && !sameSubscription && inForce(account.subscription_status) && !inForce(sub.status)) return 'stale';

  const now = app.billing.now();
  const item = sub.items.data[0];
  const pastDue = sub.status === 'past_due' || sub.status === 'unpaid';
  const invoice = typeof sub.latest_invoice === 'object' ? sub.latest_invoice : null;
  // The unpaid period began when the unpaid invoice was issued (not when we heard of it), so a
  // missed or late webhook does not lengthen the grace period.
  const unpaidSince = invoice && invoice.status === 'open' ? new Date(Math.min(invoice.created * 1000, now.getTime())) : now;
  const pastDueSince = pastDue ? (account.past_due_since ?? unpaidSince) : null;

  await em.execute(
    `update billing_account set stripe_customer_id = ?, stripe_subscription_id = ?, stripe_item_id = ?, stripe_price_id = ?,
       subscription_status = ?, seat_quantity = ?, current_period_end = ?, cancel_at_period_end = ?,
       past_due_since = ?, past_due_notified_at = case when ? then past_due_notified_at end,
       restricted_notified_at = case when ? then restricted_notified_at end,
       synced_at = ?, updated_at = now(), version = version + 1
     where provider_id = ?`,
    [customer, sub.id, item?.id ?? null, item?.price.id ?? null, sub.status, item?.quantity ?? null,
      item ? new Date(item.current_period_end * 1000) : null, sub.cancel_at_period_end,
      pastDueSince, pastDue, pastDue, fetchedAt, providerId],
  );
  const changed = !sameSubscription || account.subscription_status !== sub.status || account.seat_quantity !== (item?.quantity ?? null);
  if (changed) auditBilling(em, providerId, 'billing.subscription_synced', { subscription: sub.id, status: sub.status, quantity: item?.quantity ?? null });
  // Sponsored providers are never restricted, so their admins get no "you will be restricted" email.
  if (pastDue && !account.past_due_notified_at && !account.sponsored) {
    const updated = { ...account, subscription_status: sub.status, stripe_subscription_id: sub.id, past_due_since: pastDueSince };
    await notifyAdmins(app, em, providerId, 'pastDue', updated);
    await em.execute(`update billing_account set past_due_notified_at = ? where provider_id = ?`, [now, providerId]);
  }
  return 'applied';
}

/** Emails the provider's NGO admins (queued in this transaction: sent only if it commits). */
export async function notifyAdmins(
  app: FastifyInstance, em: EntityManager, providerId: string, kind: 'pastDue' | 'restricted', account: AccountRow,
) {
  const admins = await em.execute<{ email: string; full_name: string; locale: 'uk' | 'en'; organisation: string }[]>(
    `select u.email, u.full_name, u.locale, p.name as organisation
       from membership m join user_account u on u.id = m.user_id join provider p on p.id = m.provider_id
      where m.provider_id = ? and 'ngo_admin' = any (m.roles) and u.status = 'active'`, [providerId]);
  const link = `${app.config.publicUrl}/billing`;
  const { standing } = standingOf(app.billing, account);
  for (const a of admins) {
    const graceEnds = standing.graceEndsAt
      ? new Intl.DateTimeFormat(a.locale === 'uk' ? 'uk-UA' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Kyiv' }).format(standing.graceEndsAt)
      : '';
    const mail = kind === 'pastDue'
      ? render(billingEmails.pastDue, a.locale, a.email, { fullName: a.full_name, organisation: a.organisation, graceEnds, link })
      : render(billingEmails.restricted, a.locale, a.email, { fullName: a.full_name, organisation: a.organisation, link });
    await app.jobs.send(em, QUEUES.email, mail);
  }
}

/** Audit entries of changes made by Stripe or a job rather than a signed-in person. */
export function auditBilling(em: EntityManager, providerId: string, action: string, meta: Record<string, unknown>, requestId: string | null = null) {
  em.create(AuditLog, { providerId, actorId: null, action, entity: 'billing_account', entityId: providerId, requestId, ip: null, meta });
}
