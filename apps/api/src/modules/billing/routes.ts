import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import {
  ZBillingOverview, ZBillingStatus, ZCheckoutCreate, ZIdParams, ZInvoicePage, ZInvoiceQuery, ZPilotGrant, ZPortalCreate,
  ZProviderBilling, ZProviderBillingPage, ZProviderBillingQuery, ZRedirect, ZWebhookEventPage, ZWebhookEventQuery,
  type TInvoice, type TProviderBilling,
} from '@pilot/contracts';
import { badRequest, conflict, notFound, Problem, unprocessable } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { Provider } from '../providers/entities.ts';
import {
  desiredQuantity, ensureAccount, findAccount, isLive, lockAccount, plansOf, seatsOf, standingOf, toStatus, usedSeats, type AccountRow,
} from './account.ts';
import { queueSeatSync } from './guard.ts';
import { callStripe, type Billing, type Stripe } from './stripe.ts';
import webhookRoutes from './webhook.ts';

function requireStripe(billing: Billing): Stripe {
  if (!billing.stripe) throw conflict('billing_disabled', 'Billing is not configured on this platform');
  return billing.stripe;
}

const unixIso = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);

const toInvoice = (i: Stripe.Invoice): TInvoice => ({
  id: i.id, number: i.number, status: i.status, total: i.total, currency: i.currency,
  createdAt: unixIso(i.created)!, periodStart: unixIso(i.period_start), periodEnd: unixIso(i.period_end),
  hostedUrl: i.hosted_invoice_url ?? null, pdfUrl: i.invoice_pdf ?? null,
});

type ProviderBillingRow = AccountRow & { id: string; name: string; used: string; synced_at: Date | null };

/**
 * Cross-tenant by design (the platform operator and the ministry): providers with their billing
 * account and seat counts. Organisation-level figures only, no person.
 */
const PROVIDER_BILLING_SQL = `
  select p.id, p.name, b.sponsored, b.pilot_seat_limit, b.stripe_subscription_id, b.stripe_price_id,
         b.subscription_status, b.seat_quantity, b.past_due_since, b.synced_at,
         (select count(*) from membership m join user_account u on u.id = m.user_id
           where m.provider_id = p.id and u.status <> 'deactivated') as used
    from provider p left join billing_account b on b.provider_id = p.id`;

function toProviderBilling(billing: Billing, row: ProviderBillingRow): TProviderBilling {
  const account = row.sponsored === null ? null : row;
  const { facts, standing } = standingOf(billing, account);
  return {
    id: row.id,
    providerName: row.name,
    ...toStatus(billing, standing),
    plans: plansOf(billing, account),
    pilotSeatLimit: row.sponsored ? row.pilot_seat_limit : null,
    seats: seatsOf(facts, standing, account, Number(row.used)),
    subscriptionStatus: row.subscription_status ?? null,
    syncedAt: iso(row.synced_at),
  };
}

async function providerBilling(req: FastifyRequest, providerId: string): Promise<TProviderBilling> {
  const [row] = await req.em.execute<ProviderBillingRow[]>(`${PROVIDER_BILLING_SQL} where p.id = ?`, [providerId]);
  if (!row) throw notFound();
  return toProviderBilling(req.server.billing, row);
}

/** The provider's Stripe customer, created on first checkout (idempotent at Stripe per provider and details). */
async function ensureCustomer(req: FastifyRequest, stripe: Stripe, account: AccountRow): Promise<string> {
  if (account.stripe_customer_id) return account.stripe_customer_id;
  const provider = await req.em.findOneOrFail(Provider, { id: account.provider_id });
  const params = { name: provider.name, email: provider.contactEmail, metadata: { provider_id: provider.id } };
  const key = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 24);
  const customer = await callStripe(req, 'create customer', () =>
    stripe.customers.create(params, { idempotencyKey: `customer-${provider.id}-${key}` }));
  const [kept] = await req.em.execute<{ stripe_customer_id: string }[]>(
    `update billing_account set stripe_customer_id = coalesce(stripe_customer_id, ?), updated_at = now()
      where provider_id = ? returning stripe_customer_id`, [customer.id, provider.id]);
  return kept!.stripe_customer_id;
}

