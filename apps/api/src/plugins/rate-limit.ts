/**
 * Rate limits per client address, counted in PostgreSQL so that every API replica sees the same
 * counters (ADR 16). Three budgets, each one counter per address across its routes:
 * - API calls (the default of every route),
 * - sign-in and token requests (`signInLimit`, stricter, also for calls the web app makes for
 *   the person),
 * - page views of the web app served by this process (`pageViews`, counted once per page: the
 *   API calls a page makes in-process are not counted again).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { Orm } from '../db/orm.ts';
import { isInProcess } from '../lib/in-process.ts';
import { Problem } from '../lib/problems.ts';
import { RateCounters, type Count } from '../lib/rate-counters.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts one page view of the request's address; `retryAfter` (seconds) when over the limit. */
    pageViews(req: FastifyRequest): Promise<{ allowed: true } | { allowed: false; retryAfter: number }>;
    /** The shared rate-limit counters (tests flush them to see other instances' counts). */
    rateCounters: RateCounters;
  }
}

type Callback = (err: Error | null, result?: Count) => void;

/** Budgets counted exactly (a round trip each); the others are batched (lib/rate-counters.ts). */
const EXACT_GROUPS = new Set(['sign-in']);

/** A @fastify/rate-limit store over the shared counters; every limiter and route uses the one. */
function sharedStore(counters: RateCounters) {
  return class SharedStore {
    incr(key: string, done: Callback, timeWindow: number) {
      if (!EXACT_GROUPS.has(key.slice(key.lastIndexOf('|') + 1))) return done(null, counters.batched(key, timeWindow));
      counters.exact(key, timeWindow).then((r) => done(null, r), done);
    }
    child() {
      return this;
    }
  };
}

/** Deletes counters whose window has ended (the `rate-limits.prune` job). */
export async function pruneRateLimits(orm: Orm): Promise<number> {
  const res = await orm.em.getConnection().execute<{ affectedRows: number }>(
    'delete from rate_limit_hit where window_ends < clock_timestamp()', [], 'run');
  return res.affectedRows;
}

const addressOf = (req: FastifyRequest) => normalizeIP(req.ip);
/** Replaces the default budget's exemption of in-process calls. */
const countEveryCall = () => false;

/** Route config of sign-in and token routes: their own, stricter budget, also for in-process calls. */
export function signInLimit(app: FastifyInstance) {
  return {
    max: app.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => `${addressOf(req)}|sign-in`,
    allowList: countEveryCall,
  };
}

const tooMany = (retryAfter: number) =>
  new Problem(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s`, { extra: { retryAfter } });

export default fp(async function rateLimits(app: FastifyInstance, opts: { orm: Orm }) {
  const counters = new RateCounters(opts.orm);
  app.decorate('rateCounters', counters);
  // What was counted here reaches the other replicas before the pool closes.
  app.addHook('preClose', () => counters.flush());
  await app.register(rateLimit, {
    // The default budget is applied below, before authentication; routes with a budget of
    // their own (sign-in) get the plugin's route hook.
    global: false,
    store: sharedStore(counters),
    errorResponseBuilder: (_req, context) => Object.assign(tooMany(Math.max(1, Math.ceil(context.ttl / 1000))), { statusCode: context.statusCode }),
  });
  const apiCalls = app.createRateLimit({
    max: app.config.RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => `${addressOf(req)}|api`,
    // A page's own API calls are counted as that one page view (pageViews), not again here.
    allowList: (req: FastifyRequest) => isInProcess(req),
  });
  // Registered before the auth plugin's hook, so refused tokens count too.
  app.addHook('onRequest', async (req, reply) => {
    // `false`: exempt (health, docs, pages); an object: the route's own budget.
    if (req.routeOptions.config?.rateLimit !== undefined) return;
    const r = await apiCalls(req);
    if (r.isAllowed || !r.isExceeded) return;
    const retryAfter = Math.max(1, r.ttlInSeconds);
    reply.header('retry-after', retryAfter);
    throw tooMany(retryAfter);
  });
  const pageLimiter = app.createRateLimit({
    max: app.config.RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => `${addressOf(req)}|page`,
    allowList: countEveryCall,
  });
  app.decorate('pageViews', async (req: FastifyRequest) => {
    const r = await pageLimiter(req);
    if (r.isAllowed || !r.isExceeded) return { allowed: true as const };
    return { allowed: false as const, retryAfter: Math.max(1, r.ttlInSeconds) };
  });
});
