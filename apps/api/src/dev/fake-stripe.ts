/**
 * A local stand-in for Stripe's HTTP API, for tests and the e2e stack: the official SDK talks to
 * it unchanged (STRIPE_API_BASE). It speaks the endpoints the product uses (customers, checkout
 * and billing portal sessions, subscriptions, subscription items, invoices), serves bare hosted
 * checkout and portal pages, and delivers webhook events signed with the real secret, the way
 * Stripe does. Control endpoints under /_control let a browser test make a payment fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export interface FakePrice { id: string; unitAmount: number; currency: string; interval: 'month' | 'year' }
export interface FakeStripeOptions {
  port?: number;
  secretKey: string;
  webhookSecret: string;
  /** Where events are POSTed (the product's /api/v1/billing/webhook); none → events are only returned. */
  webhookUrl?: string;
  prices: FakePrice[];
}

type Obj = Record<string, any>;
export interface FakeEvent { id: string; object: 'event'; type: string; created: number; data: { object: Obj }; api_version: string; livemode: false; pending_webhooks: number; request: { id: null; idempotency_key: null } }

const DAY = 86_400;
const nowS = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding (`a[b][0][c]=v`) to nested objects and arrays. */
export function parseForm(text: string): Obj {
  const out: Obj = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: any = out;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1]!);
      const k = part === '' ? (node as unknown[]).length : part;
      if (last) node[k] = value;
      else node = node[k] ??= nextIsIndex ? [] : {};
    });
  }
  return out;
}

export class FakeStripe {
  readonly opts: FakeStripeOptions;
  readonly customers = new Map<string, Obj>();
  readonly sessions = new Map<string, Obj>();
  readonly portalSessions = new Map<string, Obj>();
  readonly subscriptions = new Map<string, Obj>();
  readonly invoices = new Map<string, Obj>();
  /** Every API call, for assertions (e.g. the quantity the product set). */
  readonly calls: { method: string; path: string; body: Obj }[] = [];
  readonly delivered: FakeEvent[] = [];
  /** While true every API call answers 500, as during an outage. */
  outage = false;
  #idempotent = new Map<string, { status: number; body: Obj }>();
  #server: Server | null = null;
  #invoiceSeq = 0;
  url = '';

