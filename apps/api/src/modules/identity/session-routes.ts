import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams, ZSessionList } from '@pilot/contracts';
import { iso } from '../../lib/pagination.ts';
import { notFound } from '../../lib/problems.ts';
import { revokeSession, revokeUserSessions } from './sessions.ts';

interface SessionRow { id: string; user_agent: string | null; ip: string | null; created_at: Date; last_used_at: Date }

/** A person's signed-in devices: see them, end one, or end all but this one. */
export default async function sessionRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'me.read' } as const;

  app.get('/me/sessions', {
    config: cfg,
    schema: { tags: ['account'], summary: 'Active sessions of the signed-in user', response: { 200: ZSessionList } },
  }, async (req) => {
    const rows = await req.em.execute<SessionRow[]>(
      `select id, user_agent, ip, created_at, last_used_at from auth_session
        where user_id = ? and revoked_at is null and expires_at > now() order by last_used_at desc limit 100`,
      [req.actor!.userId],
    );
    return {
      items: rows.map((r) => ({
        id: r.id, userAgent: r.user_agent, ip: r.ip, createdAt: iso(r.created_at)!, lastUsedAt: iso(r.last_used_at)!,
        current: r.id === req.actor!.sessionId,
      })),
    };
  });

  app.delete('/me/sessions/:id', {
    config: cfg,
    schema: { tags: ['account'], summary: 'End one of your sessions', params: ZIdParams },
  }, async (req, reply) => {
    const [own] = await req.em.execute(`select 1 from auth_session where id = ? and user_id = ? and revoked_at is null`, [req.params.id, req.actor!.userId]);
    if (!own) throw notFound();
    await revokeSession(req.em, req.params.id, 'revoked_by_user');
    req.audit('auth.session_revoked', 'auth_session', req.params.id);
    reply.code(204);
  });

  app.post('/me/sessions/revoke-others', {
    config: cfg,
    schema: { tags: ['account'], summary: 'End every session but this one' },
  }, async (req, reply) => {
    await revokeUserSessions(req.em, req.actor!.userId, 'revoked_by_user', req.actor!.sessionId);
    req.audit('auth.sessions_revoked', 'user', req.actor!.userId);
    reply.code(204);
  });
}
