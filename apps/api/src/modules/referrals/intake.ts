import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ZIntake, ZIntakePause, type TIntake } from '@pilot/contracts';
import { conflict } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { IntakePause } from './entities.ts';

/** The provider's open pause, if any (read without the tenant filter: unit contacts and the ministry ask too). */
export async function openIntakePause(em: EntityManager, providerId: string) {
  return em.findOne(IntakePause, { providerId, endedAt: null }, { filters: { tenant: false } });
}

async function intakeOf(req: FastifyRequest): Promise<TIntake> {
  const pause = await openIntakePause(req.em, req.actor!.providerId!);
  return { paused: Boolean(pause), since: iso(pause?.startedAt), reason: pause?.reason ?? null };
}

/**
 * A provider at capacity pauses intake: new referrals from its units are refused at once with
 * the reason and the provider's phone, and the ministry sees the pause until it is lifted.
 */
export default async function intakeRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'intake.manage' } as const;

  app.get('/intake', {
    config: cfg,
    schema: { tags: ['referrals'], summary: 'Whether we take new referrals', response: { 200: ZIntake } },
  }, async (req) => intakeOf(req));

  app.post('/intake/pause', {
    config: cfg,
    schema: { tags: ['referrals'], summary: 'Pause intake (at capacity)', body: ZIntakePause, response: { 200: ZIntake } },
  }, async (req) => {
    if (await openIntakePause(req.em, req.actor!.providerId!)) throw conflict('intake_already_paused', 'Intake is already paused');
    const pause = req.em.create(IntakePause, {
      providerId: req.actor!.providerId!, reason: req.body.reason, startedAt: app.clock(), startedBy: req.actor!.userId,
    });
    req.audit('intake.pause', 'intake_pause', pause.id, { reason: req.body.reason });
    await req.em.flush();
    return intakeOf(req);
  });

  app.post('/intake/resume', {
    config: cfg,
    schema: { tags: ['referrals'], summary: 'Take referrals again', response: { 200: ZIntake } },
  }, async (req) => {
    const pause = await openIntakePause(req.em, req.actor!.providerId!);
    if (!pause) throw conflict('intake_not_paused', 'Intake is not paused');
    pause.endedAt = app.clock();
    pause.endedBy = req.actor!.userId;
    req.audit('intake.resume', 'intake_pause', pause.id);
    await req.em.flush();
    return intakeOf(req);
  });
}
