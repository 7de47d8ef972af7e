import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { randomUUID } from 'node:crypto';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Orm } from './db/orm.ts';
import { loggerOptions } from './logger.ts';
import errors from './plugins/errors.ts';
import jsonBody from './plugins/json-body.ts';
import openapi from './plugins/openapi.ts';
import db from './plugins/db.ts';
import auth from './plugins/auth.ts';
import jobs from './plugins/jobs.ts';
import metrics from './plugins/metrics.ts';
import rateLimits from './plugins/rate-limit.ts';
import health from './modules/health/routes.ts';
import { registerModules } from './modules/index.ts';
import { createMailer, type Mailer } from './lib/mailer.ts';
import { registerJobHandlers } from './jobs/handlers.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { Billing } from './modules/billing/stripe.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    mailer: Mailer;
    /** "Now" for time-based rules (TOTP steps, billing grace, deadlines); tests move it. */
    clock: Clock;
    billing: Billing;
  }
}

export interface AppDeps { orm: Orm; runWorkers?: boolean; logger?: boolean; clock?: Clock }

const REQUEST_ID = /^[\w.:-]{8,128}$/;

/** Fastify's trust setting; a hop count becomes "trust the nearest N addresses". */
function trustProxy(setting: Config['TRUST_PROXY']) {
  if (setting === false) return ['127.0.0.1', '::1'];
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting;
}

/** Builds the API: plugins first, then the feature modules under /api/v1. Does not listen. */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === false ? false : loggerOptions(config),
    // The web app calls the API over loopback and forwards the browser's address; behind an
    // ingress or a separate web tier (TRUST_PROXY=<hops>) their X-Forwarded-For is trusted too.
    trustProxy: trustProxy(config.TRUST_PROXY),
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('clock', deps.clock ?? systemClock);
  app.decorate('billing', new Billing(config.billing, app.clock));
  const mailer = createMailer(config);
  app.decorate('mailer', mailer);
  app.addHook('onClose', async () => mailer.close());
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // Answers about people must not linger in shared or browser caches.
    if (req.url.startsWith('/api/v1/')) reply.header('cache-control', 'no-store');
  });

  await app.register(metrics);
  await app.register(jsonBody);
  await app.register(errors);
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimits, { orm: deps.orm });
  await app.register(openapi);
  await app.register(db, { orm: deps.orm });
  await app.register(auth, { config });
  await app.register(jobs, { url: config.DATABASE_URL, runWorkers: deps.runWorkers ?? false });
  await app.register(health, { prefix: '/api' });
  await app.register(registerModules, { prefix: '/api/v1' });
  registerJobHandlers(app);
  return app;
}
