import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams, ZNotificationPage, ZNotificationQuery, ZUnreadCount, type TNotification } from '@pilot/contracts';
import { notFound } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';

interface Row { id: string; kind: string; title: string; body: string; link: string | null; created_at: Date; read_at: Date | null }

const toNotification = (r: Row): TNotification => ({
  id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: iso(r.created_at)!, readAt: iso(r.read_at),
});

/** The signed-in user's own notifications: every query is keyed by their user id. */
export default async function notificationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'notifications.read' } as const;

  app.get('/notifications', {
    config: cfg,
    schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: ZNotificationQuery, response: { 200: ZNotificationPage } },
  }, async (req) => {
    const { limit, cursor, unread } = req.query;
    const after = decodeCursor(cursor, ['time', 'uuid']);
    const params: unknown[] = [req.actor!.userId];
    let sql = `select id, kind, title, body, link, created_at, read_at from notification where user_id = ?`;
    if (unread === 'true') sql += ` and read_at is null`;
    if (unread === 'false') sql += ` and read_at is not null`;
    if (after) { sql += ` and (created_at, id) < (?::timestamptz, ?::uuid)`; params.push(after[0], after[1]); }
    sql += ` order by created_at desc, id desc limit ?`;
    params.push(limit + 1);
    const page = toPage(await req.em.execute<Row[]>(sql, params), limit, (r) => [iso(r.created_at)!, r.id]);
    return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
  });

  app.get('/notifications/unread-count', {
    config: cfg,
    schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', response: { 200: ZUnreadCount } },
  }, async (req) => {
    const [row] = await req.em.execute<{ n: number }[]>(
      `select count(*)::int as n from notification where user_id = ? and read_at is null`, [req.actor!.userId]);
    return { unread: row!.n };
  });

  app.post('/notifications/:id/read', {
    config: cfg,
    schema: { tags: ['notifications'], summary: 'Mark one notification read', params: ZIdParams },
  }, async (req, reply) => {
    const rows = await req.em.execute(
      `update notification set read_at = coalesce(read_at, now()) where id = ? and user_id = ? returning id`, [req.params.id, req.actor!.userId]);
    if (!rows.length) throw notFound();
    reply.code(204);
  });

  app.post('/notifications/read-all', {
    config: cfg,
    schema: { tags: ['notifications'], summary: 'Mark all my notifications read' },
  }, async (req, reply) => {
    await req.em.execute(`update notification set read_at = now() where user_id = ? and read_at is null`, [req.actor!.userId]);
    reply.code(204);
  });
}