  constructor(opts: FakeStripeOptions) {
    this.opts = opts;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(this.opts.port ?? 0, '127.0.0.1', resolve));
    const address = this.#server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async close() {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server?.closeAllConnections();
  }

  // ---- what Stripe does on its own (a customer pays, a card is declined, ...) ----

  /** The customer pays on the hosted checkout page: subscription, paid invoice, and their events. */
  completeCheckout(sessionId: string): FakeEvent[] {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no checkout session ${sessionId}`);
    if (session.status === 'complete') return [];
    const line = session.line_items[0];
    const price = this.#price(line.price);
    const created = nowS();
    const sub: Obj = {
      id: newId('sub'), object: 'subscription', customer: session.customer, status: 'active', created, currency: price.currency,
      metadata: { ...(session.subscription_data?.metadata ?? {}) }, cancel_at_period_end: false, canceled_at: null, ended_at: null,
      latest_invoice: null,
      items: { object: 'list', has_more: false, url: '/v1/subscription_items', data: [{
        id: newId('si'), object: 'subscription_item', quantity: Number(line.quantity ?? 1), created,
        price: this.#priceObject(price), current_period_start: created, current_period_end: created + this.#period(price),
      }] },
    };
    this.subscriptions.set(sub.id, sub);
    const invoice = this.#invoice(sub, 'paid', created);
    Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: sub.id });
    return [
      this.event('checkout.session.completed', session),
      this.event('customer.subscription.created', sub),
      this.event('invoice.paid', invoice),
    ];
  }

  /** A renewal payment fails: an open invoice dated `at`, the subscription past due. */
  failPayment(subscriptionId: string, at = new Date()): FakeEvent[] {
    const sub = this.#subscription(subscriptionId);
    const invoice = this.#invoice(sub, 'open', Math.floor(at.getTime() / 1000));
    sub.status = 'past_due';
    return [this.event('invoice.payment_failed', invoice), this.event('customer.subscription.updated', sub)];
  }

  /** The open invoices are paid (a new card in the portal, a retry that worked). */
  payOpenInvoices(subscriptionId: string): FakeEvent[] {
    const sub = this.#subscription(subscriptionId);
    const events: FakeEvent[] = [];
    for (const inv of this.invoices.values()) {
      if (inv.parent.subscription_details.subscription === sub.id && inv.status === 'open') {
        Object.assign(inv, { status: 'paid', amount_paid: inv.amount_due, amount_remaining: 0 });
        events.push(this.event('invoice.paid', inv));
      }
    }
    sub.status = 'active';
    events.push(this.event('customer.subscription.updated', sub));
    return events;
  }

  /** The subscription ends (canceled in the portal, or unpaid for too long at Stripe). */
  cancel(subscriptionId: string): FakeEvent[] {
    const sub = this.#subscription(subscriptionId);
    Object.assign(sub, { status: 'canceled', canceled_at: nowS(), ended_at: nowS() });
    return [this.event('customer.subscription.deleted', sub)];
  }

  subscriptionOfProvider(providerId: string): Obj | undefined {
    return [...this.subscriptions.values()].filter((s) => s.metadata.provider_id === providerId).at(-1);
  }

  /** An event as Stripe sends it: a snapshot of the object at this moment. */
  event(type: string, object: Obj): FakeEvent {
    return {
      id: newId('evt'), object: 'event', type, created: nowS(), api_version: Stripe.API_VERSION, livemode: false,
      pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: structuredClone(object) },
    };
  }

  /** Signs a payload with the webhook secret, exactly as Stripe does. */
  sign(payload: string, secret = this.opts.webhookSecret): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret });
  }

  /** POSTs events to the product's webhook endpoint, one after another, as Stripe does. */
  async deliver(events: FakeEvent[]): Promise<number[]> {
    const statuses: number[] = [];
    if (!this.opts.webhookUrl) return statuses;
    for (const event of events) {
      const payload = JSON.stringify(event);
      const res = await fetch(this.opts.webhookUrl, {
        method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': this.sign(payload) }, body: payload,
      });
      statuses.push(res.status);
      this.delivered.push(event);
    }
    return statuses;
  }

  // ---- the HTTP API ----

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      if (url.pathname.startsWith('/v1/')) return await this.#api(req, res, url, raw);
      return await this.#pages(req, res, url, raw);
    } catch (err) {
      this.#json(res, 500, { error: { type: 'api_error', message: (err as Error).message } });
    }
  }

  async #api(req: IncomingMessage, res: ServerResponse, url: URL, raw: string) {
    if (req.headers.authorization !== `Bearer ${this.opts.secretKey}`) {
      return this.#json(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    if (this.outage) return this.#json(res, 500, { error: { type: 'api_error', message: 'Simulated outage' } });
    const method = req.method ?? 'GET';
    const body = method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(raw);
    this.calls.push({ method, path: url.pathname, body });
    const key = req.headers['idempotency-key'];
    const cacheKey = typeof key === 'string' && method === 'POST' ? `${url.pathname}:${key}` : null;
    const replay = cacheKey ? this.#idempotent.get(cacheKey) : undefined;
    if (replay) return this.#json(res, replay.status, replay.body);
    const [status, answer] = this.#route(method, url.pathname.split('/').slice(2), body);
    if (cacheKey && status < 500) this.#idempotent.set(cacheKey, { status, body: answer });
    return this.#json(res, status, answer);
  }

  #route(method: string, parts: string[], body: Obj): [number, Obj] {
    // `/v1/subscriptions/sub_1` → `GET /subscriptions/:id`; fixed words (sessions, create_preview) stay.
    const ids = parts.filter((p) => /^(cus|cs_test|sub|si|in|bps)_/.test(p));
    const route = `${method} /${parts.map((p) => (ids.includes(p) ? ':id' : p)).join('/')}`;
    const id = ids[0] ?? '';
    const missing = (what: string): [number, Obj] => [404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'` } }];
    switch (route) {
      case 'POST /customers': {
        const c = { id: newId('cus'), object: 'customer', name: body.name ?? null, email: body.email ?? null, metadata: body.metadata ?? {}, created: nowS() };
        this.customers.set(c.id, c);
        return [200, c];
      }
      case 'POST /checkout/sessions': {
        if (!this.customers.has(body.customer)) return [400, { error: { type: 'invalid_request_error', message: `No such customer: '${body.customer}'` } }];
        for (const line of body.line_items ?? []) if (!this.opts.prices.some((p) => p.id === line.price)) return [400, { error: { type: 'invalid_request_error', message: `No such price: '${line.price}'` } }];
        const s = {
          id: newId('cs_test'), object: 'checkout.session', mode: body.mode, status: 'open', payment_status: 'unpaid',
          customer: body.customer, client_reference_id: body.client_reference_id ?? null, metadata: body.metadata ?? {},
          subscription_data: body.subscription_data ?? {}, line_items: body.line_items, subscription: null,
          success_url: body.success_url, cancel_url: body.cancel_url, url: '',
        };
        s.url = `${this.url}/checkout/${s.id}`;
        this.sessions.set(s.id, s);
        return [200, this.#publicSession(s)];
      }
      case 'GET /checkout/sessions/:id': {
        const s = this.sessions.get(id);
        return s ? [200, this.#publicSession(s)] : missing('checkout.session');
      }
      case 'POST /billing_portal/sessions': {
        if (!this.customers.has(body.customer)) return [400, { error: { type: 'invalid_request_error', message: `No such customer: '${body.customer}'` } }];
        const p = { id: newId('bps'), object: 'billing_portal.session', customer: body.customer, return_url: body.return_url, flow: body.flow_data ?? null, url: '' };
        p.url = `${this.url}/portal/${p.id}`;
        this.portalSessions.set(p.id, p);
        return [200, p];
      }
      case 'GET /subscriptions/:id': {
        const sub = this.subscriptions.get(id);
        if (!sub) return missing('subscription');
        const expanded = structuredClone(sub);
        if ((body.expand ?? []).includes('latest_invoice') && sub.latest_invoice) expanded.latest_invoice = structuredClone(this.invoices.get(sub.latest_invoice));
        return [200, expanded];
      }
      case 'POST /subscription_items/:id': {
        const sub = [...this.subscriptions.values()].find((s) => s.items.data.some((i: Obj) => i.id === id));
        if (!sub) return missing('subscription_item');
        const item = sub.items.data.find((i: Obj) => i.id === id);
        if (body.quantity !== undefined) item.quantity = Number(body.quantity);
        return [200, item];
      }
      case 'GET /invoices': {
        const all = [...this.invoices.values()].filter((i) => !body.customer || i.customer === body.customer).sort((a, b) => b.created - a.created || (b.id < a.id ? -1 : 1));
        const start = body.starting_after ? all.findIndex((i) => i.id === body.starting_after) + 1 : 0;
        const limit = Number(body.limit ?? 10);
        const data = all.slice(start, start + limit);
        return [200, { object: 'list', url: '/v1/invoices', has_more: start + limit < all.length, data }];
      }
      case 'POST /invoices/create_preview': {
        const sub = this.subscriptions.get(body.subscription);
        if (!sub || sub.customer !== body.customer) return missing('subscription');
        const item = sub.items.data[0];
        const amount = item.price.unit_amount * item.quantity;
        return [200, { id: `upcoming_${sub.id}`, object: 'invoice', customer: sub.customer, status: 'draft', currency: item.price.currency,
          amount_due: amount, total: amount, period_start: item.current_period_start, period_end: item.current_period_end, created: nowS() }];
      }
      default:
        return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${route})` } }];
    }
  }

  /** Hosted pages (checkout, portal) and the control endpoints browser tests use. */
  async #pages(req: IncomingMessage, res: ServerResponse, url: URL, raw: string) {
    const [, area, id, action] = url.pathname.split('/');
    const method = req.method ?? 'GET';
    if (area === 'checkout' && id && this.sessions.has(id)) {
      const s = this.sessions.get(id)!;
      if (method === 'POST' && action === 'pay') {
        await this.deliver(this.completeCheckout(id));
        return this.#redirect(res, s.success_url);
      }
      const price = this.#price(s.line_items[0].price);
      return this.#html(res, 'Checkout (test)', `<h1>Pilot — test checkout</h1>
        <p>${s.line_items[0].quantity} × ${(price.unitAmount / 100).toFixed(2)} ${price.currency.toUpperCase()} / ${price.interval}</p>
        <form method="post" action="/checkout/${id}/pay"><button type="submit">Pay</button></form>
        <p><a href="${s.cancel_url}">Cancel</a></p>`);
    }
    if (area === 'portal' && id && this.portalSessions.has(id)) {
      const p = this.portalSessions.get(id)!;
      const sub = [...this.subscriptions.values()].filter((x) => x.customer === p.customer).at(-1);
      if (method === 'POST' && action === 'cancel' && sub) {
        await this.deliver(this.cancel(sub.id));
        return this.#redirect(res, p.return_url);
      }
      return this.#html(res, 'Billing portal (test)', `<h1>Pilot — test billing portal</h1>
        ${sub ? `<form method="post" action="/portal/${id}/cancel"><button type="submit">Cancel subscription</button></form>` : ''}
        <p><a href="${p.return_url}">Return</a></p>`);
    }
    if (area === 'invoices' && id && this.invoices.has(id)) {
      const inv = this.invoices.get(id)!;
      return this.#html(res, `Invoice ${inv.number}`, `<h1>Invoice ${inv.number} (test)</h1>
        <p>${(inv.total / 100).toFixed(2)} ${String(inv.currency).toUpperCase()} — ${inv.status}</p>`);
    }
    // /_control/providers/<provider id>/<fail|pay|cancel>, body: {"daysAgo": n}
    if (area === '_control' && method === 'POST') {
      const [, , , providerId, verb] = url.pathname.split('/');
      const sub = this.subscriptionOfProvider(providerId ?? '');
      if (!sub) return this.#json(res, 404, { error: 'no subscription for this provider' });
      const daysAgo = Number((raw ? JSON.parse(raw) : {}).daysAgo ?? 0);
      const events = verb === 'fail' ? this.failPayment(sub.id, new Date(Date.now() - daysAgo * DAY * 1000))
        : verb === 'pay' ? this.payOpenInvoices(sub.id)
          : verb === 'cancel' ? this.cancel(sub.id) : null;
      if (!events) return this.#json(res, 404, { error: 'unknown control' });
      return this.#json(res, 200, { subscription: sub.id, delivered: await this.deliver(events) });
    }
    return this.#json(res, 404, { error: 'not found' });
  }

  #price(id: string): FakePrice {
    const p = this.opts.prices.find((x) => x.id === id);
    if (!p) throw new Error(`no price ${id}`);
    return p;
  }

  #priceObject(p: FakePrice) {
    return { id: p.id, object: 'price', unit_amount: p.unitAmount, currency: p.currency, recurring: { interval: p.interval, interval_count: 1 }, type: 'recurring' };
  }

  #period(p: FakePrice) {
    return p.interval === 'year' ? 365 * DAY : 30 * DAY;
  }

  #subscription(id: string): Obj {
    const sub = this.subscriptions.get(id);
    if (!sub) throw new Error(`no subscription ${id}`);
    return sub;
  }

  #invoice(sub: Obj, status: 'paid' | 'open', created: number): Obj {
    const item = sub.items.data[0];
    const amount = item.price.unit_amount * item.quantity;
    const inv = {
      id: newId('in'), object: 'invoice', customer: sub.customer, status, currency: item.price.currency, created,
      number: `PILOT-${String(++this.#invoiceSeq).padStart(4, '0')}`, total: amount, amount_due: amount,
      amount_paid: status === 'paid' ? amount : 0, amount_remaining: status === 'paid' ? 0 : amount,
      period_start: created, period_end: created + this.#period(this.#price(item.price.id)),
      hosted_invoice_url: '', invoice_pdf: null,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: sub.id, metadata: sub.metadata } },
    };
    inv.hosted_invoice_url = `${this.url}/invoices/${inv.id}`;
    this.invoices.set(inv.id, inv);
    sub.latest_invoice = inv.id;
    return inv;
  }

  #publicSession(s: Obj) {
    const { line_items: _lines, subscription_data: _data, ...rest } = s;
    return rest;
  }

  #json(res: ServerResponse, status: number, body: Obj) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') });
    res.end(JSON.stringify(body));
  }

  #html(res: ServerResponse, title: string, body: string) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`);
  }

  #redirect(res: ServerResponse, location: string) {
    res.writeHead(303, { location });
    res.end();
  }
}

/** The test prices every fake knows (UAH, in kopiykas). */
export const FAKE_PRICES: FakePrice[] = [
  { id: 'price_test_monthly', unitAmount: 50_000, currency: 'uah', interval: 'month' },
  { id: 'price_test_yearly', unitAmount: 500_000, currency: 'uah', interval: 'year' },
];
