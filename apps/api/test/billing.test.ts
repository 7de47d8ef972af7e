import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../src/jobs/queues.ts';
import { newKey } from '../src/lib/crypto.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';
import { FAKE_PRICES, FakeStripe, type FakeEvent } from '../src/dev/fake-stripe.ts';

/**
 * Billing against the official Stripe SDK pointed at a local fake Stripe (no mock of the SDK),
 * with webhooks signed by the SDK's own test signer and the real secret.
 */
const SECRET_KEY = 'sk_test_pilotfake123';
const WEBHOOK_SECRET = 'whsec_pilotfake123';
const DAY = 86_400_000;

let t: TestApp;
let fake: FakeStripe;
let now = new Date('2026-12-01T09:00:00Z');
/** Nadiya's subscription, once it has subscribed. */
let subscriptionId: string;

beforeAll(async () => {
  fake = await new FakeStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, prices: FAKE_PRICES }).start();
  t = await startTestApp({
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PRICE_MONTHLY: 'price_test_monthly',
    STRIPE_PRICE_YEARLY: 'price_test_yearly',
    STRIPE_API_BASE: fake.url,
  }, { clock: () => now });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const NADIYA_ADMIN = 'admin@nadiya.demo';
const post = (event: FakeEvent | string, signature?: string) => {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  return t.app.inject({
    method: 'POST', url: '/api/v1/billing/webhook',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature ?? fake.sign(payload) },
    payload,
  });
};
const deliverAll = async (events: FakeEvent[]) => {
  for (const e of events) expect((await post(e)).statusCode, e.type).toBe(200);
};
const account = async () => (await t.sql<Record<string, any>>(`select * from billing_account where provider_id = $1`, [DEMO_IDS.nadiya]))[0]!;
const status = async (who = NADIYA_ADMIN) => (await t.as(who, { method: 'GET', url: '/api/v1/billing/status' })).json();
const invite = (email: string, who = NADIYA_ADMIN) => t.as(who, {
  method: 'POST', url: '/api/v1/staff', payload: { email, fullName: 'Нова Людина', roles: ['case_manager'] },
});
const mailsTo = async (email: string, subject: string) =>
  t.sql(`select 1 from pgboss.job where name = 'email.send' and data->>'to' = $1 and data->>'subject' like $2`, [email, `%${subject}%`]);
const runSeatSync = async () => {
  while (await t.app.jobs.runOnce(QUEUES.billingSeatSync));
};

