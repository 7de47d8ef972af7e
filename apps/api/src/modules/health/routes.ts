import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrations } from '../../migrations/index.ts';

const ZHealth = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

/** Liveness (process up) and readiness (database reachable, every migration applied). */
export default async function healthRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const config = { tx: false, public: true, rateLimit: false } as const;

  app.get('/health', { config, schema: { tags: ['health'], response: { 200: ZHealth } } }, async () => ({ status: 'ok' as const }));

  app.get('/ready', { config, schema: { tags: ['health'], response: { 200: ZHealth, 503: ZHealth } } }, async (_req, reply) => {
    try {
      const names = migrations.map((m) => m.name);
      const [row] = await root.orm.em.getConnection().execute<{ applied: number }[]>(
        `select count(*)::int as applied from mikro_orm_migrations where name in (?)`, [names]);
      const pending = names.length - (row?.applied ?? 0);
      if (pending > 0) {
        reply.code(503);
        return { status: 'unavailable' as const, checks: { database: 'ok', migrations: `${pending} pending` } };
      }
      return { status: 'ok' as const, checks: { database: 'ok', migrations: 'ok' } };
    } catch (err) {
      root.log.warn({ err }, 'readiness check failed');
      reply.code(503);
      return { status: 'unavailable' as const, checks: { database: 'unreachable', migrations: 'unknown' } };
    }
  });
}