export default async function billingRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  await root.register(webhookRoutes);

  // ---- every staff member of a provider: the banner ----
  app.get('/billing/status', {
    config: { access: 'billing.status' },
    schema: { tags: ['billing'], summary: "The provider's billing standing (for the banner)", response: { 200: ZBillingStatus } },
  }, async (req) => {
    const account = await findAccount(req.em, req.actor!.providerId!);
    return toStatus(app.billing, standingOf(app.billing, account).standing);
  });

  // ---- the NGO admin ----
  app.get('/billing', {
    config: { access: 'billing.manage' },
    schema: { tags: ['billing'], summary: 'Plan, seats, status and next invoice', response: { 200: ZBillingOverview } },
  }, async (req) => {
    const billing = app.billing;
    const providerId = req.actor!.providerId!;
    const account = await findAccount(req.em, providerId);
    const { facts, standing } = standingOf(billing, account);
    const live = account && isLive(account.subscription_status) ? account : null;
    let nextInvoice = null;
    let stripeUnavailable = false;
    if (billing.stripe && live?.stripe_customer_id && live.stripe_subscription_id && !live.cancel_at_period_end) {
      try {
        const preview = await billing.stripe.invoices.createPreview({ customer: live.stripe_customer_id, subscription: live.stripe_subscription_id });
        nextInvoice = { amount: preview.amount_due, currency: preview.currency, date: iso(live.current_period_end) };
      } catch (err) {
        req.log.warn({ err: { message: (err as Error).message } }, 'stripe: invoice preview failed');
        stripeUnavailable = true;
      }
    }
    return {
      ...toStatus(billing, standing),
      plans: plansOf(billing, account),
      seats: seatsOf(facts, standing, account, await usedSeats(req.em, providerId)),
      subscription: account?.stripe_subscription_id ? {
        status: account.subscription_status ?? 'unknown',
        plan: billing.planOfPrice(account.stripe_price_id),
        currentPeriodEnd: iso(account.current_period_end),
        cancelAtPeriodEnd: account.cancel_at_period_end,
        live: isLive(account.subscription_status),
      } : null,
      nextInvoice,
      availablePlans: billing.enabled ? billing.availablePlans : [],
      hasCustomer: Boolean(account?.stripe_customer_id),
      stripeUnavailable,
    };
  });

  app.get('/billing/invoices', {
    config: { access: 'billing.manage' },
    schema: { tags: ['billing'], summary: 'Past invoices, from Stripe', querystring: ZInvoiceQuery, response: { 200: ZInvoicePage } },
  }, async (req) => {
    const { limit, cursor } = req.query;
    if (cursor && !/^in_\w{1,250}$/.test(cursor)) throw badRequest('The cursor is not valid', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
    const account = await findAccount(req.em, req.actor!.providerId!);
    const stripe = app.billing.stripe;
    if (!stripe || !account?.stripe_customer_id) return { items: [], nextCursor: null };
    const list = await callStripe(req, 'list invoices', () =>
      stripe.invoices.list({ customer: account.stripe_customer_id!, limit, ...(cursor ? { starting_after: cursor } : {}) }));
    const items = list.data.filter((i) => i.status !== 'draft').map(toInvoice);
    return { items, nextCursor: list.has_more ? (list.data.at(-1)?.id ?? null) : null };
  });

  app.post('/billing/checkout', {
    config: { access: 'billing.manage' },
    schema: { tags: ['billing'], summary: 'Start Stripe Checkout for a paid plan', body: ZCheckoutCreate, response: { 200: ZRedirect } },
  }, async (req) => {
    const billing = app.billing;
    const stripe = requireStripe(billing);
    const { plan } = req.body;
    const price = billing.config.prices[plan];
    if (!price) throw unprocessable('plan_unavailable', 'This plan is not offered', [{ path: 'body.plan', message: 'Not offered' }]);
    const providerId = req.actor!.providerId!;
    // No lock while Stripe is called: concurrent clicks are deduplicated by Stripe's idempotency key.
    const account = await ensureAccount(req.em, providerId);
    if (isLive(account.subscription_status)) {
      throw conflict('already_subscribed', 'Your organisation already has a subscription: change the plan in the billing portal');
    }
    const used = await usedSeats(req.em, providerId);
    if (account.sponsored && used < (account.pilot_seat_limit ?? 0)) {
      throw conflict('pilot_seats_available', 'The pilot plan still has free seats: a subscription is only needed beyond them');
    }
    const customer = await ensureCustomer(req, stripe, account);
    // At least one seat: a sponsored provider subscribes for the first seat beyond its pilot limit.
    const quantity = Math.max(1, desiredQuantity(account, used));
    const back = `${app.config.publicUrl}/billing`;
    const session = await callStripe(req, 'create checkout session', () => stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: providerId,
      line_items: [{ price, quantity }],
      // The webhook finds the provider through this metadata, set here by us and never by the client.
      metadata: { provider_id: providerId },
      subscription_data: { metadata: { provider_id: providerId } },
      success_url: `${back}?checkout=success`,
      cancel_url: `${back}?checkout=canceled`,
    }));
    if (!session.url) throw new Problem(503, 'stripe_unavailable', 'Stripe did not return a checkout address');
    req.audit('billing.checkout_started', 'billing_account', providerId, { plan, quantity });
    return { url: session.url };
  });

  app.post('/billing/portal', {
    config: { access: 'billing.manage' },
    schema: { tags: ['billing'], summary: 'Open the Stripe Customer Portal (payment methods, plan change, cancel)', body: ZPortalCreate, response: { 200: ZRedirect } },
  }, async (req) => {
    const stripe = requireStripe(app.billing);
    const account = await findAccount(req.em, req.actor!.providerId!);
    if (!account?.stripe_customer_id) throw conflict('no_customer', 'There is no subscription to manage yet: choose a plan first');
    const changePlan = req.body.flow === 'change_plan';
    if (changePlan && !(account.stripe_subscription_id && isLive(account.subscription_status))) {
      throw conflict('no_subscription', 'There is no subscription whose plan could be changed');
    }
    const session = await callStripe(req, 'create portal session', () => stripe.billingPortal.sessions.create({
      customer: account.stripe_customer_id!,
      return_url: `${app.config.publicUrl}/billing`,
      ...(changePlan ? { flow_data: { type: 'subscription_update' as const, subscription_update: { subscription: account.stripe_subscription_id! } } } : {}),
    }));
    req.audit('billing.portal_opened', 'billing_account', account.provider_id, { flow: req.body.flow });
    return { url: session.url };
  });

  // ---- the platform operator and the ministry ----
  app.get('/billing/providers', {
    config: { access: 'billing.providers' },
    schema: { tags: ['billing'], summary: "Every provider's billing standing", querystring: ZProviderBillingQuery, response: { 200: ZProviderBillingPage } },
  }, async (req) => {
    const { limit, cursor, q } = req.query;
    const after = decodeCursor(cursor, ['text', 'uuid']);
    const params: unknown[] = [];
    let sql = `${PROVIDER_BILLING_SQL} where true`;
    if (q) { sql += ` and (p.name ilike ? or p.edrpou like ?)`; params.push(`%${q}%`, `${q}%`); }
    if (after) { sql += ` and (p.name, p.id) > (?, ?::uuid)`; params.push(after[0], after[1]); }
    sql += ` order by p.name, p.id limit ?`;
    params.push(limit + 1);
    const rows = await req.em.execute<ProviderBillingRow[]>(sql, params);
    const page = toPage(rows, limit, (r) => [r.name, r.id]);
    return { items: page.items.map((r) => toProviderBilling(app.billing, r)), nextCursor: page.nextCursor };
  });

  app.get('/billing/providers/:id', {
    config: { access: 'billing.providers' },
    schema: { tags: ['billing'], summary: "One provider's billing standing", params: ZIdParams, response: { 200: ZProviderBilling } },
  }, async (req) => providerBilling(req, req.params.id));

  app.put('/billing/providers/:id/pilot', {
    config: { access: 'billing.providers' },
    schema: { tags: ['billing'], summary: 'Grant the sponsored pilot plan (or change its seat limit)', params: ZIdParams, body: ZPilotGrant, response: { 200: ZProviderBilling } },
  }, async (req) => setPilot(req, req.params.id, req.body.seatLimit));

  app.delete('/billing/providers/:id/pilot', {
    config: { access: 'billing.providers' },
    schema: { tags: ['billing'], summary: 'Revoke the sponsored pilot plan', params: ZIdParams, response: { 200: ZProviderBilling } },
  }, async (req) => setPilot(req, req.params.id, null));

  app.get('/billing/webhook-events', {
    config: { access: 'billing.webhooks' },
    schema: { tags: ['billing'], summary: 'Stripe webhook deliveries and failures', querystring: ZWebhookEventQuery, response: { 200: ZWebhookEventPage } },
  }, async (req) => {
    const { limit, cursor, outcome } = req.query;
    const after = decodeCursor(cursor, ['time', 'text']);
    const params: unknown[] = [];
    let sql = `select e.*, p.name as provider_name from billing_event e left join provider p on p.id = e.provider_id where true`;
    if (outcome) { sql += ` and e.outcome = ?`; params.push(outcome); }
    if (after) { sql += ` and (e.received_at, e.id) < (?::timestamptz, ?)`; params.push(after[0], after[1]); }
    sql += ` order by e.received_at desc, e.id desc limit ?`;
    params.push(limit + 1);
    const rows = await req.em.execute<{
      id: string; type: string; outcome: 'processed' | 'ignored' | 'unmatched' | 'failed'; provider_id: string | null; provider_name: string | null;
      attempts: number; error: string | null; received_at: Date; last_attempt_at: Date;
    }[]>(sql, params);
    const page = toPage(rows, limit, (r) => [iso(r.received_at)!, r.id]);
    return {
      items: page.items.map((r) => ({
        id: r.id, type: r.type, outcome: r.outcome, providerId: r.provider_id, providerName: r.provider_name,
        attempts: r.attempts, error: r.error, receivedAt: iso(r.received_at)!, lastAttemptAt: iso(r.last_attempt_at)!,
      })),
      nextCursor: page.nextCursor,
    };
  });
}

/** Grants (with a seat limit) or revokes the pilot plan, recorded in the provider's own audit trail. */
async function setPilot(req: FastifyRequest, providerId: string, seatLimit: number | null): Promise<TProviderBilling> {
  const provider = await req.em.findOne(Provider, { id: providerId });
  if (!provider) throw notFound();
  await req.crossTenantBind(provider.id);
  await lockAccount(req.em, provider.id);
  await req.em.execute(
    `update billing_account set sponsored = ?, pilot_seat_limit = ?, pilot_changed_at = now(), pilot_changed_by = ?,
       updated_at = now(), version = version + 1 where provider_id = ?`,
    [seatLimit !== null, seatLimit, req.actor!.userId, provider.id]);
  req.audit(seatLimit !== null ? 'billing.pilot_granted' : 'billing.pilot_revoked', 'billing_account', provider.id, seatLimit !== null ? { seatLimit } : {});
  // Sponsored seats changed, so the billed quantity of any paid extra seats may too.
  await queueSeatSync(req);
  return providerBilling(req, provider.id);
}