describe('a provider without the pilot plan subscribes', () => {
  it('is restricted until it has a plan: no new staff seats', async () => {
    const revoke = await t.as('operator@pilot.demo', { method: 'DELETE', url: `/api/v1/billing/providers/${DEMO_IDS.nadiya}/pilot` });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({ standing: 'none', plans: [], pilotSeatLimit: null });
    const res = await invite('blocked@nadiya.demo');
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'billing_restricted', standing: 'none' });
    expect(await t.sql(`select 1 from user_account where email = 'blocked@nadiya.demo'`)).toHaveLength(0);
    // The revocation is in the provider's own audit trail, by the operator.
    const audit = await t.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/audit?action=billing.pilot_revoked' });
    expect(audit.json().items).toHaveLength(1);
  });

  it('starts Stripe Checkout with the provider in metadata and the seat count as quantity', async () => {
    const res = await t.as(NADIYA_ADMIN, { method: 'POST', url: '/api/v1/billing/checkout', payload: { plan: 'monthly' } });
    expect(res.statusCode).toBe(200);
    const url = res.json().url as string;
    expect(url.startsWith(`${fake.url}/checkout/cs_test_`)).toBe(true);
    const session = fake.sessions.get(url.split('/').at(-1)!)!;
    expect(session.metadata).toEqual({ provider_id: DEMO_IDS.nadiya });
    expect(session.subscription_data.metadata).toEqual({ provider_id: DEMO_IDS.nadiya });
    expect(session.line_items).toEqual([{ price: 'price_test_monthly', quantity: '4' }]);
    expect(fake.customers.get(session.customer)!.metadata).toEqual({ provider_id: DEMO_IDS.nadiya });
    expect((await account()).stripe_customer_id).toBe(session.customer);
  });

  it('refuses a plan the platform does not offer, naming the field', async () => {
    const res = await t.as(NADIYA_ADMIN, { method: 'POST', url: '/api/v1/billing/checkout', payload: { plan: 'weekly' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.plan');
  });

  it('becomes active when Stripe reports the completed checkout, re-read from Stripe', async () => {
    const [session] = [...fake.sessions.values()];
    const events = fake.completeCheckout(session!.id);
    subscriptionId = fake.subscriptionOfProvider(DEMO_IDS.nadiya)!.id;
    // The checkout event alone is enough: the subscription is fetched from Stripe, not taken from the event.
    const res = await post(events[0]!);
    expect(res.json()).toEqual({ received: true, outcome: 'processed' });
    await deliverAll(events.slice(1));
    const overview = (await t.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/billing' })).json();
    expect(overview).toMatchObject({
      enabled: true, standing: 'active', plans: ['monthly'],
      seats: { used: 4, allowed: null, sponsored: 0, billed: 4 },
      subscription: { status: 'active', plan: 'monthly', cancelAtPeriodEnd: false },
      nextInvoice: { amount: 200_000, currency: 'uah' },
      availablePlans: ['monthly', 'yearly'], hasCustomer: true, stripeUnavailable: false,
    });
    const invoices = (await t.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/billing/invoices' })).json();
    expect(invoices.items).toHaveLength(1);
    expect(invoices.items[0]).toMatchObject({ status: 'paid', total: 200_000, currency: 'uah' });
    // Checkout cannot start a second subscription; the portal changes the plan.
    const again = await t.as(NADIYA_ADMIN, { method: 'POST', url: '/api/v1/billing/checkout', payload: { plan: 'yearly' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_subscribed');
    const portal = await t.as(NADIYA_ADMIN, { method: 'POST', url: '/api/v1/billing/portal', payload: { flow: 'change_plan' } });
    expect(portal.statusCode).toBe(200);
    expect(portal.json().url).toMatch(new RegExp(`^${fake.url}/portal/bps_`));
    const portalSession = [...fake.portalSessions.values()].at(-1)!;
    expect(portalSession.flow).toMatchObject({ type: 'subscription_update', subscription_update: { subscription: (await account()).stripe_subscription_id } });
  });
});

describe('webhooks', () => {
  it('refuse a bad signature with 400 and no effect', async () => {
    const sub = fake.subscriptions.get(subscriptionId)!;
    const [failed] = fake.failPayment(sub.id, now);
    const payload = JSON.stringify(failed);
    const before = await account();
    for (const signature of [fake.sign(payload, 'whsec_someoneelse'), 't=1,v1=deadbeef', '']) {
      const res = await post(payload, signature);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('invalid_signature');
    }
    const tampered = await post(payload.replace('"status":"open"', '"status":"paid"'), fake.sign(payload));
    expect(tampered.statusCode).toBe(400);
    expect(await t.sql(`select 1 from billing_event where id = $1`, [failed!.id])).toHaveLength(0);
    expect((await account()).subscription_status).toBe(before.subscription_status);
    // Stripe has the subscription past due now; put it right for the next tests.
    await deliverAll(fake.payOpenInvoices(sub.id));
  });

  it('acknowledge an unknown event type with 200 and ignore it', async () => {
    const before = await account();
    const event = fake.event('customer.updated', { id: before.stripe_customer_id, object: 'customer' });
    const res = await post(event);
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('ignored');
    const after = await account();
    expect(after.version).toBe(before.version);
    expect(after.synced_at).toEqual(before.synced_at);
  });

  it('take effect exactly once, however often and however concurrently delivered', async () => {
    const sub = fake.subscriptions.get(subscriptionId)!;
    const [failed, updated] = fake.failPayment(sub.id, now);
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push((await post(failed!)).json().outcome);
    expect(sequential.filter((o) => o === 'processed')).toHaveLength(1);
    expect(sequential.filter((o) => o === 'duplicate')).toHaveLength(9);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => post(updated!)));
    expect(concurrent.every((r) => r.statusCode === 200)).toBe(true);
    expect(concurrent.filter((r) => r.json().outcome === 'processed')).toHaveLength(1);
    // One past-due email to the admin, one audit entry per change, one row per event.
    expect(await mailsTo(NADIYA_ADMIN, 'Не вдалося списати оплату')).toHaveLength(1);
    expect(await t.sql(`select 1 from billing_event where id in ($1, $2)`, [failed!.id, updated!.id])).toHaveLength(2);
    expect(await t.sql(`select 1 from audit_log where provider_id = $1 and action = 'billing.subscription_synced' and meta->>'status' = 'past_due'`, [DEMO_IDS.nadiya])).toHaveLength(1);
  });

  it('settle to Stripe’s current state when delivered out of order', async () => {
    const sub = fake.subscriptions.get(subscriptionId)!;
    const paid = fake.payOpenInvoices(sub.id);
    // Deliver the newest first, then older snapshots: each re-reads Stripe, which says active.
    for (const e of [...paid].reverse()) await post(e);
    const stale = fake.event('customer.subscription.updated', { ...sub, status: 'past_due' });
    await post(stale);
    expect((await account()).subscription_status).toBe('active');
    expect((await account()).past_due_since).toBeNull();
    expect((await status()).standing).toBe('active');
  });

  it('record a failed delivery for the operator, and process it when Stripe retries', async () => {
    const sub = fake.subscriptions.get(subscriptionId)!;
    const event = fake.event('customer.subscription.updated', sub);
    fake.outage = true;
    const first = await post(event);
    fake.outage = false;
    expect(first.statusCode).toBe(503);
    const [failed] = await t.sql<{ outcome: string; attempts: number; error: string }>(`select * from billing_event where id = $1`, [event.id]);
    expect(failed).toMatchObject({ outcome: 'failed', attempts: 1 });
    const list = (await t.as('operator@pilot.demo', { method: 'GET', url: '/api/v1/billing/webhook-events?outcome=failed' })).json();
    expect(list.items.map((e: { id: string }) => e.id)).toContain(event.id);
    const retry = await post(event);
    expect(retry.json().outcome).toBe('processed');
    const [done] = await t.sql(`select * from billing_event where id = $1`, [event.id]);
    expect(done).toMatchObject({ outcome: 'processed', attempts: 2, provider_id: DEMO_IDS.nadiya });
  });

  it('never trust a subscription without our provider metadata, nor another customer’s', async () => {
    const stranger = { ...structuredClone(fake.subscriptions.get(subscriptionId)!), id: 'sub_stranger1', metadata: {} };
    fake.subscriptions.set(stranger.id, stranger);
    const res = await post(fake.event('customer.subscription.updated', stranger));
    expect(res.json().outcome).toBe('unmatched');
    const hijack = { ...stranger, id: 'sub_hijack1', customer: 'cus_someoneelse', metadata: { provider_id: DEMO_IDS.nadiya }, status: 'canceled' };
    fake.subscriptions.set(hijack.id, hijack);
    expect((await post(fake.event('customer.subscription.deleted', hijack))).json().outcome).toBe('unmatched');
    expect((await account()).subscription_status).toBe('active');
  });
});

describe('seats follow staff', () => {
  it('updates the subscription quantity when staff are added or deactivated, through a job', async () => {
    const res = await invite('seat.five@nadiya.demo');
    expect(res.statusCode).toBe(201);
    const item = () => fake.subscriptions.get(subscriptionId)!.items.data[0];
    expect(item().quantity).toBe(4);
    await runSeatSync();
    expect(item().quantity).toBe(5);
    expect((await account()).seat_quantity).toBe(5);
    expect(fake.calls.at(-1)).toMatchObject({ path: `/v1/subscription_items/${item().id}`, body: { quantity: '5', proration_behavior: 'create_prorations' } });
    const off = await t.as(NADIYA_ADMIN, { method: 'PATCH', url: `/api/v1/staff/${res.json().id}`, payload: { status: 'deactivated' } });
    expect(off.statusCode).toBe(200);
    await runSeatSync();
    expect(item().quantity).toBe(4);
  });

  it('keeps staff management working while Stripe is down', async () => {
    fake.outage = true;
    const res = await invite('during.outage@nadiya.demo');
    expect(res.statusCode).toBe(201);
    await expect(t.app.jobs.runOnce(QUEUES.billingSeatSync)).rejects.toThrow();
    fake.outage = false;
    // The failed job retries later; any later sync sets the current count.
    const sync = await import('../src/modules/billing/jobs.ts');
    await sync.syncSeats(t.app, DEMO_IDS.nadiya);
    expect(fake.subscriptions.get(subscriptionId)!.items.data[0].quantity).toBe(5);
  });
});

describe('past due → grace → restricted → paid again → active', () => {
  it('moves by time alone and blocks only new seats (and new cases) after grace', async () => {
    const sub = fake.subscriptions.get(subscriptionId)!;
    await deliverAll(fake.failPayment(sub.id, new Date(now.getTime() - DAY)));
    expect(await status()).toMatchObject({ standing: 'past_due', graceDaysLeft: 13 });
    // Every staff member sees it (the banner), not only the admin.
    expect(await status('manager1@nadiya.demo')).toMatchObject({ standing: 'past_due' });
    expect((await invite('in.grace@nadiya.demo')).statusCode).toBe(201);

    now = new Date(now.getTime() + 13 * DAY);
    expect(await status()).toMatchObject({ standing: 'restricted', graceDaysLeft: 0 });
    const blocked = await invite('after.grace@nadiya.demo');
    expect(blocked.statusCode).toBe(402);
    expect(blocked.json().code).toBe('billing_restricted');
    // Existing staff and their work stay editable; reading and lists keep working.
    const [m] = await t.sql<{ id: string }>(`select id from user_account where email = 'manager2@nadiya.demo'`);
    const edit = await t.as(NADIYA_ADMIN, { method: 'PATCH', url: `/api/v1/staff/${m!.id}`, payload: { roles: ['case_manager', 'supervisor'] } });
    expect(edit.statusCode).toBe(200);
    expect((await t.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/staff' })).statusCode).toBe(200);

    // The daily job tells the admin once.
    await t.app.jobs.boss.send(QUEUES.billingDaily, {});
    await t.app.jobs.runOnce(QUEUES.billingDaily);
    await t.app.jobs.boss.send(QUEUES.billingDaily, {});
    await t.app.jobs.runOnce(QUEUES.billingDaily);
    expect(await mailsTo(NADIYA_ADMIN, 'Обмежений режим')).toHaveLength(1);

    await deliverAll(fake.payOpenInvoices(sub.id));
    expect(await status()).toMatchObject({ standing: 'active', graceEndsAt: null });
    expect((await invite('paid.again@nadiya.demo')).statusCode).toBe(201);
  });

  it('puts a canceled subscription in the same read-and-finish mode', async () => {
    const sub = fake.subscriptions.get(subscriptionId)!;
    await deliverAll(fake.cancel(sub.id));
    expect((await status()).standing).toBe('canceled');
    expect((await invite('after.cancel@nadiya.demo')).statusCode).toBe(402);
    expect((await t.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/staff' })).statusCode).toBe(200);
    const overview = (await t.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/billing' })).json();
    expect(overview).toMatchObject({ standing: 'canceled', plans: [], subscription: { status: 'canceled' }, nextInvoice: null });
  });
});

describe('the pilot plan', () => {
  it('is granted with a seat limit by the ministry or the operator, and never restricted', async () => {
    const grant = await t.as('coordinator@minsoc.demo', { method: 'PUT', url: `/api/v1/billing/providers/${DEMO_IDS.razom}/pilot`, payload: { seatLimit: 4 } });
    expect(grant.statusCode).toBe(200);
    expect(grant.json()).toMatchObject({ standing: 'sponsored', plans: ['pilot'], pilotSeatLimit: 4, seats: { used: 4, allowed: 4, sponsored: 4 } });
    const full = await invite('fifth@razom.demo', 'admin@razom.demo');
    expect(full.statusCode).toBe(402);
    expect(full.json().code).toBe('seat_limit_reached');
    await t.as('operator@pilot.demo', { method: 'PUT', url: `/api/v1/billing/providers/${DEMO_IDS.razom}/pilot`, payload: { seatLimit: 10 } });
    expect((await invite('fifth@razom.demo', 'admin@razom.demo')).statusCode).toBe(201);
    now = new Date(now.getTime() + 365 * DAY);
    expect((await status('admin@razom.demo')).standing).toBe('sponsored');
  });

  it('lets a sponsored provider pay for seats beyond its limit, without ever restricting it', async () => {
    const RAZOM = 'admin@razom.demo';
    const early = await t.as(RAZOM, { method: 'POST', url: '/api/v1/billing/checkout', payload: { plan: 'monthly' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('pilot_seats_available');

    await t.as('operator@pilot.demo', { method: 'PUT', url: `/api/v1/billing/providers/${DEMO_IDS.razom}/pilot`, payload: { seatLimit: 5 } });
    const res = await t.as(RAZOM, { method: 'POST', url: '/api/v1/billing/checkout', payload: { plan: 'monthly' } });
    expect(res.statusCode).toBe(200);
    const session = fake.sessions.get(res.json().url.split('/').at(-1))!;
    expect(session.line_items).toEqual([{ price: 'price_test_monthly', quantity: '1' }]);
    await deliverAll(fake.completeCheckout(session.id));
    const extraSub = fake.subscriptionOfProvider(DEMO_IDS.razom)!;
    await runSeatSync();
    expect(extraSub.items.data[0].quantity).toBe(0);
    const overview = (await t.as(RAZOM, { method: 'GET', url: '/api/v1/billing' })).json();
    expect(overview).toMatchObject({ standing: 'sponsored', plans: ['pilot', 'monthly'], seats: { used: 5, allowed: null, sponsored: 5, billed: 0 } });

    expect((await invite('sixth@razom.demo', RAZOM)).statusCode).toBe(201);
    await runSeatSync();
    expect(extraSub.items.data[0].quantity).toBe(1);

    // The extra seats go unpaid for long: the provider stays sponsored, only extra seats stop.
    await deliverAll(fake.failPayment(extraSub.id, new Date(now.getTime() - 30 * DAY)));
    expect(await status(RAZOM)).toMatchObject({ standing: 'sponsored', graceEndsAt: null });
    const seventh = await invite('seventh@razom.demo', RAZOM);
    expect(seventh.statusCode).toBe(402);
    expect(seventh.json().code).toBe('seat_limit_reached');
  });

  it('is shown to the platform operator with every provider’s billing', async () => {
    const list = (await t.as('operator@pilot.demo', { method: 'GET', url: '/api/v1/billing/providers' })).json();
    const byId = Object.fromEntries(list.items.map((p: { id: string }) => [p.id, p]));
    expect(byId[DEMO_IDS.razom]).toMatchObject({ standing: 'sponsored', pilotSeatLimit: 5, plans: ['pilot', 'monthly'], subscriptionStatus: 'past_due' });
    expect(byId[DEMO_IDS.nadiya]).toMatchObject({ standing: 'canceled', subscriptionStatus: 'canceled' });
  });

  it('is for the operator and the ministry only', async () => {
    for (const who of ['admin@razom.demo', 'supervisor@razom.demo', 'manager1@razom.demo', 'unit1@army.demo']) {
      const res = await t.as(who, { method: 'PUT', url: `/api/v1/billing/providers/${DEMO_IDS.nadiya}/pilot`, payload: { seatLimit: 99 } });
      expect(res.statusCode, who).toBe(404);
    }
    expect((await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/billing/webhook-events' })).statusCode).toBe(403);
    expect((await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/billing' })).statusCode).toBe(403);
    expect((await t.as('unit1@army.demo', { method: 'GET', url: '/api/v1/billing/status' })).statusCode).toBe(403);
  });
});

describe('tenant isolation', () => {
  it("never shows one provider another's billing, and RLS keeps a provider's transaction to its own row", async () => {
    const nadiya = await account();
    expect(nadiya.stripe_customer_id).toMatch(/^cus_/);
    for (const url of ['/api/v1/billing', '/api/v1/billing/invoices', '/api/v1/billing/status']) {
      const res = await t.as('admin@razom.demo', { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body.includes(nadiya.stripe_customer_id), url).toBe(false);
      expect(res.body.includes(nadiya.stripe_subscription_id), url).toBe(false);
    }
    const rows = await t.orm.em.fork({ session: { variables: { 'app.tenant_id': DEMO_IDS.razom } } })
      .transactional((em) => em.execute<{ provider_id: string }[]>(`select provider_id from billing_account`));
    expect(rows.map((r) => r.provider_id)).toEqual([DEMO_IDS.razom]);
  });
});

describe('with no STRIPE_SECRET_KEY', () => {
  let off: TestApp;
  beforeAll(async () => { off = await startTestApp(); });
  afterAll(async () => { await off?.close(); });

  it('switches billing off: every provider behaves as sponsored and nothing errors', async () => {
    await off.as('operator@pilot.demo', { method: 'DELETE', url: `/api/v1/billing/providers/${DEMO_IDS.nadiya}/pilot` });
    const overview = await off.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/billing' });
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({ enabled: false, standing: 'sponsored', availablePlans: [], nextInvoice: null, seats: { allowed: null } });
    expect((await off.as(NADIYA_ADMIN, { method: 'GET', url: '/api/v1/billing/invoices' })).json()).toEqual({ items: [], nextCursor: null });
    const invited = await off.as(NADIYA_ADMIN, { method: 'POST', url: '/api/v1/staff', payload: { email: 'free@nadiya.demo', fullName: 'Без Оплати', roles: ['case_manager'] } });
    expect(invited.statusCode).toBe(201);
    expect(await off.sql(`select 1 from pgboss.job where name = $1`, [QUEUES.billingSeatSync])).toHaveLength(0);
    const checkout = await off.as(NADIYA_ADMIN, { method: 'POST', url: '/api/v1/billing/checkout', payload: { plan: 'monthly' } });
    expect(checkout.statusCode).toBe(409);
    expect(checkout.json().code).toBe('billing_disabled');
    const hook = await off.app.inject({ method: 'POST', url: '/api/v1/billing/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': 'x' }, payload: '{}' });
    expect(hook.statusCode).toBe(404);
  });
});

describe('billing configuration', () => {
  const base = { DATABASE_URL: 'postgresql://u:p@localhost/db' };
  it('is off without a key, even with an empty one', () => {
    expect(loadConfig(base).billing.enabled).toBe(false);
    expect(loadConfig({ ...base, STRIPE_SECRET_KEY: '' }).billing.enabled).toBe(false);
  });
  it('needs the webhook secret and a price with a key, and names what is wrong', () => {
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: SECRET_KEY })).toThrow(/STRIPE_WEBHOOK_SECRET[\s\S]*STRIPE_PRICE_MONTHLY/);
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: 'pk_test_publishable' })).toThrow(/STRIPE_SECRET_KEY/);
    const on = loadConfig({ ...base, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PRICE_YEARLY: 'price_y' });
    expect(on.billing).toMatchObject({ enabled: true, prices: { yearly: 'price_y' }, apiBase: null, graceDays: 14 });
  });
  it('never lets production talk to anything but Stripe', () => {
    const prod = {
      ...base, NODE_ENV: 'production', PUBLIC_URL: 'https://pilot.example', JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEYS: `k1:${newKey()}`, BLIND_INDEX_KEY: newKey(),
    };
    const stripe = { STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PRICE_MONTHLY: 'price_m' };
    expect(() => loadConfig({ ...prod, ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:12111' })).toThrow(/STRIPE_API_BASE/);
    expect(loadConfig({ ...prod, ...stripe }).billing.apiBase).toBeNull();
  });
});
