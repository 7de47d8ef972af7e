import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { z } from 'zod';
import { Problem } from '../../lib/problems.ts';
import { callStripe } from './stripe.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { applySubscription, fetchSubscription, idOf, providerOfSubscription } from './sync.ts';

/** The only events we act on; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
]);

type Outcome = 'processed' | 'ignored' | 'unmatched';
const ZAck = z.object({ received: z.literal(true), outcome: z.enum(['processed', 'ignored', 'unmatched', 'duplicate']) });

/** The verified event of a delivery, for recording a failure after its transaction rolled back. */
const deliveries = new WeakMap<FastifyRequest, Stripe.Event>();

/**
 * POST /api/v1/billing/webhook, in its own scope: the body stays raw bytes (the signature is over
 * them) without touching JSON parsing elsewhere. It runs in the request transaction like every
 * /api/v1 route; the event id is claimed in it, so an event takes effect exactly once.
 */
export default async function webhookRoutes(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // A failed delivery rolls its transaction back; record the failure apart, so the operator sees
  // it, and answer 5xx so Stripe retries.
  app.addHook('onError', async (req, _reply, err) => {
    const event = deliveries.get(req);
    if (!event) return;
    await app.orm.em.fork().execute(
      `insert into billing_event (id, type, outcome, error) values (?, ?, 'failed', ?)
       on conflict (id) do update set attempts = billing_event.attempts + 1, last_attempt_at = now(), error = excluded.error
         where billing_event.processed_at is null`,
      [event.id, event.type, (err.message || 'failed').slice(0, 500)],
    ).catch((e: unknown) => req.log.error({ err: e }, 'could not record the failed Stripe event'));
  });

  app.post('/billing/webhook', {
    config: { public: true },
    schema: {
      tags: ['billing'],
      summary: 'Stripe webhook (signed; Stripe calls it)',
      headers: z.looseObject({ 'stripe-signature': z.string().max(2000).optional() }),
      response: { 200: ZAck },
    },
  }, async (req) => {
    const { stripe, config } = app.billing;
    if (!stripe || !config.webhookSecret) throw new Problem(404, 'billing_disabled', 'Billing is not configured on this platform');
    const signature = req.headers['stripe-signature'];
    if (!Buffer.isBuffer(req.body) || typeof signature !== 'string') throw new Problem(400, 'invalid_signature', 'A signed Stripe event is required');
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(req.body, signature, config.webhookSecret);
    } catch {
      throw new Problem(400, 'invalid_signature', 'The Stripe signature does not match');
    }
    deliveries.set(req, event);
    return { received: true as const, outcome: await handleEvent(app, req, stripe, event) };
  });
}

async function handleEvent(app: FastifyInstance, req: FastifyRequest, stripe: Stripe, event: Stripe.Event) {
  const em = req.em;
  if (await alreadyProcessed(em, event.id)) return 'duplicate';
  if (!HANDLED_EVENTS.has(event.type)) return (await claim(em, event, 'ignored', null, null)) ? 'ignored' : 'duplicate';

  // Ask Stripe before taking any lock: the event's own copy is only a hint of what to fetch.
  const subscriptionId = await callStripe(req, 'read the event’s subject', () => subscriptionOf(stripe, event));
  if (!subscriptionId) return (await claim(em, event, 'ignored', null, 'no subscription')) ? 'ignored' : 'duplicate';
  const fetchedAt = new Date();
  const sub = await callStripe(req, 'read the subscription', () => fetchSubscription(stripe, subscriptionId));
  const providerId = await providerOfSubscription(em, sub);
  if (!providerId) return (await claim(em, event, 'unmatched', null, 'subscription without a known provider_id in its metadata')) ? 'unmatched' : 'duplicate';

  if (!(await claim(em, event, 'processed', providerId, null))) return 'duplicate';
  await req.crossTenantBind(providerId);
  const result = await applySubscription(app, em, providerId, sub, fetchedAt);
  if (result === 'customer_mismatch') {
    await em.execute(`update billing_event set outcome = 'unmatched', error = ? where id = ?`, ['the subscription belongs to another Stripe customer', event.id]);
    return 'unmatched';
  }
  // Seats may have changed between checkout and payment; the job sets the quantity from staff.
  if (event.type === 'checkout.session.completed') await app.jobs.send(em, QUEUES.billingSeatSync, { providerId });
  return 'processed';
}

async function alreadyProcessed(em: EntityManager, id: string) {
  const [row] = await em.execute<{ done: boolean }[]>(`select processed_at is not null as done from billing_event where id = ?`, [id]);
  return Boolean(row?.done);
}

/**
 * Claims the event id in this transaction. A concurrent delivery of the same event waits on the
 * primary key until this one commits, then finds it processed and claims nothing.
 */
async function claim(em: EntityManager, event: Stripe.Event, outcome: Outcome, providerId: string | null, error: string | null) {
  const objectId = (event.data.object as { id?: string }).id ?? null;
  const rows = await em.execute(
    `insert into billing_event (id, type, outcome, provider_id, object_id, error, processed_at) values (?, ?, ?, ?, ?, ?, now())
     on conflict (id) do update set attempts = billing_event.attempts + 1, last_attempt_at = now(), outcome = excluded.outcome,
       provider_id = excluded.provider_id, object_id = excluded.object_id, error = excluded.error, processed_at = now()
       where billing_event.processed_at is null
     returning id`,
    [event.id, event.type, outcome, providerId, objectId, error],
  );
  return rows.length > 0;
}

/** Which subscription an event is about. Checkout sessions are re-read from Stripe too. */
async function subscriptionOf(stripe: Stripe, event: Stripe.Event): Promise<string | null> {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = await stripe.checkout.sessions.retrieve(event.data.object.id);
      return session.mode === 'subscription' ? idOf(session.subscription) : null;
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return event.data.object.id;
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      // Endpoints on API versions before 2025-03 carry `invoice.subscription` instead of `parent`.
      const legacy = (invoice as { subscription?: string | { id: string } | null }).subscription;
      return idOf(invoice.parent?.subscription_details?.subscription ?? legacy);
    }
    default:
      return null;
  }
}
